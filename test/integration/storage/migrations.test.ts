// The migrations and schema.prisma agree: Prisma's schema engine finds no difference, and every model
// round-trips every field through the Prisma client on a freshly migrated database, on PGlite and on
// PostgreSQL.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../../../src/core/project-root.js';
import { openDatabase, type Database, type DatabaseLocation } from '../../../src/storage/database/open-database.js';
import { applyMigrations } from '../../../src/storage/migrations/apply-migrations.js';
import { readMigrations } from '../../../src/storage/migrations/read-migrations.js';
import { diffSchema } from '../../../src/storage/migrations/schema-diff.js';
import { createExternalStorage, type ExternalStorage } from '../../helpers/test-storage.js';

test('the schema engine finds nothing in schema.prisma that the migrations do not create', async () => {
  const schema = readFileSync(join(projectRoot, 'prisma', 'schema.prisma'), 'utf8');
  const diff = await diffSchema(readMigrations(), schema);
  expect(diff.sql).toContain('empty migration');
  expect(diff.empty).toBe(true);
});

test('the drift check does see a difference when there is one', async () => {
  const schema = readFileSync(join(projectRoot, 'prisma', 'schema.prisma'), 'utf8');
  const changed = `${schema}\nmodel DriftProbe {\n  id String @id\n}\n`;
  const diff = await diffSchema(readMigrations(), changed);
  expect(diff.empty).toBe(false);
  expect(diff.sql).toContain('CREATE TABLE "DriftProbe"');
});

interface RuntimeField { name: string; kind: string; type: string; dbName?: string | null }
interface RuntimeModel { fields: RuntimeField[]; dbName: string | null }
type Column = { column_name: string; data_type: string; udt_name: string; column_default: string | null };

describe.each([
  ['PGlite', async () => ({ location: { kind: 'pglite', directory: undefined } as DatabaseLocation, drop: async () => undefined })],
  ['PostgreSQL', async () => {
    const external: ExternalStorage = await createExternalStorage();
    return { location: { kind: 'postgresql', url: external.databaseUrl } as DatabaseLocation, drop: () => external.drop() };
  }],
])('on %s', (_name, open) => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await open();
    drop = opened.drop;
    database = await openDatabase(opened.location);
  });
  afterAll(async () => {
    await database.close();
    await drop();
  });

  test('migrations apply once each, in order, and a second run applies nothing', async () => {
    const migrations = readMigrations();
    const first = await applyMigrations(database.sql, migrations);
    expect(first.applied).toEqual(migrations.map((migration) => migration.name));
    const second = await applyMigrations(database.sql, migrations);
    expect(second).toEqual({ applied: [], alreadyApplied: migrations.length });
  });

  test('a migration changed after it was applied stops the start', async () => {
    const [first, ...rest] = readMigrations();
    await expect(applyMigrations(database.sql, [{ ...first!, sql: `${first!.sql}\n-- edited`, checksum: 'edited' }, ...rest]))
      .rejects.toThrow(/was changed after it was applied/);
  });

  test('every model round-trips every field through the Prisma client', async () => {
    const models = (database.prisma as unknown as { _runtimeDataModel: { models: Record<string, RuntimeModel> } })._runtimeDataModel.models;
    expect(Object.keys(models).length).toBeGreaterThan(0);
    const created = new Map<string, Record<string, unknown>>();
    for (const [name, model] of await inDependencyOrder(database, models)) {
      const table = model.dbName ?? name;
      const columns = await database.sql.query<Column>(
        'SELECT column_name, data_type, udt_name, column_default FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
        ['public', table]);
      const foreignKeys = await foreignKeysOf(database, table);
      const data: Record<string, unknown> = {};
      for (const field of model.fields.filter((candidate) => candidate.kind === 'scalar' || candidate.kind === 'enum')) {
        const columnName = field.dbName ?? field.name;
        const column = columns.find((candidate) => candidate.column_name === columnName);
        expect(column).toBeDefined();
        const reference = foreignKeys.get(columnName);
        data[field.name] = reference
          ? columnValue(created, reference)
          : await sampleValue(database, column!);
      }
      const delegate = (database.prisma as unknown as Record<string, { create(args: object): Promise<unknown>; findFirst(args: object): Promise<unknown> }>)[
        name.charAt(0).toLowerCase() + name.slice(1)]!;
      await delegate.create({ data });
      const primaryKey = await primaryKeyOf(database, table);
      const where = Object.fromEntries(model.fields
        .filter((field) => primaryKey.includes(field.dbName ?? field.name))
        .map((field) => [field.name, data[field.name]]));
      expect(Object.keys(where)).toHaveLength(primaryKey.length);
      const read = await delegate.findFirst({ where });
      expect(read).toEqual(data);
      created.set(table, Object.fromEntries(model.fields.map((field) => [field.dbName ?? field.name, data[field.name]])));
    }
  });
});

