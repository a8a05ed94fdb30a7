// Part of the build (`npm run build`, run by `npm install`, after tsc): creates an embedded database
// with every migration applied in dist/pglite-template, which the bot copies on its first start
// instead of running PostgreSQL's initdb and the schema engine itself. Both need WebAssembly memory
// that a process never gives back (initdb 650-900 MB, the engine tens of MB); here it is spent once,
// in this short-lived process. Made again on every build, so that it matches the installed PGlite and
// the migrations; a migration added later is applied by the bot at start-up as usual.
import { rename, rm } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { migrateEmbedded } from '../dist/src/db/migrator.js';

const target = new URL('../dist/pglite-template', import.meta.url).pathname;
const building = `${target}.building`;
await rm(building, { recursive: true, force: true });
const db = await PGlite.create({ dataDir: building });
await migrateEmbedded(db);
await db.close();
await rm(target, { recursive: true, force: true });
await rename(building, target);
