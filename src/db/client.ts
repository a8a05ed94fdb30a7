// The Prisma client, on a PostgreSQL server when a URL is given, else on embedded PGlite (real
// PostgreSQL compiled to WebAssembly, in-process, persisted to a folder) so that `npm start` and
// `npm test` need no server. Migrations are applied on open, offline (see migrator.ts).
//
// PGlite is one connection: its adapter runs each interactive transaction under PGlite's own
// transaction lock, so concurrent transactions queue rather than interleave. They can queue for a
// while under load, hence the long maxWait there. Isolation levels are not honoured on PGlite
// (the adapter sets them outside the transaction), so correctness relies on row locks and unique
// constraints, which hold on both databases.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { PROJECT_ROOT } from '../project-root.js';
import { lockDataDir } from './data-dir-lock.js';
import { applyServerMigrations, migrateEmbedded } from './migrator.js';
import { countPGlite, countPool, type RoundTrips } from './round-trips.js';
import { createServerPool, type Sql, serverPoolConfig, sqlOnPGlite, sqlOnPool } from './sql.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  prisma: PrismaClient;
  /** The same database through its driver, for the hot path (see sql.ts). */
  sql: Sql;
  kind: DatabaseKind;
  /** Counts round trips at the driver, when asked for (tests of the statement budget). */
  roundTrips?: RoundTrips;
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
  /** Counts every round trip the application makes (see round-trips.ts). */
  roundTrips?: RoundTrips;
}

export { DatabaseLockedError } from './data-dir-lock.js';

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
  if (options.roundTrips) countPool(pool, options.roundTrips);
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: 5_000, timeout: 15_000 },
  });
  let closed: Promise<void> | undefined;
  return {
    prisma,
    sql: sqlOnPool(pool),
    kind: 'postgres',
    ...(options.roundTrips ? { roundTrips: options.roundTrips } : {}),
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
      if (!inMemory) await createDataDirApart(dir);
      pglite = await PGlite.create({ dataDir: inMemory ? undefined : dir, startParams: SMALL_POSTGRES });
    } catch (error) {
      await releaseLock();
      throw error;
    }
  }
  const running = pglite;
  if (options.migrate ?? true) await migrateEmbedded(running);
  if (options.roundTrips) countPGlite(running, options.roundTrips);
  const prisma = new PrismaClient({
    adapter: new PrismaPGlite(running),
    transactionOptions: { maxWait: 60_000, timeout: 60_000 },
  });
  let closed: Promise<void> | undefined;
  return {
    prisma,
    sql: sqlOnPGlite(running),
    kind: 'pglite',
    ...(options.roundTrips ? { roundTrips: options.roundTrips } : {}),
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

/**
 * PostgreSQL's settings for the embedded database, sized for one flat's bot rather than PostgreSQL's
 * defaults (128 MB of shared buffers, which PGlite holds in WebAssembly memory that is never given
 * back). Measured: an existing folder opened at 310 MB RSS with the defaults, 182 MB with these.
 * Passed on the command line (`-c`) so the folder's postgresql.conf is left as initdb wrote it.
 */
const SMALL_POSTGRES = [
  ...PGlite.defaultStartParams,
  ...['shared_buffers=16MB', 'work_mem=1MB', 'maintenance_work_mem=4MB', 'wal_buffers=256kB'].flatMap(
    (setting) => ['-c', setting],
  ),
];

/**
 * A freshly created PGlite folder, made once by the install step (`npm run build`, see
 * scripts/pglite-template.mjs), from which a first start copies instead of running initdb.
 */
export const PGLITE_TEMPLATE = join(PROJECT_ROOT, 'dist', 'pglite-template');

/**
 * Creates the PGlite folder when it does not exist yet, without running PostgreSQL's initdb in the
 * bot's process: initdb grows PGlite's WebAssembly memory to 650-900 MB, and WebAssembly memory is
 * never returned to the system, so that peak would stay for as long as the bot runs. A first start
 * copies the template the install step made (a few milliseconds and no memory); without one
 * (running from the TypeScript sources before any build), initdb runs in a short-lived child
 * process whose memory goes when it exits.
 */
async function createDataDirApart(dir: string): Promise<void> {
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  if (existsSync(join(PGLITE_TEMPLATE, 'PG_VERSION'))) {
    await cp(PGLITE_TEMPLATE, dir, { recursive: true });
    return;
  }
  await initdbInChild(dir);
}

/** Runs initdb for `dir` in a child process (also used by the install step's template script). */
export async function initdbInChild(dir: string): Promise<void> {
  // The child imports PGlite by absolute path: this works from src/ (tsx, tests) and dist/ alike,
  // whatever the working directory.
  const pgliteUrl = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  const script =
    'const { PGlite } = await import(process.argv[1]);' +
    'const db = await PGlite.create({ dataDir: process.argv[2] });' +
    'await db.close();';
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, pgliteUrl, dir], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: Error & { stderr?: string }) => {
    throw new Error(
      `could not create the embedded database in ${dir}: ${error.stderr?.trim() || error.message}`,
    );
  });
}
