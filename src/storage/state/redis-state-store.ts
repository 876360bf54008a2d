import { Redis } from 'ioredis';

import type { StateStore } from './state-store.js';

export interface RedisStateStoreOptions {
  readonly url: string;
  /** Prepended to every key, so that several deployments (or test runs) can share one Redis. */
  readonly keyPrefix: string;
}

export async function createRedisStateStore({ url, keyPrefix }: RedisStateStoreOptions): Promise<StateStore> {
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    // Commands issued in the same tick share one write: fewer system calls under load.
    enableAutoPipelining: true,
    connectTimeout: 5000,
  });
  // Connection errors are retried by ioredis and surface on the commands that fail; without a listener
  // each would also be an unhandled 'error' event.
  redis.on('error', () => undefined);
  await redis.connect();

  return {
    kind: 'redis',
    async get(key) {
      return (await redis.get(key)) ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      await redis.set(key, value, 'EX', ttlSeconds);
    },
    async setIfAbsent(key, value, ttlSeconds) {
      return (await redis.set(key, value, 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async replace(key, value) {
      return (await redis.set(key, value, 'KEEPTTL', 'XX')) === 'OK';
    },
    async delete(...keys) {
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    },
    async increment(key, ttlSeconds) {
      const [[, count]] = (await redis.multi().incr(key).expire(key, ttlSeconds, 'NX').exec()) as [[null, number]];
      return count;
    },
    async addToSet(key, member, ttlSeconds) {
      // NX gives a new set its time to live; GT only ever lengthens an existing one.
      await redis.multi().sadd(key, member).expire(key, ttlSeconds, 'NX').expire(key, ttlSeconds, 'GT').exec();
    },
    async members(key) {
      return redis.smembers(key);
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
