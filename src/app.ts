// The running application: database, bot, update delivery (polling or webhook), the export
// scheduler, and one guarded shutdown. main.ts starts it from the environment; tests and the
// sandbox start it with their own settings.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RunnerHandle } from '@grammyjs/runner';
import { Api, type Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { BotContext, Services } from './bot/context.js';
import { createBot, registerCommands } from './bot/create-bot.js';
import { escapeHtml } from './bot/format.js';
import { type SummaryPoster, startSummaryPoster } from './bot/monthly-summary.js';
import { type RecurringSweep, startRecurringSweep } from './bot/recurring-sweep.js';
import { type Reminders, startReminders } from './bot/reminder-runner.js';
import { Sender } from './bot/sender.js';
import { ALLOWED_UPDATES, createUpdateProcessor, startPolling, waitForTelegram } from './bot/updates.js';
import { upiPageKey } from './bot/upi.js';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { pingSql } from './db/queries/health.js';
import { inBackground } from './db/round-trips.js';
import { s3ReceiptStore } from './export/receipt-store.js';
import { createExportService, type ExportService } from './export/service.js';
import { metricsRoutes } from './http/metrics.js';
import { miniAppApiRoutes } from './http/miniapp/api.js';
import { miniAppAssetRoutes } from './http/miniapp/assets.js';
import { billApiRoutes } from './http/miniapp/bill-api.js';
import { createHttpServer, type HttpServer, localUrl, type Route } from './http/server.js';
import { siteRoutes } from './http/site.js';
import { upiRoutes } from './http/upi.js';
import { webhookRoutes } from './http/webhook.js';
import type { Logger } from './log.js';
import { Metrics } from './observability/metrics.js';
import { BillReader } from './ocr/bill-reader.js';
import { PROJECT_ROOT } from './project-root.js';
import { CLAIM_LEASE_MS, UpdateInbox } from './usecases/inbox.js';
import { MemberDirectory } from './usecases/members.js';
import { ReceiptCopier } from './usecases/receipts.js';

export interface App {
  bot: Bot<BotContext>;
  db: Database;
  exports: ExportService;
  /** Posts last month's summary in opted-in groups on the 1st (checked every minute). */
  summaries: SummaryPoster;
  /** The recurring-expense sweep: runs by itself each RECURRING_SWEEP_SECONDS when scheduling is on. */
  recurring: RecurringSweep;
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

const INBOX_RETENTION_MS = 24 * 60 * 60_000;

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: on the list of long functions to split (test/structure/complexity-exceptions.test.ts)
export async function startApp(config: Config, options: StartAppOptions): Promise<App> {
  const { logger } = options;
  const ownsDatabase = options.db === undefined;
  // Telegram is asked who we are while the database opens (an embedded one can take seconds), so
  // a Telegram that cannot be reached is said within seconds of the start.
  const botInfo = options.botInfo
    ? Promise.resolve(options.botInfo)
    : fetchBotInfo(config, logger, options.signal);
  botInfo.catch(() => undefined); // awaited below; a failure there is the one reported
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  logger.info('database ready', { kind: db.kind });
  const exports = createExportService({
    db,
    databaseUrl: config.databaseUrl,
    settings: config.export,
    logger: logger.child({ component: 'export' }),
  });
  const metrics = new Metrics();
  const sender = new Sender({ logger: logger.child({ component: 'sender' }), metrics });
  metrics.watchAnswers(() => sender.queueStats());
  const clock = options.clock ?? (() => new Date());
  // Receipt photos are copied to the export's bucket when there is one (see usecases/receipts.ts).
  const receiptStore = config.export.s3 ? s3ReceiptStore(config.export.s3) : undefined;
  const receipts = receiptStore
    ? new ReceiptCopier({ sql: db.sql, clock }, receiptStore, {
        onFailure: (job, error) =>
          logger.warn('could not copy a receipt to the bucket; it stays on Telegram', {
            expense_id: job.expenseId,
            error,
          }),
      })
    : undefined;
  const inbox = new UpdateInbox(db.sql, { floodClock: clock });
  const services: Services = {
    config,
    prisma: db.prisma,
    sql: db.sql,
    members: new MemberDirectory(db.prisma, db.sql),
    clock,
    exports,
    logger,
    sender,
    ...(receipts ? { receipts } : {}),
    ...(config.billReading ? { billReader: new BillReader(config.billReading) } : {}),
    withHandledMarks: inbox,
  };
  let bot: Bot<BotContext>;
  try {
    bot = createBot(services, { botInfo: await botInfo });
  } catch (error) {
    if (ownsDatabase) await db.close();
    throw error;
  }
  const onFatal = options.onFatal ?? ((sentence: string) => logger.error(sentence));
  // The menu is a convenience: typed commands work without it, so a refusal must not stop the bot.
  await registerCommands(bot).catch((error) =>
    logger.warn('could not register the command menu; typed commands still work', { error }),
  );
  exports.onRunFinished((result) => {
    metrics.exportRuns.inc({ outcome: result.status });
    if (result.status !== 'failed') return;
    for (const admin of config.adminIds) {
      void sender.enqueue(admin.toString(), {
        method: 'sendMessage',
        text: `❌ The export #${result.runId} failed: ${escapeHtml(result.error)}`,
      });
    }
  });

  const processor = createUpdateProcessor(bot, inbox, sender, logger, {
    metrics,
    alone: !(options.shared ?? db.kind === 'postgres'),
  });
  if (db.kind === 'pglite') await inbox.endClaimsOfEarlierRuns();
  const replayed = await processor.takeOver({ wait: true });
  if (replayed > 0) logger.info('handled updates left unhandled by an earlier run', { count: replayed });
  // Claims: renewed well within their lease while this instance works; updates whose claim expired
  // (an instance that died, or this one's previous run) are taken over every couple of seconds.
  const claims = setInterval(() => inBackground(renewAndTakeOver), CLAIM_LEASE_MS / 4);
  function renewAndTakeOver() {
    inbox.renewClaims().catch((error) => logger.warn('renewing update claims failed', { error }));
    processor
      .takeOver()
      .then((count) => {
        if (count > 0) logger.info('took over updates another run left unhandled', { count });
      })
      .catch((error) => logger.warn('taking over stored updates failed', { error }));
  }
  claims.unref();

  let runner: RunnerHandle | undefined;
  let stopping: Promise<void> | undefined;
  const routes: Route[] = [
    ...siteRoutes({
      botUsername: bot.botInfo.username,
      checkDatabase: async () => {
        await db.sql.run(pingSql, []);
      },
      draining: () => stopping !== undefined,
    }),
    ...metricsRoutes(metrics),
    ...miniAppAssetRoutes({ dir: options.miniAppDir ?? join(PROJECT_ROOT, 'dist/miniapp') }),
    ...miniAppApiRoutes({
      deps: services,
      botToken: config.botToken,
      logger: logger.child({ component: 'miniapp' }),
    }),
    ...billApiRoutes({
      deps: services,
      botToken: config.botToken,
      logger: logger.child({ component: 'miniapp' }),
      announce: (chatId, lines) => {
        void services.sender.enqueue(Number(chatId), { method: 'sendMessage', text: lines.join('\n') });
      },
    }),
    ...upiRoutes({ key: upiPageKey(config.botToken) }),
  ];
  if (config.webhook) {
    routes.push(
      ...webhookRoutes({
        path: new URL(config.webhook.url).pathname,
        secret: config.webhook.secret,
        processor,
        logger,
        draining: () => stopping !== undefined,
      }),
    );
  }
  let http: HttpServer | undefined = createHttpServer({
    routes,
    logger: logger.child({ component: 'http' }),
  });
  let bound: App['http'];
  try {
    const address = await http.listen(config.http.port, config.http.host);
    bound = { address, url: localUrl(address) };
    logger.info('HTTP server listening', { host: address.address, port: address.port });
  } catch (error) {
    const sentence = `Cannot listen on ${config.http.host}:${config.http.port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    if (config.webhook) {
      if (ownsDatabase) await db.close();
      throw new Error(`${sentence}: webhook mode needs it; free the port or set PORT.`);
    }
    // Polling works without HTTP; only the pages it serves are missing.
    logger.warn(`${sentence}; the bot runs without its HTTP pages. Set PORT to a free port (0: any).`);
    http = undefined;
  }
  if (config.webhook) {
    await bot.api.setWebhook(config.webhook.url, {
      secret_token: config.webhook.secret,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    logger.info('webhook mode', { port: bound?.address.port });
  } else {
    // One stray start with the production token must not unhook instances running on a webhook.
    const { url } = await bot.api.getWebhookInfo();
    if (url && !config.pollingReplacesWebhook) {
      await http?.close();
      if (ownsDatabase) await db.close();
      throw new Error(
        `A webhook is set for this bot (${url}), so polling would take its updates away from it: set WEBHOOK_URL to run in webhook mode, or POLLING_REPLACES_WEBHOOK=true to remove the webhook and poll.`,
      );
    }
    if (url) await bot.api.deleteWebhook({ drop_pending_updates: false });
    runner = startPolling(bot, processor, logger, { apiRoot: config.telegramApiRoot, onFatal });
    logger.info('polling for updates', { bot: bot.botInfo.username });
  }
  if (options.schedule ?? true) await exports.start();
  const summaries = startSummaryPoster(services, { logger: logger.child({ component: 'summaries' }) });
  const recurring = startRecurringSweep(services, {
    botUsername: bot.botInfo.username,
    intervalMs: config.recurring.sweepSeconds * 1000,
    logger: logger.child({ component: 'recurring' }),
    timer: options.schedule ?? true,
  });
  const reminders = startReminders(services, {
    logger: logger.child({ component: 'reminders' }),
    intervalMs: config.recurring.sweepSeconds * 1000,
    timer: options.schedule ?? true,
  });

  const prune = () =>
    inbox
      .prune(new Date(Date.now() - INBOX_RETENTION_MS))
      .then(({ unhandled }) => {
        if (unhandled > 0) logger.warn('dropped stored updates never handled in a day', { count: unhandled });
      })
      .catch((error) => logger.warn('pruning stored updates failed', { error }));
  // Once now (a bot restarted often would otherwise never reach the hourly run), then hourly; stop()
  // waits for a run in progress before closing the database.
  let pruning = inBackground(prune);
  const pruner = setInterval(() => {
    pruning = inBackground(prune);
  }, 60 * 60_000);
  pruner.unref();

  return {
    bot,
    db,
    exports,
    summaries,
    recurring,
    reminders,
    server: http?.server,
    http: bound,
    stop() {
      stopping ??= (async () => {
        clearInterval(pruner);
        await recurring.stop();
        await reminders.stop();
        clearInterval(claims);
        await pruning;
        await summaries.stop();
        // Stop taking updates, then let the ones being handled finish. The HTTP server stays up
        // meanwhile: /healthz says "draining" (a balancer stops sending here) and the webhook turns
        // updates away with a 503 (Telegram posts them again, to another instance).
        await runner?.stop();
        await processor.drain(5_000);
        await http?.close();
        // What could not be finished is left to the next run or another instance at once.
        await inbox
          .releaseClaims()
          .catch((error) => logger.warn('releasing update claims failed', { error }));
        await exports.stop();
        await receipts?.drain(5_000);
        await services.billReader?.stop();
        receiptStore?.close();
        if (ownsDatabase) await db.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
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
