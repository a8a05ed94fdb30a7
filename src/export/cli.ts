// `npm run export`: runs the weekly export once, now, with the same settings and worker as the bot
// (DATABASE_URL or the embedded database under DATA_DIR; S3_* or EXPORT_DIR), and prints the result.
import 'dotenv/config';
import { ConfigError, parseConfig, quietLibraries } from '../config.js';
import { openDatabase } from '../db/client.js';
import { createLogger, firstLine } from '../log.js';
import { createExportService } from './service.js';

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.env, { needsBot: false });
  quietLibraries(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const logger = createLogger({ level: config.logLevel });
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch((error) => {
  // An operator's mistake (server down, wrong URL) deserves a sentence, not a stack trace.
  console.error(`Could not open the database: ${firstLine(error)}`);
  process.exit(1);
});
const exports = createExportService({ db, databaseUrl: config.databaseUrl, settings: config.export, logger });
const result = await exports.runNow('CLI');
await exports.stop();
await db.close();
if (result.status === 'done') {
  const o = result.outcome;
  console.log(
    `Exported ${o.rows} users (${o.bytes} bytes) to ${o.location} in ${(o.durationMs / 1000).toFixed(1)} s.`,
  );
} else if (result.status === 'already-running') {
  console.log(`Another export is running (since ${result.since.toISOString()}); not starting a second one.`);
} else {
  console.error(result.error);
  process.exitCode = 1;
}
// Done: exit now rather than when the last timer left by a library (Prisma's schema engine keeps
// one for 10 s after migrating a server) runs out.
process.exit();
