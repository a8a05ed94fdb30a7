// Messages between the export worker (jobs/weekly-export.ts) and the bot's main thread.
import type { S3Settings } from '../config.js';
import type { UserRow } from './csv.js';
import type { ExportResult } from './export-users.js';
import type { ExportGroup } from './groups.js';

export interface ExportSettings {
  schedule: string;
  timezone: string;
  exportDir: string;
  maxAttempts: number;
  s3?: S3Settings;
  /** Weekly files kept, counting this week's: older ones are deleted after a successful export. */
  retentionWeeks?: number;
  /** First retry delay; doubles each attempt (tests shorten it). */
  backoffMs?: number;
}

/** What the worker is started with (Bree's workerData). */
export interface JobSettings {
  settings: ExportSettings;
  databaseUrl?: string;
}

export type WorkerMessage =
  | { type: 'begin'; requestId: number }
  | { type: 'page'; requestId: number; afterId: number; limit: number }
  | { type: 'groups'; requestId: number; afterId: number; limit: number }
  | { type: 'group-file'; requestId: number; group: ExportGroup }
  | { type: 'group-items'; requestId: number; group: ExportGroup }
  | { type: 'attempt-failed'; attempt: number; error: string }
  | { type: 'finished'; requestId: number; runId: number; result: ExportResult; destination: 's3' | 'folder' }
  | { type: 'failed'; requestId: number; runId: number; error: string; attempts: number };

export type ParentMessage =
  | { type: 'go'; requestId: number; runId: number; week: string }
  | { type: 'skip'; requestId: number }
  | { type: 'page'; requestId: number; rows: UserRow[] }
  | { type: 'groups'; requestId: number; groups: ExportGroup[] }
  | { type: 'group-file'; requestId: number; text: string }
  | { type: 'group-items'; requestId: number; text: string | null }
  /** The outcome is recorded: only now may the worker end (Bree deletes it on 'done'). */
  | { type: 'recorded'; requestId: number };
