// Plain SQL beside Prisma: migrations need multi-statement scripts, which Prisma's raw queries do not run.
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

export interface SqlExecutor {
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlDriver extends SqlExecutor {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export function pgSqlDriver(pool: Pool): SqlDriver {
  const executor = (client: Pool | PoolClient): SqlExecutor => ({
    async exec(sql) {
      await client.query(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, [...params]);
      return result.rows as Row[];
    },
  });
  return {
    ...executor(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

export function pgliteSqlDriver(db: PGlite): SqlDriver {
  return {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(sql, [...params])).rows;
    },
    async transaction(work) {
      return db.transaction(async (tx) => work({
        async exec(sql) {
          await tx.exec(sql);
        },
        async query<Row extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) {
          return (await tx.query<Row>(sql, [...params])).rows;
        },
      }));
    },
  };
}
