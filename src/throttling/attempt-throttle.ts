// Brute-force defence for a form (sign-in, verification code, ...): growing delays after a few
// consecutive failures of one subject (an email) from one IP, then a temporary block; slower limits on the
// subject alone (across networks) and on the IP alone (across subjects). Throttling one IP never stops the
// owner from another network until the slower per-subject limit is reached.
//
// Counters and blocks live in the state store (Redis in production, shared by every instance): a check is
// four reads sent together, a failure three counts, a success one delete.
import type { StateStore } from '../storage/state/state-store.js';

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

type LimitKind = 'pair' | 'subject' | 'ip';

export function createAttemptThrottle(store: StateStore, name: string, policy: ThrottlePolicy,
  onRefused: () => void = () => undefined, now: () => number = Date.now): AttemptThrottle {
  const limits: Readonly<Record<LimitKind, LimitPolicy>> = { pair: policy.consecutive, subject: policy.perSubject, ip: policy.perIp };
  const ids = (subject: string, ip: string): Readonly<Record<LimitKind, string>> => ({ pair: `${subject}|${ip}`, subject, ip });
  const countKey = (kind: LimitKind, id: string) => `throttle:${name}:${kind}:${id}`;
  // Blocks and delays hold the time they end (ms since the epoch) and expire then.
  const blockKey = (kind: LimitKind, id: string) => `throttle:${name}:${kind}-block:${id}`;
  const delayKey = (pair: string) => `throttle:${name}:delay:${pair}`;
  const remaining = (until: string | undefined) => Math.max(0, Number(until ?? 0) - now());
  const refuse = (ms: number, blocked: boolean): Verdict => {
    onRefused();
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)), blocked };
  };

  return {
    async check(subject, ip) {
      const id = ids(subject, ip);
      const [pair, bySubject, byIp, delay] = await Promise.all([
        store.get(blockKey('pair', id.pair)), store.get(blockKey('subject', id.subject)), store.get(blockKey('ip', id.ip)),
        store.get(delayKey(id.pair)),
      ]);
      const blockedFor = Math.max(remaining(pair), remaining(bySubject), remaining(byIp));
      if (blockedFor > 0) {
        return refuse(blockedFor, true);
      }
      const waitFor = remaining(delay);
      return waitFor > 0 ? refuse(waitFor, false) : ALLOWED;
    },

    async fail(subject, ip) {
      const id = ids(subject, ip);
      const kinds = ['pair', 'subject', 'ip'] as const;
      const counts = await Promise.all(kinds.map((kind) => store.increment(countKey(kind, id[kind]), limits[kind].windowSeconds)));
      let blockedFor = 0;
      let blockStarted = false;
      await Promise.all(kinds.map(async (kind, index) => {
        if (counts[index]! < limits[kind].max) {
          return;
        }
        // The max-th failure blocks; counting starts again once the block is over.
        const ms = limits[kind].blockSeconds * 1000;
        blockedFor = Math.max(blockedFor, ms);
        blockStarted ||= kind !== 'ip';
        await store.set(blockKey(kind, id[kind]), String(now() + ms), limits[kind].blockSeconds);
        await store.delete(countKey(kind, id[kind]));
      }));
      if (blockedFor > 0) {
        return { blockStarted, verdict: refuse(blockedFor, true) };
      }
      const failures = counts[0]!;
      if (failures >= policy.delay.after) {
        const seconds = Math.min(2 ** (failures - policy.delay.after), policy.delay.maxSeconds);
        await store.set(delayKey(id.pair), String(now() + seconds * 1000), seconds);
        return { blockStarted: false, verdict: refuse(seconds * 1000, false) };
      }
      return { blockStarted: false, verdict: ALLOWED };
    },

    async succeed(subject, ip) {
      const { pair } = ids(subject, ip);
      await store.delete(countKey('pair', pair), delayKey(pair));
    },
  };
}
