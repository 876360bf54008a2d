// Guessing user codes at ISSUER/device: each wrong code counts against the address it came from, and an
// address with too many is refused before oidc-provider looks the code up. (A code has 8 characters of 20,
// 2.5e10 possibilities, alive for minutes: with a handful of tries an hour, guessing one is hopeless.)
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';

import { PROVIDER_ROUTES } from '../../provider/routes.js';
import type { AttemptThrottle } from '../../throttling/attempt-throttle.js';
import { WRONG_DEVICE_CODE, type DevicePages } from './device-pages.js';

export function deviceCodeThrottle(throttle: AttemptThrottle, pages: Pick<DevicePages, 'throttled'>): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== PROVIDER_ROUTES.code_verification) {
      return next();
    }
    // The address is the subject too: no shared counter that one guesser could fill for everyone.
    const verdict = await throttle.check(ctx.ip, ctx.ip);
    if (!verdict.allowed) {
      pages.throttled(ctx as KoaContextWithOIDC, verdict.retryAfterSeconds);
      return;
    }
    await next();
    if (ctx.state[WRONG_DEVICE_CODE] === true) {
      await throttle.fail(ctx.ip, ctx.ip);
    }
  };
}
