// `npm run db:diff -- NAME`: writes prisma/migrations/TIMESTAMP_NAME/migration.sql from the change to
// schema.prisma since the last migration, offline.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../core/project-root.js';
import { defaultMigrationsDir, readMigrations } from '../storage/migrations/read-migrations.js';
import { diffSchema } from '../storage/migrations/schema-diff.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]{1,60}$/.test(name)) {
  process.stderr.write('usage: npm run db:diff -- NAME   (NAME: lower-case letters, digits and _, e.g. add_devices)\n');
  process.exit(2);
}

const schemaText = readFileSync(join(projectRoot, 'prisma', 'schema.prisma'), 'utf8');
const diff = await diffSchema(readMigrations(), schemaText);
if (diff.empty) {
  process.stdout.write('schema.prisma and the migrations agree: nothing to write\n');
} else {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dir = join(defaultMigrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), diff.sql);
  process.stdout.write(`wrote ${join(dir, 'migration.sql')}\n`);
}
