import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

import type { LimiterFactory } from '../../throttling/limiter-factory.js';

export interface RateLimiterStore extends LimiterFactory {
  close(): Promise<void>;
}

/** Limiters in Redis (shared by every instance), or in memory on the embedded default. */
export async function createRateLimiterStore(redis: { url: string; keyPrefix: string } | undefined): Promise<RateLimiterStore> {
  if (!redis) {
    return {
      create: (options) => new RateLimiterMemory({
        keyPrefix: options.name, points: options.points, duration: options.durationSeconds, blockDuration: options.blockSeconds,
      }),
      async close() {},
    };
  }
  const client = new Redis(redis.url, { keyPrefix: redis.keyPrefix, lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
  client.on('error', () => undefined);
  await client.connect();
  return {
    create: (options) => new RateLimiterRedis({
      storeClient: client, keyPrefix: `throttle:${options.name}`, points: options.points,
      duration: options.durationSeconds, blockDuration: options.blockSeconds,
    }),
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
