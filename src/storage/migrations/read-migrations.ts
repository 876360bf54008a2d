import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../../core/project-root.js';
import { sha256 } from '../../core/random-token.js';

export interface Migration {
  /** The folder name, e.g. 20261125120000_init; names sort in the order they apply. */
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export const defaultMigrationsDir = join(projectRoot, 'prisma', 'migrations');

/** Reads prisma/migrations/NAME/migration.sql, in name order. */
export function readMigrations(dir: string = defaultMigrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: sha256(sql) };
    });
}
