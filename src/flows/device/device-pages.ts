// The device authorization grant's pages at ISSUER/device (RFC 8628), which oidc-provider asks us to draw:
// enter the code the device shows, check which application on which device asks for what (Allow or
// Deny), and the end. oidc-provider's own forms carry its anti-forgery value; ours carry the same fields.
import type { KoaContextWithOIDC } from 'oidc-provider';

import { describeUserAgent } from '../../accounts/describe-user-agent.js';
import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';
import { PROVIDER_ROUTES } from '../../provider/routes.js';
import { describeScopes } from '../consent/scope-descriptions.js';

/** Set on a request whose code was not found: the device-code throttle counts it. */
export const WRONG_DEVICE_CODE = 'wrongDeviceCode';

export const DeviceMessages = {
  enterCode: 'Enter the code your device shows.',
  wrongCode: 'That code is not right. Check it on your device and try again.',
  expired: 'That code has expired. Start again on your device to get a new one.',
  used: 'That code was used already. Start again on your device to get a new one.',
  denied: 'Denied: the device will not be signed in. If you did not start this yourself, nothing more is needed.',
  failed: 'Something went wrong with that code. Try again.',
  throttled: (seconds: number) => {
    const [amount, unit] = seconds < 60 ? [seconds, 'second'] : [Math.ceil(seconds / 60), 'minute'];
    return `Too many wrong codes from here. Wait ${amount} ${unit}${amount === 1 ? '' : 's'}, then try again.`;
  },
} as const;

const ERROR_MESSAGES: Record<string, string> = {
  NoCodeError: DeviceMessages.enterCode,
  NotFoundError: DeviceMessages.wrongCode,
  ExpiredError: DeviceMessages.expired,
  AlreadyUsedError: DeviceMessages.used,
  AbortedError: DeviceMessages.denied,
};

export interface DevicePages {
  /** `form` is oidc-provider's (op.deviceInputForm); `error`, why the last code was not taken. */
  input(ctx: KoaContextWithOIDC, form: string, error?: Error): void;
  /** `form` is oidc-provider's (op.deviceConfirmForm), for the code the user entered. */
  confirm(ctx: KoaContextWithOIDC, form: string, client: { clientId: string; clientName?: string | undefined }, device: DeviceInfo, userCode: string): void;
  success(ctx: KoaContextWithOIDC): void;
  /** Before oidc-provider: the throttle refused this address. */
  throttled(ctx: KoaContextWithOIDC, retryAfterSeconds: number): void;
}

/** What oidc-provider recorded of the device when it asked for its code (features.deviceFlow.deviceInfo). */
export interface DeviceInfo {
  readonly ip?: string;
  readonly ua?: string;
}

export function createDevicePages(renderer: Renderer): DevicePages {
  const action = PROVIDER_ROUTES.code_verification;
  const showInput = (ctx: KoaContextWithOIDC, model: { xsrf?: string | undefined; error?: string | undefined }, status: number) =>
    sendPage(ctx, renderer.render('device-code', { title: 'Connect a device' }, { ...model, action }), { status });

  return {
    input(ctx, form, error) {
      if (error?.name === 'NotFoundError' || error?.name === 'NoCodeError') {
        ctx.state[WRONG_DEVICE_CODE] = error.name === 'NotFoundError';
      }
      const message = error ? ERROR_MESSAGES[error.name] ?? DeviceMessages.failed : undefined;
      showInput(ctx, { xsrf: xsrfOf(form), error: message }, !error || error.name === 'AbortedError' ? 200 : 400);
    },
    confirm(ctx, form, client, device, userCode) {
      const scope = ctx.oidc.entities.DeviceCode?.params?.['scope'];
      const clientName = client.clientName ?? client.clientId;
      const described = describeUserAgent(device.ua);
      sendPage(ctx, renderer.render('device-confirm', { title: `Allow ${clientName}?` }, {
        action, xsrf: xsrfOf(form), userCode, clientName,
        permissions: describeScopes(typeof scope === 'string' ? scope.split(' ').filter(Boolean) : []),
        device: device.ua ? `${described.browser} on ${described.platform}` : 'an unknown device',
        address: device.ip,
      }));
    },
    success(ctx) {
      const client = ctx.oidc.client;
      sendPage(ctx, renderer.render('device-done', { title: 'Device connected' }, { clientName: client?.clientName ?? client?.clientId }));
    },
    throttled(ctx, retryAfterSeconds) {
      ctx.set('Retry-After', String(retryAfterSeconds));
      showInput(ctx, { error: DeviceMessages.throttled(retryAfterSeconds) }, 429);
    },
  };
}

/** The anti-forgery value of oidc-provider's device form: ours posts it back with the user's fields. */
function xsrfOf(form: string): string {
  const value = /name="xsrf" value="([^"]*)"/.exec(form)?.[1];
  if (value === undefined) {
    throw new Error('oidc-provider device form without its xsrf value');
  }
  return value;
}
