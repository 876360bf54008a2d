// The state store on Redis: one node, Sentinel or Cluster. Each operation is one command (a script where
// it must read and write atomically) on one key, so it works the same on every slot of a Cluster.
import { Cluster, ReplyError } from 'ioredis';

import { UnavailableError } from '../../core/unavailable-error.js';
import { closeRedis, connectRedis, type RedisConnection, type RedisSettings } from './redis-connection.js';
import { NO_OBSERVER, type StoreObserver } from './store-observer.js';
import { readConsumable, type StateStore } from './state-store.js';

// Marks a value consumed unless it is already: 0 missing, 1 already consumed, 2 consumed now.
const CONSUME = `
local value = redis.call('GET', KEYS[1])
if not value then return 0 end
if string.sub(value, 1, 1) == 'c' then return 1 end
redis.call('SET', KEYS[1], 'c' .. ARGV[1] .. ':' .. value, 'KEEPTTL')
return 2`;

// Adds a member; the set lives at least ARGV[2] seconds (never shortened).
const ADD_TO_SET = `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1`;

// Counts; the window starts with the first increment.
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count`;

// Shortens a time to live, never lengthens it (EXPIRE ... LT, for Redis before 7 too).
const SHORTEN = `
local ttl = redis.call('TTL', KEYS[1])
if ttl > tonumber(ARGV[1]) or ttl == -1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return 1`;

interface Scripts {
  idpConsume(key: string, at: number): Promise<number>;
  idpAddToSet(key: string, member: string, ttl: number): Promise<number>;
  idpIncrement(key: string, ttl: number): Promise<number>;
  idpShorten(key: string, ttl: number): Promise<number>;
}

// Replies that mean 'not now' rather than 'wrong': a node loading, failing over or without its slots.
const TRANSIENT_REPLY = /^(LOADING|CLUSTERDOWN|TRYAGAIN|READONLY|MASTERDOWN|MOVED|ASK)\b/;

export async function createRedisStateStore(settings: RedisSettings, observer: StoreObserver = NO_OBSERVER): Promise<StateStore> {
  const redis = await connectRedis(settings, { prefixKeys: true, autoPipelining: true });
  redis.defineCommand('idpConsume', { numberOfKeys: 1, lua: CONSUME });
  redis.defineCommand('idpAddToSet', { numberOfKeys: 1, lua: ADD_TO_SET });
  redis.defineCommand('idpIncrement', { numberOfKeys: 1, lua: INCREMENT });
  redis.defineCommand('idpShorten', { numberOfKeys: 1, lua: SHORTEN });
  const scripts = redis as RedisConnection & Scripts;
  const cluster = redis instanceof Cluster;
  const health = connectionHealth(redis, settings.commandTimeoutMs);

  const run = async <T>(name: string, commands: number, command: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const result = await command();
      health.answered();
      observer.operation('redis', name, commands, (performance.now() - started) / 1000, 'ok');
      return result;
    } catch (error) {
      const unavailable = !(error instanceof ReplyError) || TRANSIENT_REPLY.test((error as Error).message);
      observer.operation('redis', name, commands, (performance.now() - started) / 1000, unavailable ? 'unavailable' : 'error');
      if (unavailable) {
        health.failed(error);
        throw new UnavailableError('store', error);
      }
      throw error;
    }
  };

  return {
    kind: 'redis',
    get: (key) => run('get', 1, async () => (await redis.get(key)) ?? undefined),
    set: (key, value, ttlSeconds) => run('set', 1, async () => {
      await redis.set(key, value, 'EX', ttlSeconds);
    }),
    setIfAbsent: (key, value, ttlSeconds) => run('setIfAbsent', 1, async () => (await redis.set(key, value, 'EX', ttlSeconds, 'NX')) === 'OK'),
    replace: (key, value) => run('replace', 1, async () => (await redis.set(key, value, 'KEEPTTL', 'XX')) === 'OK'),
    take: (key) => run('take', 1, async () => (await redis.getdel(key)) ?? undefined),
    async delete(...keys) {
      if (keys.length === 0) {
        return;
      }
      // A Cluster refuses one DEL across slots: one each, sent together.
      await run('delete', cluster ? keys.length : 1, async () => {
        await (cluster ? Promise.all(keys.map((key) => redis.del(key))) : redis.del(...keys));
      });
    },
    shorten: (key, ttlSeconds) => run('shorten', 1, async () => {
      await scripts.idpShorten(key, ttlSeconds);
    }),
    increment: (key, ttlSeconds) => run('increment', 1, () => scripts.idpIncrement(key, ttlSeconds)),
    addToSet: (key, member, ttlSeconds) => run('addToSet', 1, async () => {
      await scripts.idpAddToSet(key, member, ttlSeconds);
    }),
    removeFromSet: (key, member) => run('removeFromSet', 1, async () => {
      await redis.srem(key, member);
    }),
    members: (key) => run('members', 1, () => redis.smembers(key)),
    consume: (key, atSeconds) => run('consume', 1, async () => {
      const outcome = await scripts.idpConsume(key, atSeconds);
      return outcome === 2 ? 'consumed' : outcome === 1 ? 'already' : 'missing';
    }),
    getConsumable: (key) => run('get', 1, async () => {
      const raw = await redis.get(key);
      return raw === null ? undefined : readConsumable(raw);
    }),
    ping: () => run('ping', 1, async () => {
      await redis.ping();
    }),
    close: () => closeRedis(redis),
  };
}

/**
 * A connection whose commands time out while nothing else answers is dead even if TCP says otherwise (a
 * network that drops packets): drop it and connect again, so that the store comes back soon after the heal.
 */
function connectionHealth(redis: RedisConnection, timeoutMs: number) {
  let lastAnswerAt = Date.now();
  let lastResetAt = 0;
  return {
    answered() {
      lastAnswerAt = Date.now();
    },
    failed(error: unknown) {
      const now = Date.now();
      const timedOut = error instanceof Error && /timed out/i.test(error.message);
      if (timedOut && now - lastAnswerAt >= timeoutMs && now - lastResetAt >= timeoutMs) {
        lastResetAt = now;
        redis.disconnect(true);
      }
    },
  };
}
