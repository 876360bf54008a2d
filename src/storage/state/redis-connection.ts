// One way to connect to Redis for every part that uses it (state store, change feed):
// a single node, a Sentinel-managed primary, or a Cluster. Commands fail fast while Redis is away
// (a timeout each, no offline queue), and a connection that stops answering is dropped and made anew.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

import type { RedisConfig } from '../../config/config.js';
import { UnavailableError } from '../../core/unavailable-error.js';

export type RedisSettings = RedisConfig;

export type RedisConnection = Redis | Cluster;

export interface ConnectOptions {
  /** Prefix keys with settings.keyPrefix (channels of pub/sub are never prefixed by ioredis). */
  readonly prefixKeys: boolean;
  /** Let commands sent in the same tick share one write (fewer system calls and round trips). */
  readonly autoPipelining?: boolean;
  /** A subscriber connection waits for messages: no command timeout. */
  readonly subscriber?: boolean;
}

const CONNECT_TIMEOUT_MS = 2000;
// Reconnect soon after Redis comes back: 100 ms, 200 ms, ... at most a second between tries.
const retryDelay = (times: number) => Math.min(times * 100, 1000);

/** Opens a connection and waits until it is ready. */
export async function connectRedis(settings: RedisSettings, options: ConnectOptions): Promise<RedisConnection> {
  const connection = createConnection(settings, options);
  // Errors surface on the commands that fail; without a listener each would also be an unhandled event.
  connection.on('error', () => undefined);
  try {
    await connection.connect();
  } catch (error) {
    connection.disconnect();
    throw new UnavailableError('store', error);
  }
  return connection;
}

function createConnection(settings: RedisSettings, options: ConnectOptions): RedisConnection {
  const common: RedisOptions = {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    ...(options.subscriber ? {} : { commandTimeout: settings.commandTimeoutMs }),
    ...(options.prefixKeys ? { keyPrefix: settings.keyPrefix } : {}),
    ...(settings.username ? { username: settings.username } : {}),
    ...(settings.password ? { password: settings.password } : {}),
    ...(settings.tls ? { tls: {} } : {}),
    // While disconnected, fail at once rather than queue: callers answer 503 and the client retries.
    // A subscriber keeps its queue so that it re-subscribes after a reconnect.
    enableOfflineQueue: options.subscriber === true,
    maxRetriesPerRequest: 1,
    retryStrategy: retryDelay,
    keepAlive: 10_000,
  };
  const { target } = settings;
  if (target.kind === 'cluster') {
    const { keyPrefix, enableOfflineQueue: _queue, retryStrategy: _retry, ...redisOptions } = common;
    const clusterOptions: ClusterOptions = {
      lazyConnect: true,
      ...(keyPrefix ? { keyPrefix } : {}),
      enableOfflineQueue: options.subscriber === true,
      enableAutoPipelining: options.autoPipelining ?? false,
      clusterRetryStrategy: retryDelay,
      // A failover moves slots: follow MOVED/ASK and retry a command whose node is failing over.
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 200,
      retryDelayOnTryAgain: 100,
      maxRedirections: 16,
      slotsRefreshTimeout: CONNECT_TIMEOUT_MS,
      redisOptions,
    };
    return new Cluster(target.nodes.map((node) => ({ host: node.host, port: node.port })), clusterOptions);
  }
  const redisOptions: RedisOptions = { ...common, enableAutoPipelining: options.autoPipelining ?? false };
  if (target.kind === 'sentinel') {
    return new Redis({
      ...redisOptions,
      sentinels: target.sentinels.map((node) => ({ host: node.host, port: node.port })),
      name: target.name,
      ...(target.sentinelUsername ? { sentinelUsername: target.sentinelUsername } : {}),
      ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
      sentinelRetryStrategy: retryDelay,
      // After a failover the old primary may answer as a replica: reconnect to the new one.
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
    });
  }
  return new Redis(target.url, { ...redisOptions, reconnectOnError: (error) => error.message.startsWith('READONLY') });
}

/** Closes politely, or at once when Redis does not answer. */
export async function closeRedis(connection: RedisConnection): Promise<void> {
  await Promise.race([
    connection.quit().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, 1000).unref()),
  ]);
  connection.disconnect();
}
