// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
// under DATA_DIR (default ./data), and says what it applied.
import 'dotenv/config';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations, applyServerMigrations } from './migrator.js';

const url = process.env.DATABASE_URL?.trim();
let applied: string[];
if (url) {
  applied = await applyServerMigrations({ connectionString: url, connectionTimeoutMillis: 5_000 });
} else {
  const dir = join(process.env.DATA_DIR?.trim() || './data', 'pglite');
  await mkdir(dir, { recursive: true });
  const pglite = new PGlite(dir);
  try {
    applied = await applyMigrations(new PrismaPGlite(pglite));
  } finally {
    await pglite.close();
  }
}
console.log(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
// Done: exit now. Prisma's schema engine leaves a 10-second timer behind after migrating a server.
process.exit(0);
