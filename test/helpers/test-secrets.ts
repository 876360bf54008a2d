import { randomBytes } from 'node:crypto';

/** Secrets for servers under test; instances that must agree share one set. */
export function testSecrets(): Record<string, string> {
  return {
    COOKIE_KEYS: randomBytes(32).toString('base64url'),
    DATA_ENCRYPTION_KEYS: randomBytes(32).toString('base64'),
  };
}
