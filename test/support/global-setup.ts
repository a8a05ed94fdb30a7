// Runs once before the integration tests: migrates one database and leaves it for every test file
// to copy (see db.ts), so no file pays for PGlite's initdb or the migrations. On PGlite the
// migrated data folder is dumped to a file in the temp folder; on the PostgreSQL server named by
// TEST_DATABASE_URL it is a template database that CREATE DATABASE ... TEMPLATE copies.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase } from '../../src/db/client.js';
import { migrateEmbedded } from '../../src/db/migrator.js';
import { TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV } from '../../src/testing/db.js';

export default async function setup(): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `hisaab_template_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' });
    await db.close();
    process.env[TEMPLATE_DB_ENV] = name;
    return async () => {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
  }
  const pglite = new PGlite();
  await migrateEmbedded(pglite);
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const dir = await mkdtemp(join(tmpdir(), 'hisaab-template-'));
  const file = join(dir, 'migrated.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  process.env[TEMPLATE_DUMP_ENV] = file;
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
