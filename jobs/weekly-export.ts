// The weekly export job, in a Bree worker thread: asks the parent to open an ExportRun, streams
// every user as CSV to S3 or a folder, deletes the weekly files past the retention, and reports
// the outcome. On a PostgreSQL server it opens
// its own connection; with the embedded database (one process, owned by the main thread) it asks
// the parent for each page of users instead. It answers Bree's `cancel` by stopping and posting
// `cancelled`.
import { parentPort, workerData } from 'node:worker_threads';
import { openServerSql } from '../src/db/sql.js';
import { createDestination } from '../src/export/destination.js';
import { exportUsers } from '../src/export/export-users.js';
import { databaseGroupSource, exportGroups, type GroupFileSource } from '../src/export/groups.js';
import type { JobSettings, ParentMessage, WorkerMessage } from '../src/export/protocol.js';
import { oldestKeptWeek } from '../src/export/runs.js';
import { databaseSource, type UserPageSource } from '../src/export/source.js';

const port = parentPort;
if (!port) throw new Error('weekly-export runs in a worker thread');
const { settings, databaseUrl } = workerData as JobSettings;
const abort = new AbortController();
const waiting = new Map<number, (message: ParentMessage) => void>();
let nextRequest = 1;

port.on('message', (message: ParentMessage | 'cancel') => {
  if (message === 'cancel') {
    abort.abort();
    return;
  }
  const resolve = waiting.get(message.requestId);
  if (resolve) {
    waiting.delete(message.requestId);
    resolve(message);
  }
});

type Request =
  | { type: 'begin' }
  | { type: 'page'; afterId: number; limit: number }
  | { type: 'groups'; afterId: number; limit: number }
  | { type: 'group-file'; group: Extract<WorkerMessage, { type: 'group-file' }>['group'] }
  | { type: 'group-items'; group: Extract<WorkerMessage, { type: 'group-items' }>['group'] }
  | Omit<Extract<WorkerMessage, { type: 'finished' }>, 'requestId'>
  | Omit<Extract<WorkerMessage, { type: 'failed' }>, 'requestId'>;

/** Sends a request to the main thread and waits for its answer. */
function ask(message: Request): Promise<ParentMessage> {
  const requestId = nextRequest++;
  return new Promise((resolve) => {
    waiting.set(requestId, resolve);
    port?.postMessage({ ...message, requestId });
  });
}

function tell(message: WorkerMessage): void {
  port?.postMessage(message);
}

const begin = await ask({ type: 'begin' });
if (begin.type === 'go') {
  // Plain SQL on a pool of its own: the worker needs no Prisma client (which would cost it memory).
  const own = databaseUrl ? openServerSql(databaseUrl, 2) : null;
  const source: UserPageSource = own
    ? databaseSource(own.sql)
    : async (afterId, limit) => {
        const reply = await ask({ type: 'page', afterId, limit });
        return reply.type === 'page' ? reply.rows : [];
      };
  const groups: GroupFileSource = own
    ? databaseGroupSource(own.sql)
    : {
        groups: async (afterId, limit) => {
          const reply = await ask({ type: 'groups', afterId, limit });
          return reply.type === 'groups' ? reply.groups : [];
        },
        file: async (group) => {
          const reply = await ask({ type: 'group-file', group });
          return reply.type === 'group-file' ? reply.text : '';
        },
        items: async (group) => {
          const reply = await ask({ type: 'group-items', group });
          return reply.type === 'group-items' ? reply.text : null;
        },
      };
  const destination = createDestination(settings);
  try {
    const result = await exportUsers({
      source,
      destination,
      week: begin.week,
      maxAttempts: settings.maxAttempts,
      backoffMs: settings.backoffMs,
      signal: abort.signal,
      onAttemptFailed: (attempt, error) => tell({ type: 'attempt-failed', attempt, error: describe(error) }),
    });
    // Beside the users file, each group's expenses in Splitwise's layout.
    const written = await exportGroups({
      source: groups,
      destination,
      week: begin.week,
      maxAttempts: settings.maxAttempts,
      backoffMs: settings.backoffMs,
      signal: abort.signal,
    });
    // Only after this week's files are whole: the weeks past the retention go. A failure here
    // leaves this week's export standing (it is reported; the next run deletes them).
    const removal = settings.retentionWeeks
      ? await destination
          .removeWeeksBefore(oldestKeptWeek(begin.week, settings.retentionWeeks))
          .then((keys) => ({ removed: keys.length }))
          .catch((error: unknown) => ({ removed: 0, removeError: describe(error) }))
      : { removed: 0 };
    await ask({
      type: 'finished',
      runId: begin.runId,
      result: { ...result, groupFiles: written.files, ...removal },
      destination: destination.kind,
    });
  } catch (error) {
    const attempts = (error as { attempts?: number }).attempts ?? 1;
    await ask({ type: 'failed', runId: begin.runId, error: describe(error), attempts });
  } finally {
    destination.close();
    await own?.close();
  }
}
port.postMessage(abort.signal.aborted ? 'cancelled' : 'done');

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { Code?: string; code?: string }).Code ?? (error as { code?: string }).code;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
