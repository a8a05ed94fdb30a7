// Plain SQL on the same database and driver as the Prisma client, for the few statements on the
// hot path of every /paid (resolve names, record the expense, the update inbox). Measured on
// PostgreSQL (BENCHMARKS.md), one query through the Prisma client costs 0.36 ms of CPU and an
// interactive transaction 0.94 ms, against 0.08 ms for the same query on the driver; the bot is
// CPU-bound, so those statements go straight to the driver. Everything else stays on Prisma.
//
// Parameters are plain values (numbers, strings, null, arrays of them): bigints and timestamps
// are passed as text and cast in the SQL, which both drivers read the same way.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

export type SqlValue = string | number | boolean | null;
export type SqlParam = SqlValue | readonly SqlValue[];

export interface SqlQueryable {
  query<Row>(text: string, params?: readonly SqlParam[]): Promise<Row[]>;
}

export interface Sql extends SqlQueryable {
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

export function sqlOnPool(pool: pg.Pool): Sql {
  return {
    async query<Row>(text: string, params: readonly SqlParam[] = []) {
      const result = await pool.query(text, params as unknown[]);
      return result.rows as Row[];
    },
    async transaction<T>(work: (tx: SqlQueryable) => Promise<T>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const value = await work({
          async query<Row>(text: string, params: readonly SqlParam[] = []) {
            const result = await client.query(text, params as unknown[]);
            return result.rows as Row[];
          },
        });
        await client.query('COMMIT');
        return value;
      } catch (error) {
        // A connection that cannot even roll back is dropped from the pool, not reused.
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}

/** PGlite is one connection; its transaction() holds every other query back until it ends. */
export function sqlOnPGlite(pglite: PGlite): Sql {
  const on = (db: PGlite | Transaction): SqlQueryable => ({
    async query<Row>(text: string, params: readonly SqlParam[] = []) {
      const result = await db.query<Row>(text, params as unknown[]);
      return result.rows;
    },
  });
  return {
    ...on(pglite),
    transaction: (work) => pglite.transaction((tx) => work(on(tx))),
  };
}
