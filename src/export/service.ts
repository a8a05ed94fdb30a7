// The export as the bot's process runs it: Bree starts jobs/weekly-export.js in a worker thread on
// the cron schedule, or now for /export. This side keeps the ExportRun bookkeeping (which is also
// the lock between processes), answers the worker's page requests in embedded mode, and tells
// listeners (the bot, which tells admins) how each run ended.
import { fileURLToPath } from 'node:url';
import Bree from 'bree';
import type { Database } from '../db/client.js';
import type { Sql } from '../db/sql.js';
import type { Logger } from '../log.js';
import { databaseGroupSource } from './groups.js';
import type { ExportSettings, JobSettings, ParentMessage, WorkerMessage } from './protocol.js';
import { beginRun, failRun, finishRun, type Trigger } from './runs.js';
import { readUserPage } from './source.js';

export type { ExportSettings };

export interface ExportOutcome {
  runId: number;
  trigger: Trigger;
  destination: 's3' | 'folder';
  key: string;
  location: string;
  rows: number;
  bytes: number;
  durationMs: number;
  attempts: number;
}

export type RunNowResult =
  | { status: 'done'; outcome: ExportOutcome }
  | { status: 'already-running'; since: Date }
  | { status: 'failed'; runId: number; error: string };

export interface ExportService {
  start(): Promise<void>;
  stop(): Promise<void>;
  runNow(trigger: 'ADMIN' | 'CLI', requestedBy?: bigint): Promise<RunNowResult>;
  onRunFinished(listener: (result: RunNowResult) => void): void;
}

const JOB = 'weekly-export';
// From src/ (tests, tsx) this is jobs/weekly-export.js, a loader that runs the TypeScript job; from
// dist/ (`npm start`) it is the compiled job itself, dist/jobs/weekly-export.js.
const JOB_PATH = fileURLToPath(new URL('../../jobs/weekly-export.js', import.meta.url));
const STOP_LIMIT_MS = 5_000;

