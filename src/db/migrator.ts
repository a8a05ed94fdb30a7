// Applies prisma/migrations offline with Prisma's own WebAssembly schema engine, on a PostgreSQL
// server (adapter-pg) or embedded PGlite alike. It records `_prisma_migrations` exactly as
// `prisma migrate deploy` does (checksum = sha256 of migration.sql), so both tools agree. The
// native engine the Prisma CLI would download is not needed (and cannot be fetched here). The
// stored functions are applied after the migrations, from their own files (stored-functions.ts).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type {
  MigrationDirectory,
  MigrationList,
  SchemaEngine,
} from '@prisma/schema-engine-wasm/schema_engine_bg';
import type pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PROJECT_ROOT } from '../project-root.js';
import { createServerPool } from './sql.js';
import { applyStoredFunctions, changedStoredFunctions, type ScriptRunner } from './stored-functions.js';

// Read at run time from the project's prisma/ folder, from src/ and dist/ alike (not copied to dist/).
const ROOT = PROJECT_ROOT;
export const SCHEMA_PATH = join(ROOT, 'prisma', 'schema.prisma');
export const MIGRATIONS_DIR = join(ROOT, 'prisma', 'migrations');

const FILTERS = { externalTables: [], externalEnums: [] };

type EngineModule = { SchemaEngine: typeof SchemaEngine };

let engineModule: Promise<EngineModule> | undefined;

/** Loads the WebAssembly engine once per process (it takes a moment and never changes). */
function loadEngineModule() {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasm = await readFile(join(bgPath, '..', 'schema_engine_bg.wasm'));
    // The WebAssembly global is in Node but not in the ES lib typings this project compiles with.
    const { WebAssembly: wasmApi } = globalThis as unknown as {
      WebAssembly: {
        instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
      };
    };
    const { instance } = await wasmApi.instantiate(wasm, { './schema_engine_bg.js': bg });
    const exports = instance.exports as { __wbindgen_start: () => void };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bg as EngineModule;
  })();
  return engineModule;
}

async function createEngine(factory: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  return SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    () => {
      // the engine's log callback: its messages are not needed, failures come back as errors
    },
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}

/**
 * Applies pending migrations on a PostgreSQL server. adapter-pg runs a migration script by
 * splitting it at every ";", which breaks a function body ($$ ... ; ... $$), so each script goes
 * whole over the simple query protocol, as the Prisma CLI does. One connection, so that the
 * engine's session advisory lock and the scripts share it, closed at the end (an open idle
 * connection would keep a short-lived process such as `npm run export` alive for 30 s).
 */
export async function applyServerMigrations(config: pg.PoolConfig): Promise<string[]> {
  const pool = createServerPool({ ...config, max: 1 });
  const factory = new PrismaPg(pool);
  const runner: ScriptRunner = {
    query: async (sql) => (await pool.query(sql)).rows,
    exec: async (script) => {
      await pool.query(script);
    },
  };
  try {
    if (await migrationsUpToDate(runner.query)) return [];
    const applied = await applyMigrations({
      provider: factory.provider,
      adapterName: factory.adapterName,
      async connect() {
        const adapter = await factory.connect();
        adapter.executeScript = async (script: string) => {
          await pool.query(script);
        };
        return adapter;
      },
      connectToShadowDb: () => factory.connectToShadowDb(),
    });
    return [...applied, ...(await applyStoredFunctions(runner))];
  } finally {
    await pool.end();
  }
}

/**
 * Applies pending migrations and changed stored functions on an embedded PGlite; returns the names
 * applied. The schema engine is loaded only when a migration is pending (see migrationsUpToDate).
 */
export async function migrateEmbedded(pglite: PGlite): Promise<string[]> {
  const runner: ScriptRunner = {
    query: async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows,
    exec: async (script) => {
      await pglite.exec(script);
    },
  };
  if (await migrationsUpToDate(runner.query)) return [];
  const applied = await applyMigrations(new PrismaPGlite(pglite));
  return [...applied, ...(await applyStoredFunctions(runner))];
}

/** The migrations folder in the shape the engine takes. */
export async function loadMigrations(): Promise<MigrationList> {
  const entries = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = join(MIGRATIONS_DIR, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  const migrationDirectories = await Promise.all(
    entries.map(
      async (name): Promise<MigrationDirectory> => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok', value: await readFile(join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8') },
        },
      }),
    ),
  );
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/**
 * True when every migration in the folder is recorded as applied, with the same checksum, and none
 * has failed: then the schema engine is not needed. Its WebAssembly memory (tens of MB) would
 * otherwise stay in the bot's process for good after every start, and loading it takes a moment.
 * Anything else (no table yet, a pending, changed or failed migration) goes to the engine, which
 * applies, or refuses with its own explanation, as before.
 */
export async function migrationsUpToDate(
  query: (sql: string) => Promise<Record<string, unknown>[]>,
): Promise<boolean> {
  let rows: Record<string, unknown>[];
  try {
    rows = await query(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
       FROM _prisma_migrations`,
    );
  } catch {
    return false; // no _prisma_migrations yet: a new database
  }
  if (rows.some((row) => !row.finished && !row.rolled_back)) return false; // a failed migration
  const applied = new Map(
    rows.filter((row) => row.finished).map((row) => [row.migration_name, row.checksum]),
  );
  const { migrationDirectories } = await loadMigrations();
  const migrated = migrationDirectories.every(
    (m) => applied.get(m.path) === checksum(m.migrationFile.content.value),
  );
  const exec = async () => {
    throw new Error('read only');
  };
  return migrated && (await changedStoredFunctions({ query, exec })).length === 0;
}

/**
 * Applies every pending versioned migration; returns the names applied (none when up to date). The
 * stored functions are not applied here: use migrateEmbedded or applyServerMigrations.
 */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const engine = await createEngine(factory);
  try {
    const result = await engine.applyMigrations({ migrationsList: await loadMigrations(), filters: FILTERS });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * The SQL that would bring the migrations up to the schema, or '' when they match: `migrate dev`
 * offline. `factory` should be an in-memory PGlite (its shadow database lives in memory too).
 */
export async function diffMigration(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  const engine = await createEngine(factory);
  try {
    const schema = await readFile(SCHEMA_PATH, 'utf8');
    const migrations = await loadMigrations();
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrations },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: true,
      filters: FILTERS,
    });
    return result.exitCode === 2 ? (result.stdout ?? '') : '';
  } finally {
    engine.free();
  }
}

export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}