async function sampleValue(database: Database, column: Column): Promise<unknown> {
  switch (column.udt_name) {
    case 'uuid': return randomUUID();
    case 'text': case 'varchar': return `value of ${column.column_name} ${randomUUID()} ünïcødé`;
    case '_text': return ['first ünïcødé', '', 'with, a comma and "quotes"'];
    case 'bool': return column.column_default !== 'true' ? true : false;
    case 'timestamptz': case 'timestamp': return new Date('2031-02-03T04:05:06.789Z');
    case 'jsonb': case 'json': return { nested: { list: [1, 'two', true, null] }, text: 'ünïcødé' };
    case 'int4': case 'int2': return 42;
    case 'int8': return 4_200_000_000n;
    case 'bytea': return new Uint8Array([0, 1, 2, 255]);
    default: {
      const labels = await database.sql.query<{ enumlabel: string }>(
        'SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder',
        [column.udt_name]);
      if (labels.length === 0) {
        throw new Error(`no sample value for column ${column.column_name} of type ${column.udt_name}: add one to this test`);
      }
      return labels[labels.length - 1]!.enumlabel;
    }
  }
}

type Reference = { table: string; column: string };

async function primaryKeyOf(database: Database, table: string): Promise<string[]> {
  const rows = await database.sql.query<{ column_name: string }>(`
    SELECT kcu.column_name FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema
    WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' AND tc.table_name = $1`, [table]);
  return rows.map((row) => row.column_name);
}

function columnValue(created: Map<string, Record<string, unknown>>, reference: Reference): unknown {
  const row = created.get(reference.table);
  if (!row) {
    throw new Error(`no ${reference.table} row yet for a foreign key`);
  }
  return row[reference.column];
}

async function foreignKeysOf(database: Database, table: string): Promise<Map<string, Reference>> {
  const rows = await database.sql.query<{ column_name: string; foreign_table: string; foreign_column: string }>(`
    SELECT kcu.column_name, ccu.table_name AS foreign_table, ccu.column_name AS foreign_column
    FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema
    JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name AND tc.table_schema = ccu.table_schema
    WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public' AND tc.table_name = $1`, [table]);
  return new Map(rows.map((row) => [row.column_name, { table: row.foreign_table, column: row.foreign_column }]));
}

/** Models whose rows others refer to come first. */
async function inDependencyOrder(database: Database, models: Record<string, RuntimeModel>): Promise<[string, RuntimeModel][]> {
  const entries = Object.entries(models);
  const dependencies = new Map<string, Set<string>>();
  for (const [name, model] of entries) {
    const references = await foreignKeysOf(database, model.dbName ?? name);
    dependencies.set(model.dbName ?? name, new Set([...references.values()].map((reference) => reference.table)));
  }
  const ordered: [string, RuntimeModel][] = [];
  const done = new Set<string>();
  while (ordered.length < entries.length) {
    const ready = entries.filter(([name, model]) => !done.has(name)
      && [...dependencies.get(model.dbName ?? name)!].every((table) => table === (model.dbName ?? name)
        || entries.some(([other, otherModel]) => done.has(other) && (otherModel.dbName ?? other) === table)));
    if (ready.length === 0) {
      throw new Error('circular foreign keys: order these models by hand in this test');
    }
    for (const entry of ready) {
      ordered.push(entry);
      done.add(entry[0]);
    }
  }
  return ordered;
}
