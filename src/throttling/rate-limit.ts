// Request quotas for an API: so many requests per window for each key (a token, an address), counted in
// the state store so every instance shares them. Fixed windows aligned to the clock: one atomic increment
// per key and request, and the reset time is known without asking the store.
import type { StateStore } from '../storage/state/state-store.js';

export interface QuotaPolicy {
  /** Names the policy in the RateLimit headers. */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface QuotaUse {
  readonly policy: QuotaPolicy;
  readonly allowed: boolean;
  readonly remaining: number;
  /** Seconds until the window starts again. */
  readonly resetSeconds: number;
}

export interface RateLimiter {
  take(key: string): Promise<QuotaUse>;
}

export function createRateLimiter(store: StateStore, scope: string, policy: QuotaPolicy, now: () => number = Date.now): RateLimiter {
  return {
    async take(key) {
      const seconds = Math.floor(now() / 1000);
      const window = Math.floor(seconds / policy.windowSeconds);
      const resetSeconds = (window + 1) * policy.windowSeconds - seconds;
      const count = await store.increment(`ratelimit:${scope}:${policy.name}:${key}:${window}`, resetSeconds);
      return { policy, allowed: count <= policy.limit, remaining: Math.max(0, policy.limit - count), resetSeconds };
    },
  };
}

/**
 * The headers of draft-ietf-httpapi-ratelimit-headers (RateLimit-Policy and RateLimit, structured fields)
 * for the quotas a request used; Retry-After as well when one of them is spent.
 */
export function rateLimitHeaders(uses: readonly QuotaUse[]): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Policy': uses.map((use) => `"${use.policy.name}";q=${use.policy.limit};w=${use.policy.windowSeconds}`).join(', '),
    'RateLimit': uses.map((use) => `"${use.policy.name}";r=${use.remaining};t=${use.resetSeconds}`).join(', '),
  };
  const spent = uses.filter((use) => !use.allowed);
  if (spent.length > 0) {
    headers['Retry-After'] = String(Math.max(...spent.map((use) => use.resetSeconds)));
  }
  return headers;
}
