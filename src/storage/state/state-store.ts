// Short-lived state with a time to live: oidc-provider's artifacts, sign-in state, counters.
// Redis in production (shared by every instance: one node, Sentinel or Cluster); a table in the embedded
// database on the embedded default, so that a restart keeps sessions.
//
// Every operation touches one key, or several keys independently: nothing needs keys to share a Redis
// Cluster slot.

export interface StateStore {
  readonly kind: 'redis' | 'sql';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Sets only if the key does not exist; says whether it did set. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** Replaces an existing value and keeps its time to live; says whether the key existed. */
  replace(key: string, value: string): Promise<boolean>;
  /** Reads and deletes in one step: of callers racing for a single-use value, one gets it. */
  take(key: string): Promise<string | undefined>;
  delete(...keys: string[]): Promise<void>;
  /** Lets a value live at most `ttlSeconds` more (never longer than it would have). */
  shorten(key: string, ttlSeconds: number): Promise<void>;
  /** Adds one and returns the new count; the time to live starts with the first increment. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /** Adds to a set whose time to live becomes at least `ttlSeconds`. */
  addToSet(key: string, member: string, ttlSeconds: number): Promise<void>;
  removeFromSet(key: string, member: string): Promise<void>;
  members(key: string): Promise<string[]>;
  /**
   * Marks a value consumed, once: exactly one of the callers racing for it (on any instance) is told
   * 'consumed'; the others 'already'. The value stays readable, with its consumption time, through
   * getConsumable until it expires.
   */
  consume(key: string, atSeconds: number): Promise<'consumed' | 'already' | 'missing'>;
  getConsumable(key: string): Promise<{ value: string; consumedAt: number | undefined } | undefined>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// A consumed value is stored as `c<seconds>:` followed by the original value (a JSON object, which never
// starts with 'c'), so that marking it is one atomic change of one key.
const CONSUMED = /^c(\d+):/;

export function markConsumed(value: string, atSeconds: number): string {
  return `c${atSeconds}:${value}`;
}

export function readConsumable(raw: string): { value: string; consumedAt: number | undefined } {
  const match = CONSUMED.exec(raw);
  return match ? { value: raw.slice(match[0].length), consumedAt: Number(match[1]) } : { value: raw, consumedAt: undefined };
}
