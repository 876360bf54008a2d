// RFC 6238 time-based one-time passcodes (otplib): 6 digits, 30-second steps, SHA-1 (what authenticator
// apps expect), accepted within one step either way.
import { generate, generateSecret, generateURI, verify } from 'otplib';

export const TOTP_PERIOD_SECONDS = 30;

export type TotpCheck = { readonly valid: false } | { readonly valid: true; readonly timeStep: number };

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, email: string, issuer: string): string {
  return generateURI({ issuer, label: email, secret });
}

export async function checkTotp(secret: string, token: string, now: Date): Promise<TotpCheck> {
  if (!/^\d{6}$/.test(token)) {
    return { valid: false };
  }
  const result = await verify({
    secret, token, epoch: Math.floor(now.getTime() / 1000), period: TOTP_PERIOD_SECONDS, epochTolerance: TOTP_PERIOD_SECONDS,
  });
  return result.valid && 'timeStep' in result ? { valid: true, timeStep: result.timeStep } : { valid: false };
}

/** The code of the moment (tests, and the benchmark, play the authenticator app). */
export function totpCode(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000), period: TOTP_PERIOD_SECONDS });
}
