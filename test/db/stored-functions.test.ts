// The stored functions' files are the truth: a migrated database holds exactly the functions of
// prisma/functions/, each as its file says (re-applying a file changes nothing), a file whose text
// changed is applied again on the next start, and no versioned migration calls a hisaab_* function
// (migrations run before the files, so such a call would run an outdated body).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrateEmbedded } from '../../src/db/migrator.js';
import { loadStoredFunctions, type ScriptRunner } from '../../src/db/stored-functions.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';

const DEFINITIONS = `SELECT p.proname AS name, pg_get_functiondef(p.oid) AS def
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = 'public' AND p.proname LIKE 'hisaab\\_%' ORDER BY 1, 2`;

let db: TestDatabase;
let client: pg.Client | undefined;
let runner: ScriptRunner;

beforeAll(async () => {
  db = await createTestDatabase();
  const { pglite, url } = db;
  if (pglite) {
    runner = {
      query: async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows,
      exec: async (script) => {
        await pglite.exec(script);
      },
    };
  } else {
    client = new pg.Client({ connectionString: url });
    await client.connect();
    const connected = client;
    runner = {
      query: async (sql) => (await connected.query(sql)).rows,
      exec: async (script) => {
        await connected.query(script);
      },
    };
  }
});

afterAll(async () => {
  await client?.end();
  await db?.close();
});

async function definitions(): Promise<Map<string, string>> {
  const rows = await runner.query(DEFINITIONS);
  return new Map(rows.map((row) => [String(row.name), String(row.def)]));
}

describe('stored functions, one current file each', () => {
  it('a migrated database has exactly the functions that prisma/functions/ has files for', async () => {
    const files = (await loadStoredFunctions()).map((file) => file.name).sort();
    expect([...(await definitions()).keys()].sort()).toEqual(files);
  });

  it('holds each function as its file says: applying the files again changes nothing', async () => {
    const before = await definitions();
    const files = await loadStoredFunctions();
    await runner.exec(
      ['BEGIN', ...files.map((f) => f.sql.trim().replace(/;\s*$/, '')), 'COMMIT'].join(';\n'),
    );
    expect(await definitions()).toEqual(before);
  });

  it('records every file as applied with its checksum', async () => {
    const rows = await runner.query('SELECT name, checksum FROM "_hisaab_functions" ORDER BY name');
    const files = await loadStoredFunctions();
    expect(rows.map((row) => [row.name, row.checksum])).toEqual(files.map((f) => [f.name, f.checksum]));
  });

  it('applies a file again on the next start when the database holds another text', async () => {
    if (!db.pglite) return; // the embedded path stands for both: the applier is one function
    await db.pglite.exec(`CREATE OR REPLACE FUNCTION hisaab_owed(p_group_id integer, p_debtor_id integer, p_creditor_id integer)
      RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT 42::numeric $$;
      UPDATE "_hisaab_functions" SET checksum = 'edited' WHERE name = 'hisaab_owed'`);
    expect(await migrateEmbedded(db.pglite)).toEqual(['hisaab_owed']);
    const owed = await db.pglite.query<{ owed: string }>('SELECT hisaab_owed(1, 2, 3)::text AS owed');
    expect(owed.rows[0]?.owed).toBe('0');
    expect(await migrateEmbedded(db.pglite)).toEqual([]);
  });
});

/** A migration's statements without comments and without dollar-quoted bodies. */
function topLevelSql(sql: string): string {
  return sql.replace(/\$(\w*)\$[\s\S]*?\$\1\$/g, '').replace(/--[^\n]*/g, '');
}

describe('versioned migrations', () => {
  it('never call a hisaab_* function (they run before the functions are applied)', async () => {
    const folders = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory());
    const calls: string[] = [];
    for (const folder of folders) {
      const sql = topLevelSql(await readFile(join(MIGRATIONS_DIR, folder.name, 'migration.sql'), 'utf8'));
      for (const match of sql.matchAll(/(\w+\s+)?(hisaab_\w+)\s*\(/gi)) {
        // Defining, dropping or attaching a function to a trigger is not calling it.
        if (!/^function\s+$/i.test(match[1] ?? '')) calls.push(`${folder.name}: ${match[2]}`);
      }
    }
    expect(calls).toEqual([]);
  });
});
