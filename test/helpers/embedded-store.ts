// The embedded default's state store on an in-memory PGlite with the schema applied: for unit tests of
// logic that keeps short-lived state.
import { openDatabase, type Database } from '../../src/storage/database/open-database.js';
import { applyMigrations } from '../../src/storage/migrations/apply-migrations.js';
import { readMigrations } from '../../src/storage/migrations/read-migrations.js';
import { createSqlStateStore } from '../../src/storage/state/sql-state-store.js';
import type { StateStore } from '../../src/storage/state/state-store.js';

export interface EmbeddedStore {
  readonly store: StateStore;
  readonly database: Database;
  close(): Promise<void>;
}

export async function openEmbeddedStore(options: { now?: () => number } = {}): Promise<EmbeddedStore> {
  const database = await openDatabase({ kind: 'pglite', directory: undefined });
  await applyMigrations(database.sql, readMigrations());
  const store = createSqlStateStore(database.sql, options);
  return {
    store,
    database,
    async close() {
      await store.close();
      await database.close();
    },
  };
}
