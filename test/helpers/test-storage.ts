// Where a test's data goes. TEST_STORAGE=external: a PostgreSQL database and a Redis key prefix of the
// test's own on the machine's servers, removed afterwards. Otherwise the embedded default: in-memory
// PGlite and the in-process state store.
import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';
import pg from 'pg';

export const TEST_PG_URL = process.env['TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export type StorageMode = 'embedded' | 'external';

export function storageMode(): StorageMode {
  return process.env['TEST_STORAGE'] === 'external' ? 'external' : 'embedded';
}

export interface ExternalStorage {
  /** Environment for the server: DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX. */
  readonly env: Record<string, string>;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly keyPrefix: string;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database and Redis key prefix, for one test file. */
export async function createExternalStorage(): Promise<ExternalStorage> {
  const id = randomBytes(6).toString('hex');
  const database = `idp_test_${id}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${database}`;
  const keyPrefix = `idp-test:${id}:`;
  return {
    env: { DATABASE_URL: url.toString(), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: keyPrefix },
    databaseUrl: url.toString(),
    redisUrl: TEST_REDIS_URL,
    keyPrefix,
    async drop() {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await client.end();
      }
      await deleteRedisKeys(keyPrefix);
    },
  };
}

/** The keys under a prefix on the test Redis, a batch at a time (SCAN). */
export async function* redisKeys(redis: Redis, prefix: string): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) {
      yield keys;
    }
    cursor = next;
  } while (cursor !== '0');
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    for await (const keys of redisKeys(redis, prefix)) {
      await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
