// Prometheus metrics of one server, in a registry of its own (served on the management listener):
// requests by route and status, sign-ins by method and outcome, tokens issued by grant type, throttled
// attempts, state store and database calls, Redis commands, the PostgreSQL pool and Node's own metrics.
import diagnostics from 'node:diagnostics_channel';

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { StoreObserver } from '../storage/state/store-observer.js';

export interface PoolStats {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

export interface Metrics {
  readonly registry: Registry;
  /** Told of every state store operation and database statement. */
  readonly observer: StoreObserver;
  request(route: string, method: string, status: number, seconds: number): void;
  signIn(method: string, outcome: 'success' | 'failure', reason: string | undefined): void;
  tokenIssued(grantType: string): void;
  throttled(throttle: string): void;
  /** Reports a connection pool's use at each scrape. */
  watchPool(name: string, stats: () => PoolStats): void;
  close(): void;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STORE_BUCKETS = [0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 2];

const REDIS_COMMAND_START = 'tracing:ioredis:command:start';

interface RedisCommandContext {
  readonly command?: string;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry, prefix: 'idp_' });
  }
  const requests = new Histogram({
    name: 'idp_http_request_duration_seconds', help: 'HTTP requests by route, method and status', registers: [registry],
    labelNames: ['route', 'method', 'status'], buckets: LATENCY_BUCKETS,
  });
  const signIns = new Counter({
    name: 'idp_sign_ins_total', help: 'Sign-in steps by method, outcome and reason of failure', registers: [registry],
    labelNames: ['method', 'outcome', 'reason'],
  });
  const tokens = new Counter({ name: 'idp_tokens_issued_total', help: 'Token responses by grant type', registers: [registry], labelNames: ['grant_type'] });
  const throttled = new Counter({ name: 'idp_throttled_total', help: 'Attempts refused by a throttle', registers: [registry], labelNames: ['throttle'] });
  const storeCalls = new Histogram({
    name: 'idp_store_operation_duration_seconds', help: 'State store operations and database statements', registers: [registry],
    labelNames: ['store', 'operation', 'outcome'], buckets: STORE_BUCKETS,
  });
  const storeCommands = new Counter({
    name: 'idp_store_commands_total', help: 'Commands (Redis) or statements (SQL) sent by store operations', registers: [registry],
    labelNames: ['store', 'operation'],
  });
  const redisCommands = new Counter({
    name: 'idp_redis_commands_total', help: 'Every Redis command this process sent, by name', registers: [registry], labelNames: ['command'],
  });
  const pools = new Map<string, () => PoolStats>();
  new Gauge({
    name: 'idp_db_pool_connections', help: 'Database pool connections by state', registers: [registry], labelNames: ['pool', 'state'],
    collect() {
      for (const [pool, stats] of pools) {
        const { totalCount, idleCount, waitingCount } = stats();
        this.set({ pool, state: 'total' }, totalCount);
        this.set({ pool, state: 'idle' }, idleCount);
        this.set({ pool, state: 'waiting' }, waitingCount);
      }
    },
  });

  // ioredis publishes every command it writes (pipelines, scripts and pub/sub included) on this channel.
  const redisCommandStarted = (message: unknown) =>
    redisCommands.inc({ command: (message as RedisCommandContext | null)?.command ?? 'unknown' });
  diagnostics.subscribe(REDIS_COMMAND_START, redisCommandStarted);

  return {
    registry,
    observer: {
      operation(store, name, commands, seconds, outcome) {
        storeCalls.observe({ store, operation: name, outcome }, seconds);
        storeCommands.inc({ store, operation: name }, commands);
      },
    },
    request: (route, method, status, seconds) => requests.observe({ route, method, status: String(status) }, seconds),
    signIn: (method, outcome, reason) => signIns.inc({ method, outcome, reason: reason ?? '' }),
    tokenIssued: (grantType) => tokens.inc({ grant_type: grantType }),
    throttled: (throttle) => throttled.inc({ throttle }),
    watchPool(name, stats) {
      pools.set(name, stats);
    },
    close() {
      diagnostics.unsubscribe(REDIS_COMMAND_START, redisCommandStarted);
      registry.clear();
    },
  };
}
