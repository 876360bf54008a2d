import { describeUserAgent } from '../../accounts/describe-user-agent.js';

/** The name a new passkey is offered, from the browser it is made on: 'Chrome on Linux' (the version changes, the passkey stays). */
export function suggestedPasskeyName(userAgent: string | undefined): string {
  const device = describeUserAgent(userAgent);
  return `${device.browser.replace(/\s+\d+$/, '')} on ${device.platform}`;
}
