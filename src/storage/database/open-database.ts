import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import { UnavailableError } from '../../core/unavailable-error.js';
import { PrismaClient } from '../prisma/generated/client.js';
import { NO_OBSERVER, type StoreObserver } from '../state/store-observer.js';
import { isConnectionError } from './connection-errors.js';
import { observedAdapterFactory } from './observed-adapter.js';
import { ResilientPool } from './resilient-pool.js';
import { pgliteSqlDriver, pgSqlDriver, type SqlDriver } from './sql-driver.js';

export interface Database {
  readonly kind: 'postgresql' | 'pglite';
  readonly prisma: PrismaClient;
  readonly sql: SqlDriver;
  /** The connection pool's use (PostgreSQL). */
  readonly poolStats?: () => { totalCount: number; idleCount: number; waitingCount: number };
  close(): Promise<void>;
}

export type DatabaseLocation =
  | {
    readonly kind: 'postgresql'; readonly url: string; readonly poolSize?: number | undefined;
    /** A query not answered by then fails and its connection is destroyed (a black-holed network). */
    readonly queryTimeoutMs?: number | undefined;
  }
  /** `directory` undefined: in memory (tests). */
  | { readonly kind: 'pglite'; readonly directory: string | undefined };

const DEFAULT_POOL_SIZE = 10;
const DEFAULT_QUERY_TIMEOUT_MS = 15_000;

export async function openDatabase(location: DatabaseLocation, observer: StoreObserver = NO_OBSERVER): Promise<Database> {
  if (location.kind === 'postgresql') {
    const pool = new ResilientPool({
      connectionString: location.url, max: location.poolSize ?? DEFAULT_POOL_SIZE, connectionTimeoutMillis: 3000,
      query_timeout: location.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
      keepAlive: true,
      // Idle connections are closed after 30 s, and those PostgreSQL ends first leave the pool at once.
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its server must not crash the process; the pool drops it and the next query reports it.
    pool.on('error', () => undefined);
    const base = new PrismaClient({ adapter: observedAdapterFactory(new PrismaPg(pool as pg.Pool), observer) });
    return {
      kind: 'postgresql',
      prisma: base,
      sql: unavailableOnConnectionErrors(pgSqlDriver(pool as pg.Pool)),
      poolStats: () => ({ totalCount: pool.totalCount, idleCount: pool.idleCount, waitingCount: pool.waitingCount }),
      async close() {
        await base.$disconnect();
        await pool.end();
      },
    };
  }
  const db = await PGlite.create(location.directory);
  const base = new PrismaClient({ adapter: observedAdapterFactory(new PrismaPGlite(db), observer) });
  return {
    kind: 'pglite',
    prisma: base,
    sql: pgliteSqlDriver(db),
    async close() {
      await base.$disconnect();
      await db.close();
    },
  };
}

function toUnavailable(error: unknown): unknown {
  return isConnectionError(error) ? new UnavailableError('database', error) : error;
}

function unavailableOnConnectionErrors(sql: SqlDriver): SqlDriver {
  const guard = <T>(call: () => Promise<T>) => call().catch((error: unknown) => {
    throw toUnavailable(error);
  });
  return {
    exec: (text) => guard(() => sql.exec(text)),
    query: (text, params) => guard(() => sql.query(text, params)),
    transaction: (work) => guard(() => sql.transaction(work)),
  };
}
