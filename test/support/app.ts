// Runs the real application in-process against the Bot API emulator and a fresh test database:
// what the e2e tests, benchmarks and load runs drive over HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, startApp } from '../../src/app.js';
import { type Config, parseConfig } from '../../src/config.js';
import type { RoundTrips } from '../../src/db/round-trips.js';
import { createLogger, type Logger, silentLogger } from '../../src/log.js';
import { BotApiEmulator } from '../../src/testing/bot-api-emulator.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';

export const TEST_TOKEN = '123456789:TEST-token-for-the-local-emulator';

export interface TestBot {
  emulator: BotApiEmulator;
  app: App;
  db: TestDatabase;
  config: Config;
  dataDir: string;
  /** Starts the app again on the same database and emulator (a restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestBot(
  options: {
    env?: Record<string, string>;
    logger?: Logger;
    emulator?: BotApiEmulator;
    /** The app's clock (kept across restarts), for tests that move time instead of sleeping. */
    clock?: () => Date;
    /** Where the built Mini App is (default dist/miniapp, which the install step builds). */
    miniAppDir?: string;
    /** Counts the app's round trips to the database (statement budget tests). */
    roundTrips?: RoundTrips;
    /** Runs the several-instance path (chat leases) on PGlite too (see StartAppOptions.shared). */
    shared?: boolean;
  } = {},
): Promise<TestBot> {
  // Telegram's send limits are on, at a tenth of real time (a "minute" is 6 s), as in a real chat.
  const emulator =
    options.emulator ??
    (await BotApiEmulator.start({
      token: TEST_TOKEN,
      botUsername: 'HisaabTestBot',
      limits: { timeScale: 0.1 },
    }));
  const db = await createTestDatabase(options.roundTrips ? { roundTrips: options.roundTrips } : {});
  const dataDir = await mkdtemp(join(tmpdir(), 'hisaab-test-'));
  const config = parseConfig({
    BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    RATE_LIMIT_PER_MINUTE: '100000',
    // Any free port on loopback, so tests running at once never fight over one (app.http has it).
    PORT: '0',
    HOST: '127.0.0.1',
    ...options.env,
  });
  const logger = options.logger ?? (process.env.TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger);
  const start = () =>
    startApp(config, {
      logger,
      db,
      schedule: false,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.miniAppDir ? { miniAppDir: options.miniAppDir } : {}),
      ...(options.shared !== undefined ? { shared: options.shared } : {}),
    });
  const harness: TestBot = {
    emulator,
    app: await start(),
    db,
    config,
    dataDir,
    async restart() {
      await harness.app.stop();
      harness.app = await start();
    },
    async stop() {
      await harness.app.stop();
      await db.close();
      if (!options.emulator) await emulator.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
