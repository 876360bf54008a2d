// The state store of the embedded default: two tables in the embedded database, so that a restart keeps
// sessions ('Keep me signed in' lasts 30 days) and tokens. Times are milliseconds since the epoch; an
// expired row is never read and is swept away every minute. Each operation is atomic on its own, so the
// same code is correct on PostgreSQL with several connections.
import type { SqlExecutor } from '../database/sql-driver.js';
import { NO_OBSERVER, type StoreObserver } from './store-observer.js';
import { readConsumable, type StateStore } from './state-store.js';

const SWEEP_INTERVAL_MS = 60_000;

export function createSqlStateStore(sql: SqlExecutor, options: { now?: () => number; observer?: StoreObserver } = {}): StateStore {
  const now = options.now ?? Date.now;
  const observer = options.observer ?? NO_OBSERVER;
  const expiry = (ttlSeconds: number) => now() + ttlSeconds * 1000;

  const run = async <T>(name: string, statements: number, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const result = await work();
      observer.operation('sql', name, statements, (performance.now() - started) / 1000, 'ok');
      return result;
    } catch (error) {
      observer.operation('sql', name, statements, (performance.now() - started) / 1000, 'error');
      throw error;
    }
  };
  const rows = <Row extends Record<string, unknown>>(text: string, params: readonly unknown[]) => sql.query<Row>(text, params);
  const liveValue = async (key: string) =>
    (await rows<{ value: string }>('SELECT value FROM state_entries WHERE key = $1 AND expires_at > $2', [key, now()]))[0]?.value;

  const sweeper = setInterval(() => {
    const at = now();
    void Promise.all([
      sql.query('DELETE FROM state_entries WHERE expires_at <= $1', [at]),
      sql.query('DELETE FROM state_set_members WHERE expires_at <= $1', [at]),
    ]).catch(() => undefined);
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  return {
    kind: 'sql',
    get: (key) => run('get', 1, () => liveValue(key)),
    set: (key, value, ttlSeconds) => run('set', 1, async () => {
      await rows(`INSERT INTO state_entries (key, value, expires_at) VALUES ($1, $2, $3)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`, [key, value, expiry(ttlSeconds)]);
    }),
    setIfAbsent: (key, value, ttlSeconds) => run('setIfAbsent', 1, async () => (await rows(
      `INSERT INTO state_entries (key, value, expires_at) VALUES ($1, $2, $3)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
        WHERE state_entries.expires_at <= $4 RETURNING key`, [key, value, expiry(ttlSeconds), now()])).length === 1),
    replace: (key, value) => run('replace', 1, async () =>
      (await rows('UPDATE state_entries SET value = $2 WHERE key = $1 AND expires_at > $3 RETURNING key', [key, value, now()])).length === 1),
    take: (key) => run('take', 1, async () => {
      const [row] = await rows<{ value: string; live: boolean }>(
        'DELETE FROM state_entries WHERE key = $1 RETURNING value, expires_at > $2 AS live', [key, now()]);
      return row?.live ? row.value : undefined;
    }),
    async delete(...keys) {
      if (keys.length === 0) {
        return;
      }
      await run('delete', 2, async () => {
        await rows('DELETE FROM state_entries WHERE key = ANY($1)', [keys]);
        await rows('DELETE FROM state_set_members WHERE key = ANY($1)', [keys]);
      });
    },
    shorten: (key, ttlSeconds) => run('shorten', 1, async () => {
      await rows('UPDATE state_entries SET expires_at = LEAST(expires_at, $2) WHERE key = $1', [key, expiry(ttlSeconds)]);
    }),
    increment: (key, ttlSeconds) => run('increment', 1, async () => {
      const [row] = await rows<{ value: string }>(`INSERT INTO state_entries (key, value, expires_at) VALUES ($1, '1', $3)
        ON CONFLICT (key) DO UPDATE SET
          value = CASE WHEN state_entries.expires_at <= $2 THEN '1' ELSE (state_entries.value::bigint + 1)::text END,
          expires_at = CASE WHEN state_entries.expires_at <= $2 THEN EXCLUDED.expires_at ELSE state_entries.expires_at END
        RETURNING value`, [key, now(), expiry(ttlSeconds)]);
      return Number(row!.value);
    }),
    addToSet: (key, member, ttlSeconds) => run('addToSet', 2, async () => {
      const at = now();
      const until = expiry(ttlSeconds);
      // The whole set lives at least as long as asked, as a Redis set's single time to live would.
      await rows('UPDATE state_set_members SET expires_at = $2 WHERE key = $1 AND expires_at > $3 AND expires_at < $2', [key, until, at]);
      await rows(`INSERT INTO state_set_members (key, member, expires_at)
        VALUES ($1, $2, GREATEST($3, (SELECT max(expires_at) FROM state_set_members WHERE key = $1 AND expires_at > $4)))
        ON CONFLICT (key, member) DO UPDATE SET expires_at = EXCLUDED.expires_at`, [key, member, until, at]);
    }),
    removeFromSet: (key, member) => run('removeFromSet', 1, async () => {
      await rows('DELETE FROM state_set_members WHERE key = $1 AND member = $2', [key, member]);
    }),
    members: (key) => run('members', 1, async () =>
      (await rows<{ member: string }>('SELECT member FROM state_set_members WHERE key = $1 AND expires_at > $2', [key, now()]))
        .map((row) => row.member)),
    consume: (key, atSeconds) => run('consume', 1, async () => {
      // One UPDATE: of racing callers, the row lock lets one through; the others see the mark and change nothing.
      const [row] = await rows<{ outcome: string }>(`WITH live AS (
          SELECT key, value FROM state_entries WHERE key = $1 AND expires_at > $3 FOR UPDATE
        ), marked AS (
          UPDATE state_entries SET value = 'c' || $2 || ':' || live.value FROM live
          WHERE state_entries.key = live.key AND left(live.value, 1) <> 'c' RETURNING state_entries.key
        )
        SELECT CASE WHEN EXISTS (SELECT 1 FROM marked) THEN 'consumed' WHEN EXISTS (SELECT 1 FROM live) THEN 'already' ELSE 'missing' END
          AS outcome`, [key, String(atSeconds), now()]);
      return row!.outcome as 'consumed' | 'already' | 'missing';
    }),
    getConsumable: (key) => run('get', 1, async () => {
      const raw = await liveValue(key);
      return raw === undefined ? undefined : readConsumable(raw);
    }),
    ping: () => run('ping', 1, async () => {
      await rows('SELECT 1', []);
    }),
    async close() {
      clearInterval(sweeper);
    },
  };
}
