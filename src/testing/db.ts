// A fresh, migrated database per test (and per benchmark): embedded PGlite by default (loaded from a dump of one
// migrated data folder, which is much faster than initdb and the migrations each time), or a new
// database on the PostgreSQL server named by TEST_DATABASE_URL (copied from a migrated template
// when the global setup made one), dropped on close.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openDatabase } from '../db/client.js';
import { migrateEmbedded } from '../db/migrator.js';
import type { RoundTrips } from '../db/round-trips.js';

/** Set by test/support/global-setup.ts: a tar of a migrated PGlite data folder. */
export const TEMPLATE_DUMP_ENV = 'HISAAB_TEST_PGLITE_DUMP';
/** Set by test/support/global-setup.ts: a migrated database on the TEST_DATABASE_URL server, to copy. */
export const TEMPLATE_DB_ENV = 'HISAAB_TEST_TEMPLATE_DB';

export interface TestDatabase extends Database {
  /** The server database's URL (undefined on PGlite). */
  url?: string;
  /** The embedded database itself (undefined on a server). */
  pglite?: PGlite;
}

let template: Promise<Blob> | undefined;

/** The migrated data folder as a tar: the global setup's, or made here once (benchmarks run without it). */
function migratedDump(): Promise<Blob> {
  template ??= (async () => {
    const file = process.env[TEMPLATE_DUMP_ENV];
    if (file) return new Blob([await readFile(file)]);
    const pglite = new PGlite();
    await migrateEmbedded(pglite);
    const dump = await pglite.dumpDataDir('none');
    await pglite.close();
    return dump;
  })();
  return template;
}

/** Writes a migrated embedded database where the app looks for one in `dataDir` (`<dataDir>/pglite`). */
export async function writeMigratedDataDir(dataDir: string): Promise<void> {
  const dir = join(dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const pglite = new PGlite(dir, { loadDataDir: await migratedDump() });
  await pglite.waitReady;
  await pglite.close();
}

export async function createTestDatabase(options: { roundTrips?: RoundTrips } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const { roundTrips } = options;
  if (!serverUrl) {
    const pglite = new PGlite({ loadDataDir: await migratedDump() });
    await pglite.waitReady;
    return { ...(await openDatabase({ dataDir: 'memory://', pglite, migrate: false, roundTrips })), pglite };
  }
  const name = `hisaab_test_${randomBytes(6).toString('hex')}`;
  const templateDb = process.env[TEMPLATE_DB_ENV];
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${templateDb ? ` TEMPLATE ${templateDb}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({
    databaseUrl: url.toString(),
    dataDir: 'memory://',
    migrate: !templateDb,
    roundTrips,
  });
  return {
    ...db,
    url: url.toString(),
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
