// The Admin API's quotas: every call counts against the caller's address, and against its token when it
// sends one (counted before the token is checked, so a flood of made-up tokens is stopped by the address's
// quota without a lookup each). Each answer carries the RateLimit headers of the quota nearer its end; a spent
// quota answers 429 with Retry-After.
import { createHash } from 'node:crypto';

import type { Context, Middleware } from 'koa';

import { rateLimitHeaders, type QuotaUse, type RateLimiter } from '../../throttling/rate-limit.js';
import { ApiProblem } from './problem.js';

export interface ApiQuotas {
  readonly perToken: RateLimiter;
  readonly perAddress: RateLimiter;
}

// The token itself never becomes a key in the store: a digest of it does.
const tokenKey = (authorization: string) => createHash('sha256').update(authorization).digest('base64url');

export function apiQuota(quotas: ApiQuotas): Middleware {
  return async (ctx: Context, next) => {
    const uses: QuotaUse[] = [await quotas.perAddress.take(ctx.ip)];
    const authorization = ctx.get('authorization');
    if (uses[0]!.allowed && authorization) {
      uses.push(await quotas.perToken.take(tokenKey(authorization)));
    }
    // The quota that ends first is the one a client must pace itself by.
    const nearest = uses.reduce((a, b) => (!b.allowed || (a.allowed && b.remaining < a.remaining) ? b : a));
    for (const [name, value] of Object.entries(rateLimitHeaders([nearest]))) {
      ctx.set(name, value);
    }
    if (!nearest.allowed) {
      throw new ApiProblem('rate_limited', 429,
        `Too many requests ${nearest.policy.name === 'per-token' ? 'with this access token' : 'from this address'}: try again in ${nearest.resetSeconds} seconds.`);
    }
    await next();
  };
}
