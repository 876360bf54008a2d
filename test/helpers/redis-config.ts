// A RedisConfig as the server would build it from the environment, for tests that open stores directly.
import type { RedisConfig, RedisTarget } from '../../src/config/config.js';

export function redisConfig(target: RedisTarget, keyPrefix: string, commandTimeoutMs = 1000): RedisConfig {
  return { target, keyPrefix, username: undefined, password: undefined, tls: false, commandTimeoutMs };
}
