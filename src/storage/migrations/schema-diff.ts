// Prisma's schema engine, as WebAssembly, compares the migrations with schema.prisma offline
// (the native engine cannot be downloaded here). An in-memory PGlite serves as the shadow database.
// Development tooling: used by `npm run db:diff` and the drift test, never by the server.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import type { Migration } from './read-migrations.js';

export interface SchemaDiff {
  /** True when the migrations already produce the schema. */
  readonly empty: boolean;
  /** The SQL that takes the migrated database to the schema. */
  readonly sql: string;
}

type EngineModule = typeof import('@prisma/schema-engine-wasm');
type WasmExports = Record<string, unknown>;

// The WebAssembly global, typed narrowly: the project's lib settings do not include the DOM's types.
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: WasmExports } }> };
};

let engineModule: Promise<EngineModule> | undefined;

/** Once a process: the glue code keeps views of the instance's memory, so a second instance confuses it. */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= instantiateEngineModule();
  return engineModule;
}

async function instantiateEngineModule(): Promise<EngineModule> {
  // Instantiated by hand rather than imported, so that no --experimental-wasm-modules flag is needed.
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const glue = (await import(join(packageDir, 'schema_engine_bg.js'))) as EngineModule & {
    __wbg_set_wasm(exports: WasmExports): void;
  };
  const bytes = readFileSync(join(packageDir, 'schema_engine_bg.wasm'));
  const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/** The SQL that takes a database migrated with `migrations` (none: empty) to `schemaText`. */
export async function diffSchema(migrations: readonly Migration[], schemaText: string): Promise<SchemaDiff> {
  const engineModule = await loadEngineModule();
  const shadow = new PGlite();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(shadow));
  const schemaFile = { path: 'schema.prisma', content: schemaText };
  const engine = await engineModule.SchemaEngine.new({ datamodels: [[schemaFile.path, schemaFile.content]] }, () => undefined, adapter);
  try {
    const from = migrations.length === 0
      ? { tag: 'empty' as const }
      : {
        tag: 'migrations' as const,
        baseDir: 'migrations',
        lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"' },
        migrationDirectories: migrations.map((migration) => ({
          path: migration.name,
          migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: migration.sql } },
        })),
        shadowDbInitScript: '',
      };
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [schemaFile] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return { empty: result.exitCode === 0, sql: result.stdout ?? '' };
  } finally {
    engine.free();
    await shadow.close();
  }
}
