// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
// under DATA_DIR (default ./data), and says what it applied.
import 'dotenv/config';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { firstLine } from '../log.js';
import { applyMigrations, applyServerMigrations } from './migrator.js';

async function migrate(): Promise<string[]> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) return applyServerMigrations({ connectionString: url, connectionTimeoutMillis: 5_000 });
  const dir = join(process.env.DATA_DIR?.trim() || './data', 'pglite');
  await mkdir(dir, { recursive: true });
  const pglite = new PGlite(dir);
  try {
    return await applyMigrations(new PrismaPGlite(pglite));
  } finally {
    await pglite.close();
  }
}

try {
  const applied = await migrate();
  console.log(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
} catch (error) {
  // An operator's mistake (server down, wrong URL) deserves a sentence, not a stack trace.
  console.error(`Could not migrate the database: ${firstLine(error)}`);
  process.exitCode = 1;
}
// Done: exit now. Prisma's schema engine leaves a 10-second timer behind after migrating a server.
process.exit();
