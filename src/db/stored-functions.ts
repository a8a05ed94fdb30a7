// The stored functions (hisaab_*) as one current file each in prisma/functions/, applied after the
// versioned migrations whenever a file's checksum changes, in one transaction: Flyway's repeatable
// migrations. A change to a function's body is an edit of its file, and following /paid to the
// database means opening one file, not three migration folders. What CREATE OR REPLACE cannot do
// (a changed signature or return type, a dropped function) stays a versioned migration, which drops
// the old one; migrations never call a hisaab_* function, since they run before the files do.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

export const FUNCTIONS_DIR = join(PROJECT_ROOT, 'prisma', 'functions');

/** Which file was applied with which checksum; kept beside Prisma's own _prisma_migrations. */
const APPLIED_TABLE = '"_hisaab_functions"';
/** Taken for the transaction that applies files, so that two instances starting at once queue. */
const APPLY_LOCK_KEY = 7_314_159;
const FILE_NAME = /^(hisaab_[a-z0-9_]+)\.sql$/;

export interface StoredFunctionFile {
  name: string;
  sql: string;
  checksum: string;
}

/** A database as the applier needs it: rows of a query, and a script of several statements. */
export interface ScriptRunner {
  query(sql: string): Promise<Record<string, unknown>[]>;
  exec(script: string): Promise<void>;
}

export async function loadStoredFunctions(dir = FUNCTIONS_DIR): Promise<StoredFunctionFile[]> {
  const names = (await readdir(dir)).filter((name) => FILE_NAME.test(name)).sort();
  return Promise.all(
    names.map(async (file) => {
      const sql = await readFile(join(dir, file), 'utf8');
      const name = FILE_NAME.exec(file)?.[1] ?? file;
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/** The checksums recorded as applied, by function name; empty on a database that has none yet. */
async function appliedChecksums(db: ScriptRunner): Promise<Map<string, string>> {
  try {
    const rows = await db.query(`SELECT name, checksum FROM ${APPLIED_TABLE}`);
    return new Map(rows.map((row) => [String(row.name), String(row.checksum)]));
  } catch {
    return new Map(); // no table yet
  }
}

/** The files whose text differs from what was last applied. */
export async function changedStoredFunctions(db: ScriptRunner): Promise<StoredFunctionFile[]> {
  const [files, applied] = await Promise.all([loadStoredFunctions(), appliedChecksums(db)]);
  return files.filter((file) => applied.get(file.name) !== file.checksum);
}

/** Applies every changed file in one transaction; returns the names applied. */
export async function applyStoredFunctions(db: ScriptRunner): Promise<string[]> {
  const changed = await changedStoredFunctions(db);
  if (changed.length === 0) return [];
  const record = changed
    .map((file) => `('${file.name}', '${file.checksum}')`) // names match FILE_NAME, checksums are hex
    .join(', ');
  await db.exec(
    [
      'BEGIN',
      `SELECT pg_advisory_xact_lock(${APPLY_LOCK_KEY})`,
      `CREATE TABLE IF NOT EXISTS ${APPLIED_TABLE} (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      ...changed.map((file) => file.sql.trim().replace(/;\s*$/, '')),
      `INSERT INTO ${APPLIED_TABLE} (name, checksum) VALUES ${record}
         ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()`,
      'COMMIT',
    ].join(';\n'),
  );
  return changed.map((file) => file.name);
}
