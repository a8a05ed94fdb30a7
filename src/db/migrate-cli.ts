// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
// under DATA_DIR (default ./data), and says what it applied.
import 'dotenv/config';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ConfigError, parseConfig } from '../config.js';
import { firstLine } from '../log.js';
import { applyServerMigrations, migrateEmbedded } from './migrator.js';

async function migrate(): Promise<string[]> {
  // Settings are read in one place (config.ts), as for the bot; this tool needs no bot token.
  const config = parseConfig(process.env, { needsBot: false });
  const url = config.databaseUrl;
  if (url) return applyServerMigrations({ connectionString: url, connectionTimeoutMillis: 5_000 });
  const dir = join(config.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const pglite = new PGlite(dir);
  try {
    return await migrateEmbedded(pglite);
  } finally {
    await pglite.close();
  }
}

try {
  const applied = await migrate();
  console.log(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
} catch (error) {
  // An operator's mistake (server down, wrong URL) deserves a sentence, not a stack trace.
  console.error(
    error instanceof ConfigError ? error.message : `Could not migrate the database: ${firstLine(error)}`,
  );
  process.exitCode = 1;
}
// Done: exit now. Prisma's schema engine leaves a 10-second timer behind after migrating a server.
process.exit();
