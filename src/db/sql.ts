// Plain SQL on the same database and driver as the Prisma client, for the statements on the path
// of every /paid (resolve names, record the expense, the update inbox), the ledger's functions and
// the reads Prisma cannot express. Every statement is declared once in db/queries/ with typed
// parameters and row (the one typed seam); nothing else sends SQL text. Measured on
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

/**
 * The column types a statement may return: the ones both drivers (pg and PGlite) read into the same
 * JavaScript value. Everything else is cast in the SQL: bigint and numeric to text (exact, and the
 * drivers disagree on bigint), timestamps to ISO text with isoUtc(). A trailing `?` means nullable.
 */
export type ColumnType = 'int4' | 'text' | 'bool' | 'jsonb';
export type ColumnSpec = Record<string, ColumnType | `${ColumnType}?`>;
type ValueOf<T> = T extends 'int4'
  ? number
  : T extends 'text'
    ? string
    : T extends 'bool'
      ? boolean
      : unknown;
export type RowOf<C extends ColumnSpec> = {
  -readonly [K in keyof C]: C[K] extends `${infer Base}?` ? ValueOf<Base> | null : ValueOf<C[K]>;
};

/**
 * One plain-SQL statement with its parameters' types and the row it returns. The declared columns
 * are checked against the database itself by test/db/statements.test.ts, on PGlite and PostgreSQL.
 */
export interface Statement<P extends readonly SqlParam[], C extends ColumnSpec> {
  readonly name: string;
  readonly text: string;
  readonly columns: C;
  /** Only carries the parameter types. */
  readonly params?: P;
}

/** `statement<[groupId: number]>()('name', 'SELECT ...', { id: 'int4' })`: parameters given, row inferred. */
export function statement<P extends readonly SqlParam[]>() {
  return <const C extends ColumnSpec>(name: string, text: string, columns: C): Statement<P, C> => ({
    name,
    text,
    columns,
  });
}

export interface Sql {
  /**
   * True on PGlite: a statement runs in this process and holds its event loop until it is done, so
   * long work is cut into short statements (a server's statement only waits on a socket).
   */
  readonly inProcess?: boolean;
  run<P extends readonly SqlParam[], C extends ColumnSpec>(
    statement: Statement<P, C>,
    params: P,
  ): Promise<RowOf<C>[]>;
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
    async run(statement, params) {
      const result = await pool.query(statement.text, params as unknown as unknown[]);
      return result.rows;
    },
  };
}

/** PGlite is one connection; it holds a query back while a Prisma transaction is open on it. */
export function sqlOnPGlite(pglite: PGlite): Sql {
  return {
    inProcess: true,
    async run<P extends readonly SqlParam[], C extends ColumnSpec>(statement: Statement<P, C>, params: P) {
      const result = await pglite.query<RowOf<C>>(statement.text, params as unknown as unknown[]);
      return result.rows;
    },
  };
}
