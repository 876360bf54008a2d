// Applies prisma/migrations in order, each once and in a transaction of its own, recording each applied
// one with its checksum. Several instances starting at once take turns on an advisory lock.
import type { SqlDriver, SqlExecutor } from '../database/sql-driver.js';
import type { Migration } from './read-migrations.js';

const TABLE = '_schema_migrations';
// Any constant: it names our lock among other advisory locks in the same database.
const LOCK_ID = 4_711_042;

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

export async function applyMigrations(sql: SqlDriver, migrations: readonly Migration[]): Promise<MigrationReport> {
  await sql.transaction(lockAndPrepare);
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const migration of migrations) {
    const ran = await sql.transaction(async (tx) => {
      await lockAndPrepare(tx);
      if (await wasApplied(tx, migration)) {
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO "${TABLE}" (name, checksum) VALUES ($1, $2)`, [migration.name, migration.checksum]);
      return true;
    });
    if (ran) {
      applied.push(migration.name);
    } else {
      alreadyApplied += 1;
    }
  }
  await checkNoUnknownMigrations(sql, migrations);
  return { applied, alreadyApplied };
}

/** Every step holds the lock first, creating the record table included: instances starting together race. */
async function lockAndPrepare(tx: SqlExecutor): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
  await tx.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (
    name TEXT PRIMARY KEY,
    checksum TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`);
}

async function wasApplied(tx: SqlExecutor, migration: Migration): Promise<boolean> {
  const rows = await tx.query<{ checksum: string }>(`SELECT checksum FROM "${TABLE}" WHERE name = $1`, [migration.name]);
  const [row] = rows;
  if (!row) {
    return false;
  }
  if (row.checksum !== migration.checksum) {
    throw new Error(`migration ${migration.name} was changed after it was applied; write a new migration instead`);
  }
  return true;
}

/** A database migrated by a newer release would be misread by this one: refuse to run on it. */
async function checkNoUnknownMigrations(sql: SqlDriver, migrations: readonly Migration[]): Promise<void> {
  const known = new Set(migrations.map((migration) => migration.name));
  const rows = await sql.query<{ name: string }>(`SELECT name FROM "${TABLE}" ORDER BY name`);
  const unknown = rows.map((row) => row.name).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`the database has migrations this release does not know: ${unknown.join(', ')}`);
  }
}
