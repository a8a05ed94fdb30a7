// Process entry: read settings (and .env), start the app, stop cleanly on SIGTERM/SIGINT within 10 s.
import 'dotenv/config';
import { startApp } from './app.js';
import { ConfigError, parseConfig, quietLibraries } from './config.js';
import { createLogger, firstLine, maskSecrets, redact } from './log.js';

const SHUTDOWN_LIMIT_MS = 10_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
    quietLibraries(process.env);
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
  // A start-up still waiting for Telegram is abandoned on a signal instead of waiting forever.
  const starting = new AbortController();
  let exitCode = 0;
  const shutdown = (signal: string) => {
    if (requested && app === undefined) return;
    requested = signal;
    if (!app) return starting.abort();
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
    app.stop().then(
      () => process.exit(exitCode),
      (error) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // Telegram refused the bot for good (a revoked token, another poller): say what to do, stop, and
  // exit non-zero so a supervisor does not restart it into the same refusal forever.
  const onFatal = (sentence: string) => {
    if (exitCode !== 0) return;
    exitCode = 2;
    process.stderr.write(`${sentence}\n`);
    logger.error(sentence);
    shutdown('fatal Telegram refusal');
  };
  try {
    app = await startApp(config, { logger, onFatal, signal: starting.signal });
  } catch (error) {
    if (starting.signal.aborted) process.exit(0);
    throw error;
  }
  if (requested) shutdown(requested);
}

main().catch((error: unknown) => {
  // One plain sentence first (a database that cannot be reached, say), then the details for the log.
  process.stderr.write(maskSecrets(`Hisaab cannot start: ${firstLine(error)}\n`));
  createLogger().error('Hisaab could not start', { error });
  process.exit(1);
});
