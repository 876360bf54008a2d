import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

import type { RedisConfig } from '../../config/config.js';
import type { LimiterFactory } from '../../throttling/limiter-factory.js';
import { closeRedis, connectRedis } from './redis-connection.js';

export interface RateLimiterStore extends LimiterFactory {
  close(): Promise<void>;
}

/** Limiters in Redis (shared by every instance), or in memory on the embedded default (one process). */
export async function createRateLimiterStore(redis: RedisConfig | undefined): Promise<RateLimiterStore> {
  if (!redis) {
    return {
      create: (options) => new RateLimiterMemory({
        keyPrefix: options.name, points: options.points, duration: options.durationSeconds, blockDuration: options.blockSeconds,
      }),
      async close() {},
    };
  }
  const client = await connectRedis(redis, { prefixKeys: true });
  return {
    create: (options) => new RateLimiterRedis({
      storeClient: client, keyPrefix: `throttle:${options.name}`, points: options.points,
      duration: options.durationSeconds, blockDuration: options.blockSeconds,
    }),
    async close() {
      await closeRedis(client);
    },
  };
}
