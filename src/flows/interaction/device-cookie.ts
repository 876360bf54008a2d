// The browser's device id: random, in a signed cookie that lasts a year. Trust is kept server-side,
// per account (accounts/trusted-devices); the cookie alone proves nothing.
import type { Context } from 'koa';

import type { DeviceContext } from '../../accounts/trusted-devices.js';
import { randomToken } from '../../core/random-token.js';

const COOKIE = 'device';
const YEAR_MS = 365 * 24 * 3600 * 1000;

export function readDeviceId(ctx: Context): string | undefined {
  const value = ctx.cookies.get(COOKIE, { signed: true });
  return value && /^[A-Za-z0-9_-]{22,64}$/.test(value) ? value : undefined;
}

export function ensureDeviceId(ctx: Context): string {
  const existing = readDeviceId(ctx);
  if (existing) {
    return existing;
  }
  const deviceId = randomToken(24);
  ctx.cookies.set(COOKIE, deviceId, { signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: YEAR_MS, path: '/' });
  return deviceId;
}

export function deviceContext(ctx: Context): DeviceContext {
  return { deviceId: readDeviceId(ctx), ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined };
}
