// Brute-force defence for a form (sign-in, verification code, ...): growing delays after a few
// consecutive failures of one subject (an email) from one IP, then a temporary block; slower limits on the
// subject alone (across networks) and on the IP alone (across subjects). Throttling one IP never stops the
// owner from another network until the slower per-subject limit is reached.
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

import { UnavailableError } from '../core/unavailable-error.js';
import type { LimiterFactory } from './limiter-factory.js';

export interface LimitPolicy {
  readonly max: number;
  readonly windowSeconds: number;
  readonly blockSeconds: number;
}

export interface ThrottlePolicy {
  /** Consecutive failures of one subject from one IP; a success starts again. */
  readonly consecutive: LimitPolicy;
  /** From this many consecutive failures on, each next attempt waits 1, 2, 4, ... seconds, up to maxSeconds. */
  readonly delay: { readonly after: number; readonly maxSeconds: number };
  readonly perSubject: LimitPolicy;
  readonly perIp: LimitPolicy;
}

export interface Verdict {
  readonly allowed: boolean;
  /** When not allowed: how long to wait. */
  readonly retryAfterSeconds: number;
  /** Not allowed because of a block (as opposed to a short delay). */
  readonly blocked: boolean;
}

export interface AttemptThrottle {
  check(subject: string, ip: string): Promise<Verdict>;
  /** Counts a failure; says whether it started a block (the moment to tell the account's owner). */
  fail(subject: string, ip: string): Promise<{ readonly blockStarted: boolean; readonly verdict: Verdict }>;
  succeed(subject: string, ip: string): Promise<void>;
}

const ALLOWED: Verdict = { allowed: true, retryAfterSeconds: 0, blocked: false };

export function createAttemptThrottle(factory: LimiterFactory, name: string, policy: ThrottlePolicy): AttemptThrottle {
  // A limiter blocks when its points are exceeded: max - 1 points make the max-th failure the one that blocks.
  const limiter = (kind: string, limit: LimitPolicy) => factory.create({
    name: `${name}:${kind}`, points: limit.max - 1, durationSeconds: limit.windowSeconds, blockSeconds: limit.blockSeconds,
  });
  const consecutive = limiter('pair', policy.consecutive);
  const perSubject = limiter('subject', policy.perSubject);
  const perIp = limiter('ip', policy.perIp);
  const delay = factory.create({ name: `${name}:delay`, points: 1, durationSeconds: policy.delay.maxSeconds, blockSeconds: 0 });
  const pairKey = (subject: string, ip: string) => `${subject}|${ip}`;

  const check: AttemptThrottle['check'] = async (subject, ip) => {
    const [pair, bySubject, byIp, wait] = await storeCall(Promise.all([
      consecutive.get(pairKey(subject, ip)), perSubject.get(subject), perIp.get(ip), delay.get(pairKey(subject, ip)),
    ]));
    const blocks = [[pair, consecutive], [bySubject, perSubject], [byIp, perIp]] as const;
    const blockedFor = Math.max(0, ...blocks.filter(([res, lim]) => isOver(res, lim)).map(([res]) => res!.msBeforeNext));
    if (blockedFor > 0) {
      return { allowed: false, retryAfterSeconds: Math.ceil(blockedFor / 1000), blocked: true };
    }
    if (isOver(wait, delay)) {
      return { allowed: false, retryAfterSeconds: Math.ceil(wait!.msBeforeNext / 1000), blocked: false };
    }
    return ALLOWED;
  };

  return {
    check,
    async fail(subject, ip) {
      const key = pairKey(subject, ip);
      const [pair, bySubject] = await Promise.all([count(consecutive, key), count(perSubject, subject), count(perIp, ip)]);
      const blockStarted = pair.consumedPoints === consecutive.points + 1 || bySubject.consumedPoints === perSubject.points + 1;
      const failures = pair.consumedPoints;
      if (failures >= policy.delay.after && failures <= consecutive.points) {
        const seconds = Math.min(2 ** (failures - policy.delay.after), policy.delay.maxSeconds);
        await storeCall(delay.block(key, seconds));
      }
      return { blockStarted, verdict: await check(subject, ip) };
    },
    async succeed(subject, ip) {
      const key = pairKey(subject, ip);
      await storeCall(Promise.all([consecutive.delete(key), delay.delete(key)]));
    },
  };
}

function isOver(res: RateLimiterRes | null, limiter: RateLimiterAbstract): boolean {
  return res !== null && res.consumedPoints > limiter.points && res.msBeforeNext > 0;
}

/** Consumes one point; over the limit, rate-limiter-flexible rejects with the same kind of result. */
async function count(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return error;
    }
    throw new UnavailableError('store', error);
  }
}

/** The limiters' store (Redis) failing is an outage, answered 503, not a fault of the request. */
async function storeCall<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw new UnavailableError('store', error);
  }
}
