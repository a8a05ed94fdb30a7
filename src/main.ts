// Process entry: read settings (and .env), start the app, stop cleanly on SIGTERM/SIGINT within 10 s.
import 'dotenv/config';
import { startApp } from './app.js';
import { ConfigError, parseConfig } from './config.js';
import { createLogger, firstLine, maskSecrets, redact } from './log.js';

const SHUTDOWN_LIMIT_MS = 10_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  redact(config.botToken);
  const logger = createLogger({ level: config.logLevel });
  // Signals are caught from the start: one that arrives while the app is still starting (replaying
  // stored updates, say) stops it as soon as it is up, instead of killing it mid-way.
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let requested: string | undefined;
  const shutdown = (signal: string) => {
    if (requested && app === undefined) return;
    requested = signal;
    if (!app) return;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
    app.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  app = await startApp(config, { logger });
  if (requested) shutdown(requested);
}

main().catch((error: unknown) => {
  // One plain sentence first (a database that cannot be reached, say), then the details for the log.
  process.stderr.write(maskSecrets(`Hisaab cannot start: ${firstLine(error)}\n`));
  createLogger().error('Hisaab could not start', { error });
  process.exit(1);
});
