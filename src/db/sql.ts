// Plain SQL on the same database and driver as the Prisma client, for the few statements on the
// path of every /paid (resolve names, record the expense, the update inbox). Measured on
// PostgreSQL (BENCHMARKS.md), one query through the Prisma client costs 0.36 ms of CPU and an
// interactive transaction 0.94 ms, against 0.08 ms for the same query on the driver; the bot is
// CPU-bound, so those statements go straight to the driver. Everything else stays on Prisma.
//
// Each call is one statement, atomic on its own (a write that needs several steps is a function
// in a migration, such as hisaab_record_expense). Parameters are plain values (numbers, strings,
// null, arrays of them): bigints and timestamps are passed as text and cast in the SQL, which both
// drivers read the same way.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export type SqlValue = string | number | boolean | null;
export type SqlParam = SqlValue | readonly SqlValue[];

export interface Sql {
  query<Row>(text: string, params?: readonly SqlParam[]): Promise<Row[]>;
}

export function sqlOnPool(pool: pg.Pool): Sql {
  return {
    async query<Row>(text: string, params: readonly SqlParam[] = []) {
      const result = await pool.query(text, params as unknown[]);
      return result.rows as Row[];
    },
  };
}

/** PGlite is one connection; it holds a query back while a Prisma transaction is open on it. */
export function sqlOnPGlite(pglite: PGlite): Sql {
  return {
    async query<Row>(text: string, params: readonly SqlParam[] = []) {
      const result = await pglite.query<Row>(text, params as unknown[]);
      return result.rows;
    },
  };
}