interface ActiveRun {
  trigger: Trigger;
  requestedBy?: bigint;
  startedAt: Date;
  runId?: number;
  settle?: (result: RunNowResult) => void;
  settled: boolean;
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: on the list of long functions to split (test/structure/complexity-exceptions.test.ts)
export function createExportService(deps: {
  db: Database;
  databaseUrl?: string;
  settings: ExportSettings;
  logger: Logger;
  now?: () => Date;
}): ExportService {
  const { db, settings, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const listeners: ((result: RunNowResult) => void)[] = [];
  let active: ActiveRun | undefined;

  const jobSettings: JobSettings = { settings, databaseUrl: deps.databaseUrl };
  const bree = new Bree({
    root: false,
    doRootCheck: false,
    // Six fields means the schedule has seconds (tests use one that fires every few seconds).
    hasSeconds: settings.schedule.trim().split(/\s+/).length === 6,
    logger: {
      info: (message: unknown) => logger.debug(String(message)),
      warn: (message: unknown) => logger.warn(String(message)),
      error: (message: unknown, meta?: unknown) => logger.error(String(message), { meta }),
    } as never,
    jobs: [
      {
        name: JOB,
        path: JOB_PATH,
        cron: settings.schedule,
        timezone: settings.timezone,
        worker: { workerData: jobSettings },
      },
    ],
    workerMessageHandler: (data) => {
      const message = data.message as WorkerMessage | string;
      if (typeof message === 'string') return;
      handle(message).catch((error) => logger.error('export bookkeeping failed', { error }));
    },
    errorHandler: (error: unknown) => {
      logger.error('export worker failed', { error });
      void abandon('The export worker stopped unexpectedly.');
    },
  });
  bree.on('worker deleted', () => {
    const run = active;
    active = undefined;
    if (run && !run.settled) {
      active = run;
      void abandon('The export worker stopped before finishing.').finally(() => {
        active = undefined;
      });
    }
  });

  function reply(message: ParentMessage): void {
    bree.workers.get(JOB)?.postMessage(message);
  }

  /** Ends the active run: resolves runNow's promise and tells the listeners, once. */
  function settle(result: RunNowResult): void {
    const run = active;
    if (!run || run.settled) return;
    run.settled = true;
    run.settle?.(result);
    for (const listener of listeners) listener(result);
  }

  /** The worker died or could not start: record the run as failed, if it had begun, and settle. */
  async function abandon(error: string): Promise<void> {
    const run = active;
    if (!run || run.settled) return;
    if (run.runId !== undefined) {
      await failRun(db.prisma, run.runId, { error, attempts: 1 }, now()).catch((failure) =>
        logger.warn('could not record the failed export', { error: failure }),
      );
    }
    settle({ status: 'failed', runId: run.runId ?? 0, error });
  }

  async function handle(message: WorkerMessage): Promise<void> {
    switch (message.type) {
      case 'begin': {
        // A run started by the schedule has no `active` yet: Bree started the worker by itself.
        active ??= { trigger: 'SCHEDULE', startedAt: now(), settled: false };
        const begun = await beginRun(db.prisma, {
          trigger: active.trigger,
          requestedBy: active.requestedBy,
          now: now(),
        });
        if (begun.status !== 'started') {
          logger.info('export skipped', { reason: begun.status });
          const since = begun.status === 'busy' ? begun.since : now();
          active.settled = true;
          active.settle?.({ status: 'already-running', since });
          reply({ type: 'skip', requestId: message.requestId });
          return;
        }
        active.runId = begun.runId;
        logger.info('export started', { run_id: begun.runId, trigger: active.trigger, week: begun.week });
        reply({ type: 'go', requestId: message.requestId, runId: begun.runId, week: begun.week });
        return;
      }
      case 'page':
      case 'groups':
      case 'group-file':
      case 'group-items':
        reply(await answerRead(db.sql, message));
        return;
      case 'attempt-failed':
        logger.warn('export attempt failed; retrying', { attempt: message.attempt, error: message.error });
        return;
      case 'finished': {
        const run = active;
        await finishRun(db.prisma, message.runId, message.result, now());
        const outcome: ExportOutcome = {
          runId: message.runId,
          trigger: run?.trigger ?? 'SCHEDULE',
          destination: message.destination,
          key: message.result.key,
          location: message.result.location,
          rows: message.result.rows,
          bytes: message.result.bytes,
          attempts: message.result.attempts,
          durationMs: now().getTime() - (run?.startedAt ?? now()).getTime(),
        };
        logger.info('export finished', { ...outcome, removed: message.result.removed ?? 0 });
        if (message.result.removeError) {
          logger.warn('export retention: old weekly files not deleted', {
            error: message.result.removeError,
          });
        }
        settle({ status: 'done', outcome });
        reply({ type: 'recorded', requestId: message.requestId });
        return;
      }
      case 'failed':
        logger.error('export failed', {
          run_id: message.runId,
          error: message.error,
          attempts: message.attempts,
        });
        await failRun(db.prisma, message.runId, { error: message.error, attempts: message.attempts }, now());
        settle({
          status: 'failed',
          runId: message.runId,
          error: `The export could not be written: ${message.error}`,
        });
        return;
    }
  }

  return {
    async start() {
      await bree.start();
    },
    async stop() {
      const stopped = bree.stop();
      const timeout = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), STOP_LIMIT_MS).unref(),
      );
      if ((await Promise.race([stopped, timeout])) === 'timeout') {
        logger.warn('the export worker did not stop in time; terminating it');
        await bree.workers.get(JOB)?.terminate();
      }
    },
    runNow(trigger, requestedBy) {
      if (active) return Promise.resolve({ status: 'already-running', since: active.startedAt });
      return new Promise<RunNowResult>((resolve) => {
        active = { trigger, requestedBy, startedAt: now(), settle: resolve, settled: false };
        bree.run(JOB).catch((error: unknown) => {
          logger.error('could not start the export worker', { error });
          void abandon('The export could not start.');
        });
      });
    },
    onRunFinished(listener) {
      listeners.push(listener);
    },
  };
}

type ReadMessage = Extract<WorkerMessage, { type: 'page' | 'groups' | 'group-file' | 'group-items' }>;

/** The worker's reads (embedded database: only the main thread can reach it), answered. */
async function answerRead(sql: Sql, message: ReadMessage): Promise<ParentMessage> {
  const { requestId } = message;
  const groups = databaseGroupSource(sql);
  switch (message.type) {
    case 'page':
      return { type: 'page', requestId, rows: await readUserPage(sql, message.afterId, message.limit) };
    case 'groups':
      return { type: 'groups', requestId, groups: await groups.groups(message.afterId, message.limit) };
    case 'group-file':
      return { type: 'group-file', requestId, text: await groups.file(message.group) };
    case 'group-items':
      return { type: 'group-items', requestId, text: await groups.items(message.group) };
  }
}
