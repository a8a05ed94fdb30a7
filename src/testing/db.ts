// A fresh, migrated database per test file (and per benchmark): embedded PGlite by default (a clone
// of one migrated template per worker, which is much faster than migrating each time), or a new
// database on the PostgreSQL server named by TEST_DATABASE_URL, dropped on close.
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { type Database, openDatabase } from '../db/client.js';
import { applyMigrations } from '../db/migrator.js';

export interface TestDatabase extends Database {
  /** The server database's URL (undefined on PGlite). */
  url?: string;
  /** The embedded database itself (undefined on a server). */
  pglite?: PGlite;
}

let template: Promise<PGlite> | undefined;

function migratedTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const pglite = new PGlite();
    await applyMigrations(new PrismaPGlite(pglite));
    return pglite;
  })();
  return template;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const pglite = (await (await migratedTemplate()).clone()) as PGlite;
    return { ...(await openDatabase({ dataDir: 'memory://', pglite, migrate: false })), pglite };
  }
  const name = `hisaab_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' });
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
