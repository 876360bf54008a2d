// Opens durable data (PostgreSQL or embedded PGlite) and short-lived state (Redis, or tables in the
// embedded database), as the configuration says, and brings the database schema up to date.
import { join } from 'node:path';

import type { Config } from '../config/config.js';
import { acquireDataDirLock, type DataDirLock } from './database/data-dir-lock.js';
import { openDatabase, type Database, type DatabaseLocation } from './database/open-database.js';
import { applyMigrations, type MigrationReport } from './migrations/apply-migrations.js';
import { readMigrations } from './migrations/read-migrations.js';
import { createMemoryChangeFeed, createRedisChangeFeed, type ChangeFeed } from './state/change-feed.js';
import { createRedisStateStore } from './state/redis-state-store.js';
import { createSqlStateStore } from './state/sql-state-store.js';
import type { StateStore } from './state/state-store.js';
import { NO_OBSERVER, type StoreObserver } from './state/store-observer.js';

export interface Storage {
  readonly database: Database;
  readonly store: StateStore;
  readonly changes: ChangeFeed;
  readonly migrations: MigrationReport;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** Who opens it, for the lock on the embedded database: 'server' or 'CLI'. */
  readonly role: string;
  /** Overrides where the database is (tests use an in-memory PGlite). */
  readonly database?: DatabaseLocation | undefined;
  /** Told of every store operation and database statement (metrics). */
  readonly observer?: StoreObserver | undefined;
}

export function databaseLocation(config: Config): DatabaseLocation {
  return config.storage.databaseUrl
    ? { kind: 'postgresql', url: config.storage.databaseUrl, poolSize: config.storage.databasePoolSize,
      queryTimeoutMs: config.storage.databaseQueryTimeoutMs }
    : { kind: 'pglite', directory: join(config.storage.dataDir, 'pglite') };
}

export async function openStorage(config: Config, options: StorageOptions): Promise<Storage> {
  const location = options.database ?? databaseLocation(config);
  const observer = options.observer ?? NO_OBSERVER;
  const lock: DataDirLock | undefined = location.kind === 'pglite' && location.directory !== undefined
    ? acquireDataDirLock(config.storage.dataDir, options.role)
    : undefined;
  const opened: { close(): Promise<void> }[] = [];
  try {
    const database = await openDatabase(location, observer);
    opened.push(database);
    const migrations = await applyMigrations(database.sql, readMigrations());
    const { redis } = config.storage;
    const store = redis ? await createRedisStateStore(redis, observer) : createSqlStateStore(database.sql, { observer });
    opened.push(store);
    const changes = redis ? await createRedisChangeFeed(redis) : createMemoryChangeFeed();
    opened.push(changes);
    return {
      database,
      store,
      changes,
      migrations,
      async close() {
        await changes.close();
        await store.close();
        await database.close();
        lock?.release();
      },
    };
  } catch (error) {
    await Promise.all(opened.map((resource) => resource.close().catch(() => undefined)));
    lock?.release();
    throw error;
  }
}
