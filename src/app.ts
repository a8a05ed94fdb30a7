// The running application: database, bot, update delivery (polling or webhook), the export
// scheduler, and one guarded shutdown. main.ts starts it from the environment; tests and the
// sandbox start it with their own settings.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, type Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { startDelivery } from './app/delivery.js';
import { startHttp } from './app/http.js';
import { Parts } from './app/part.js';
import { type ServicesPart, startServices } from './app/services.js';
import { startTelegram } from './app/telegram.js';
import { startTimers } from './app/timers.js';
import type { ChangeNotes } from './bot/change-notes.js';
import type { BotContext } from './bot/context.js';
import { createBot, registerCommands } from './bot/create-bot.js';
import { escapeHtml } from './bot/format.js';
import type { SummaryPoster } from './bot/monthly-summary.js';
import { waitForTelegram } from './bot/polling.js';
import type { RecurringSweep } from './bot/recurring-sweep.js';
import type { Reminders } from './bot/reminder-runner.js';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import type { ExportService } from './export/service.js';
import type { Logger } from './log.js';
export interface App {
  bot: Bot<BotContext>;
  db: Database;
  exports: ExportService;
  /** Posts last month's summary in opted-in groups on the 1st (checked every minute). */
  summaries: SummaryPoster;
  /** The recurring-expense sweep: runs by itself each RECURRING_SWEEP_SECONDS when scheduling is on. */
  recurring: RecurringSweep;
  /** Private change notes (/notify on): swept every minute when scheduling is on. */
  changeNotes: ChangeNotes;
  /** The weekly digest and automatic nudges, checked on the same timer. */
  reminders: Reminders;
  /** The HTTP server (webhook, /healthz, landing page), in both modes; absent when polling and PORT was taken. */
  server?: Server;
  /** Where the HTTP server is bound, and a URL that reaches it from this machine. */
  http?: { address: AddressInfo; url: string };
  stop(): Promise<void>;
}

export interface StartAppOptions {
  logger: Logger;
  clock?: () => Date;
  botInfo?: UserFromGetMe;
  /** Start the weekly export schedule, the recurring sweep and the digest timers (default true). */
  schedule?: boolean;
  /** An already open database (tests); the app then leaves closing it to the caller. */
  db?: Database;
  /**
   * Telegram refused the bot for good (a revoked token, another poller): the sentence says what to
   * do. main.ts stops the process with a non-zero code; by default it is only logged.
   */
  onFatal?: (sentence: string) => void;
  /** Aborts a start-up that is still waiting for Telegram (a signal arrived). */
  signal?: AbortSignal;
  /** Where the built Mini App is (default dist/miniapp). */
  miniAppDir?: string;
  /**
   * Whether other instances may share the database (chat leases needed): by default a server yes,
   * the embedded database no (its folder admits one process). Tests set it to run the server path
   * on PGlite.
   */
  shared?: boolean;
}

/**
 * Starts the app from its parts, in order: the database, the services, the bot, update delivery,
 * HTTP, Telegram (webhook or polling), the timers. Each part owns its stop; the app stops them in
 * the reverse order, also when a later part fails to start.
 */
export async function startApp(config: Config, options: StartAppOptions): Promise<App> {
  const { logger } = options;
  // Telegram is asked who we are while the database opens (an embedded one can take seconds), so
  // a Telegram that cannot be reached is said within seconds of the start.
  const botInfo = options.botInfo
    ? Promise.resolve(options.botInfo)
    : fetchBotInfo(config, logger, options.signal);
  botInfo.catch(() => undefined); // awaited below; a failure there is the one reported
  const parts = new Parts();
  const stopAll = () =>
    parts.stopAll((part, error) => logger.warn(`stopping the ${part.name} failed`, { error }));
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  // An already open database (tests) is the caller's to close.
  parts.add({ name: 'database', stop: () => (options.db ? Promise.resolve() : db.close()) });
  logger.info('database ready', { kind: db.kind });
  let stopping: Promise<void> | undefined;
  try {
    const started = await startParts(config, options, {
      db,
      botInfo,
      parts,
      draining: () => stopping !== undefined,
    });
    return {
      ...started,
      db,
      stop() {
        stopping ??= stopAll().then(() => logger.info('stopped'));
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startParts(
  config: Config,
  options: StartAppOptions,
  context: { db: Database; botInfo: Promise<UserFromGetMe>; parts: Parts; draining: () => boolean },
): Promise<Omit<App, 'db' | 'stop'>> {
  const { logger } = options;
  const { db, parts } = context;
  const clock = options.clock ?? (() => new Date());
  const core = parts.add(startServices(config, db, { logger, clock }));
  const bot = createBot(core.services, { botInfo: await context.botInfo });
  // The menu is a convenience: typed commands work without it, so a refusal must not stop the bot.
  await registerCommands(bot).catch((error) =>
    logger.warn('could not register the command menu; typed commands still work', { error }),
  );
  tellAdminsOfFailedExports(config, core);
  const delivery = parts.add(
    await startDelivery(
      bot,
      { db, ...core },
      { logger, ...(options.shared === undefined ? {} : { shared: options.shared }) },
    ),
  );
  const http = parts.add(
    await startHttp(
      config,
      { db, services: core.services, metrics: core.metrics, processor: delivery.processor },
      {
        logger,
        botUsername: bot.botInfo.username,
        draining: context.draining,
        ...(options.miniAppDir ? { miniAppDir: options.miniAppDir } : {}),
      },
    ),
  );
  const onFatal = options.onFatal ?? ((sentence: string) => logger.error(sentence));
  parts.add(
    await startTelegram(config, bot, delivery.processor, {
      logger,
      onFatal,
      ...(http.bound ? { port: http.bound.address.port } : {}),
    }),
  );
  const timers = parts.add(
    await startTimers(
      config,
      { bot, services: core.services, exports: core.exports, inbox: core.inbox },
      { logger, schedule: options.schedule ?? true },
    ),
  );
  const { summaries, recurring, changeNotes, reminders } = timers;
  return {
    bot,
    exports: core.exports,
    summaries,
    recurring,
    changeNotes,
    reminders,
    ...(http.server ? { server: http.server } : {}),
    ...(http.bound ? { http: http.bound } : {}),
  };
}

/** A failed export is said to each admin in private (and counted either way). */
function tellAdminsOfFailedExports(config: Config, core: ServicesPart): void {
  core.exports.onRunFinished((result) => {
    core.metrics.exportRuns.inc({ outcome: result.status });
    if (result.status !== 'failed') return;
    for (const admin of config.adminIds) {
      void core.sender.enqueue(admin.toString(), {
        method: 'sendMessage',
        text: `❌ The export #${result.runId} failed: ${escapeHtml(result.error)}`,
      });
    }
  });
}

/** getMe, tried until Telegram answers (see waitForTelegram). */
async function fetchBotInfo(config: Config, logger: Logger, signal?: AbortSignal): Promise<UserFromGetMe> {
  const api = new Api(config.botToken, { apiRoot: config.telegramApiRoot, timeoutSeconds: 45 });
  let me: UserFromGetMe | undefined;
  await waitForTelegram(
    async (attempt) => {
      me = await api.getMe(attempt as unknown as Parameters<typeof api.getMe>[0]);
    },
    { logger, apiRoot: config.telegramApiRoot, signal, tryTimeoutMs: 5_000 },
  );
  return me as UserFromGetMe;
}
