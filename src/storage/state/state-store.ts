// Short-lived state with a time to live: oidc-provider's artifacts, sign-in state, counters.
// Redis in production (shared by every instance); an in-process map on the embedded default.

export interface StateStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Sets only if the key does not exist; says whether it did set. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** Replaces an existing value and keeps its time to live; says whether the key existed. */
  replace(key: string, value: string): Promise<boolean>;
  delete(...keys: string[]): Promise<void>;
  /** Adds one and returns the new count; the time to live starts with the first increment. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /** Adds to a set whose time to live becomes at least `ttlSeconds`. */
  addToSet(key: string, member: string, ttlSeconds: number): Promise<void>;
  members(key: string): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
