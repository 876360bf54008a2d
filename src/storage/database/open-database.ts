import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import { PrismaClient } from '../prisma/generated/client.js';
import { pgliteSqlDriver, pgSqlDriver, type SqlDriver } from './sql-driver.js';

export interface Database {
  readonly kind: 'postgresql' | 'pglite';
  readonly prisma: PrismaClient;
  readonly sql: SqlDriver;
  close(): Promise<void>;
}

export type DatabaseLocation =
  | { readonly kind: 'postgresql'; readonly url: string }
  /** `directory` undefined: in memory (tests). */
  | { readonly kind: 'pglite'; readonly directory: string | undefined };

export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if (location.kind === 'postgresql') {
    const pool = new pg.Pool({ connectionString: location.url, max: 10, connectionTimeoutMillis: 5000 });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      kind: 'postgresql',
      prisma,
      sql: pgSqlDriver(pool),
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const db = await PGlite.create(location.directory);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: 'pglite',
    prisma,
    sql: pgliteSqlDriver(db),
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}
