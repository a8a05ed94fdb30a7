// Counts the round trips the application makes to its database, at the driver (the pg pool and its
// checked-out clients, or PGlite's query, exec and transaction calls), so a test can hold each
// command to a statement budget (BENCHMARKS.md) deterministically: a count, not a time.
//
// Work that belongs to no update (lease and claim renewals, take-overs, pruning: a cost per
// instance per second, not per message) runs inside inBackground() and is left out of the count.
// The async context that tells them apart is created only once a counter exists, so a bot that
// counts nothing pays nothing for it (AsyncLocalStorage slows every promise on Node 20).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

let background: AsyncLocalStorage<true> | undefined;

/** Runs periodic work that is on no update's path, so round-trip counters leave it out. */
export function inBackground<T>(work: () => T): T {
  return background ? background.run(true, work) : work();
}

export class RoundTrips {
  /** Round trips counted so far (background work left out). */
  count = 0;
  /** The first line of each counted statement, for a failing test to show what ran. */
  readonly log: string[] = [];

  constructor() {
    background ??= new AsyncLocalStorage<true>();
  }

  note(text: string): void {
    if (background?.getStore()) return;
    this.count++;
    if (this.log.length >= 10_000) this.log.splice(0, 5_000);
    this.log.push(text.replace(/\s+/g, ' ').trim().slice(0, 120));
  }

  /** Runs `work` (a test's own reads) without counting it. */
  ignoring<T>(work: () => T): T {
    return inBackground(work);
  }

  /** The statements counted since `from` (a count taken earlier). */
  since(from: number): string[] {
    return this.log.slice(Math.max(0, this.log.length - (this.count - from)));
  }
}

type QueryArg = string | { text: string };
const textOf = (arg: unknown): string =>
  typeof arg === 'string' ? arg : ((arg as { text?: string })?.text ?? String(arg));

/**
 * Counts every query sent through `pool`: pool.query (one round trip each; the client it borrows is
 * not counted again) and the queries of clients checked out with pool.connect() (Prisma's
 * transactions: BEGIN, each statement, COMMIT).
 */
export function countPool(pool: pg.Pool, counter: RoundTrips): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    counter.note(textOf(args[0]));
    return query(...args);
  };
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { connect: unknown }).connect = (...args: unknown[]) => {
    if (typeof args[0] === 'function') return connect(...args);
    return (connect() as Promise<pg.PoolClient>).then((client) => countClient(client, counter));
  };
}

const counted = new WeakSet<object>();
const out = new WeakMap<object, boolean>();

function countClient(client: pg.PoolClient, counter: RoundTrips): pg.PoolClient {
  out.set(client, true);
  if (!counted.has(client)) {
    counted.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      // Only while checked out by connect(): pool.query borrows the same clients, counted there.
      if (out.get(client)) counter.note(textOf(args[0] as QueryArg));
      return query(...args);
    };
  }
  // The pool gives a client a new release function at every checkout: wrapped each time, or a
  // client borrowed later by pool.query would still count as checked out (counted twice).
  const release = client.release.bind(client);
  client.release = (...args: Parameters<typeof release>) => {
    out.set(client, false);
    return release(...args);
  };
  return client;
}

/** Counts every query, exec and transaction (BEGIN, its statements, COMMIT) sent to `pglite`. */
export function countPGlite(pglite: PGlite, counter: RoundTrips): void {
  const query = pglite.query.bind(pglite);
  const exec = pglite.exec.bind(pglite);
  const transaction = pglite.transaction.bind(pglite);
  pglite.query = ((text: string, ...rest: unknown[]) => {
    counter.note(text);
    return (query as (...a: unknown[]) => unknown)(text, ...rest);
  }) as typeof pglite.query;
  pglite.exec = ((text: string, ...rest: unknown[]) => {
    counter.note(text);
    return (exec as (...a: unknown[]) => unknown)(text, ...rest);
  }) as typeof pglite.exec;
  pglite.transaction = (<T>(work: (tx: Transaction) => Promise<T>) => {
    counter.note('BEGIN');
    return transaction(async (tx) => {
      const counting: Transaction = Object.create(tx);
      counting.query = ((text: string, ...rest: unknown[]) => {
        counter.note(text);
        return (tx.query as (...a: unknown[]) => unknown)(text, ...rest);
      }) as Transaction['query'];
      counting.exec = ((text: string, ...rest: unknown[]) => {
        counter.note(text);
        return (tx.exec as (...a: unknown[]) => unknown)(text, ...rest);
      }) as Transaction['exec'];
      try {
        return await work(counting);
      } finally {
        counter.note('COMMIT');
      }
    });
  }) as typeof pglite.transaction;
}
