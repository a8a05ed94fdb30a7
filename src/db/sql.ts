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
import pg from 'pg';

/**
 * SQL that reads a timestamp column as ISO 8601 text in UTC (`new Date(text)` takes it): stored
 * timestamps have no zone and hold UTC, and drivers would otherwise read them in local time.
 */
export function isoUtc(column: string): string {
  return `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export type SqlValue = string | number | boolean | null;
export type SqlParam = SqlValue | readonly SqlValue[];

export interface Sql {
  query<Row>(text: string, params?: readonly SqlParam[]): Promise<Row[]>;
}

/** How every pool on a PostgreSQL server is set up. */
export function serverPoolConfig(url: string, max: number): pg.PoolConfig {
  return {
    connectionString: url,
    max,
    // pg waits forever for a connection by default; a dead database must fail fast.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  };
}

/**
 * A pool on a server. An idle connection the server closed (a restart) is dropped by the pool and
 * reported by the next query that needs one; without an error listener it would crash the process.
 */
export function createServerPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => {
    // dropped on purpose: the next query that needs a connection reports the failure
  });
  return pool;
}

/** A pool of its own on a server, for plain SQL only (the export worker, which needs no Prisma). */
export function openServerSql(url: string, max: number): { sql: Sql; close(): Promise<void> } {
  const pool = createServerPool(serverPoolConfig(url, max));
  return { sql: sqlOnPool(pool), close: () => pool.end() };
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
