import type { StateStore } from './state-store.js';

interface Entry {
  value: string | Set<string>;
  expiresAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/** The embedded default's state store: one process only, nothing survives a restart. */
export function createMemoryStateStore(now: () => number = Date.now): StateStore {
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const expiry = (ttlSeconds: number) => now() + ttlSeconds * 1000;

  const sweeper = setInterval(() => {
    for (const key of entries.keys()) {
      live(key);
    }
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  return {
    kind: 'memory',
    async get(key) {
      const value = live(key)?.value;
      return typeof value === 'string' ? value : undefined;
    },
    async set(key, value, ttlSeconds) {
      entries.set(key, { value, expiresAt: expiry(ttlSeconds) });
    },
    async setIfAbsent(key, value, ttlSeconds) {
      if (live(key)) {
        return false;
      }
      entries.set(key, { value, expiresAt: expiry(ttlSeconds) });
      return true;
    },
    async replace(key, value) {
      const entry = live(key);
      if (!entry) {
        return false;
      }
      entry.value = value;
      return true;
    },
    async delete(...keys) {
      for (const key of keys) {
        entries.delete(key);
      }
    },
    async increment(key, ttlSeconds) {
      const entry = live(key);
      const count = (entry && typeof entry.value === 'string' ? Number(entry.value) : 0) + 1;
      entries.set(key, { value: String(count), expiresAt: entry?.expiresAt ?? expiry(ttlSeconds) });
      return count;
    },
    async addToSet(key, member, ttlSeconds) {
      const entry = live(key);
      const set = entry && entry.value instanceof Set ? entry.value : new Set<string>();
      set.add(member);
      entries.set(key, { value: set, expiresAt: Math.max(entry?.expiresAt ?? 0, expiry(ttlSeconds)) });
    },
    async members(key) {
      const value = live(key)?.value;
      return value instanceof Set ? [...value] : [];
    },
    async ping() {},
    async close() {
      clearInterval(sweeper);
      entries.clear();
    },
  };
}
