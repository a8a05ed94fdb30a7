// The Prisma client, on a PostgreSQL server when a URL is given, else on embedded PGlite (real
// PostgreSQL compiled to WebAssembly, in-process, persisted to a folder) so that `npm start` and
// `npm test` need no server. Migrations are applied on open, offline (see migrator.ts).
//
// PGlite is one connection: its adapter runs each interactive transaction under PGlite's own
// transaction lock, so concurrent transactions queue rather than interleave. They can queue for a
// while under load, hence the long maxWait there. Isolation levels are not honoured on PGlite
// (the adapter sets them outside the transaction), so correctness relies on row locks and unique
// constraints, which hold on both databases.
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations, applyServerMigrations } from './migrator.js';
import { createServerPool, type Sql, serverPoolConfig, sqlOnPGlite, sqlOnPool } from './sql.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  prisma: PrismaClient;
  /** The same database through its driver, for the hot path (see sql.ts). */
  sql: Sql;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** PGlite's folder when there is no URL (the data goes to `<dataDir>/pglite`); 'memory://' keeps it in memory. */
  dataDir: string;
  migrate?: boolean;
  poolSize?: number;
  connectionTimeoutMs?: number;
  /** An already running PGlite (tests clone a migrated one). */
  pglite?: PGlite;
}

export class DatabaseLockedError extends Error {
  constructor(dir: string, pid: string) {
    super(
      `The embedded database in ${dir} is in use by another Hisaab process (pid ${pid}); stop it first, or set DATABASE_URL to share a PostgreSQL server.`,
    );
    this.name = 'DatabaseLockedError';
  }
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openServer(options.databaseUrl, options) : openEmbedded(options);
}

async function openServer(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const poolConfig = {
    ...serverPoolConfig(url, options.poolSize ?? 10),
    ...(options.connectionTimeoutMs ? { connectionTimeoutMillis: options.connectionTimeoutMs } : {}),
  };
  if (options.migrate ?? true) await applyServerMigrations(poolConfig);
  // One pool for Prisma and for plain SQL, so the connection limit is the pool's.
  const pool = createServerPool(poolConfig);
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: 5_000, timeout: 15_000 },
  });
  let closed: Promise<void> | undefined;
  return {
    prisma,
    sql: sqlOnPool(pool),
    kind: 'postgres',
    close: () => {
      closed ??= (async () => {
        await prisma.$disconnect();
        await pool.end();
      })();
      return closed;
    },
  };
}

async function openEmbedded(options: OpenDatabaseOptions): Promise<Database> {
  const inMemory = options.dataDir === 'memory://';
  const dir = join(options.dataDir, 'pglite');
  let releaseLock = async () => {
    // nothing to release unless a lock is taken below
  };
  let pglite = options.pglite;
  if (!pglite) {
    if (!inMemory) {
      await mkdir(dir, { recursive: true });
      releaseLock = await lockDataDir(dir);
    }
    try {
      pglite = inMemory ? new PGlite() : new PGlite(dir);
      await pglite.waitReady;
    } catch (error) {
      await releaseLock();
      throw error;
    }
  }
  const running = pglite;
  if (options.migrate ?? true) await applyMigrations(new PrismaPGlite(running));
  const prisma = new PrismaClient({
    adapter: new PrismaPGlite(running),
    transactionOptions: { maxWait: 60_000, timeout: 60_000 },
  });
  let closed: Promise<void> | undefined;
  return {
    prisma,
    sql: sqlOnPGlite(running),
    kind: 'pglite',
    close: () => {
      closed ??= (async () => {
        await prisma.$disconnect();
        await running.close();
        await releaseLock();
      })();
      return closed;
    },
  };
}

/** One process per PGlite folder: two would corrupt it. A lock left by a dead process is taken over. */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lockPath = join(dir, '.hisaab.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = (await readFile(lockPath, 'utf8').catch(() => '')).trim();
      if (pid && pid !== String(process.pid) && isAlive(Number(pid))) throw new DatabaseLockedError(dir, pid);
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
