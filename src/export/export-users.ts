// One export: every user, page by page, through the CSV stringifier into the destination. A failed
// write is retried whole, with exponential backoff, up to maxAttempts.
import { Readable } from 'node:stream';
import { createCsvStringifier, toRecord } from './csv.js';
import type { Destination } from './destination.js';
import { PAGE_SIZE, type UserPageSource } from './source.js';

export interface ExportResult {
  key: string;
  location: string;
  rows: number;
  bytes: number;
  attempts: number;
  /** The per-group expense files written beside the users file (groups.ts). */
  groupFiles?: number;
  /** Weekly files of weeks past the retention, deleted after this run's files were written. */
  removed?: number;
  /** Why deleting them failed (the run still succeeded; the next one tries again). */
  removeError?: string;
}

export interface ExportUsersOptions {
  source: UserPageSource;
  destination: Destination;
  /** The ISO week the file is named after, e.g. 2026-W48. */
  week: string;
  maxAttempts: number;
  backoffMs?: number;
  pageSize?: number;
  onAttemptFailed?: (attempt: number, error: unknown) => void;
  signal?: AbortSignal;
}

export async function exportUsers(options: ExportUsersOptions): Promise<ExportResult> {
  const { key, latestKey } = options.destination.keys(options.week);
  const backoffMs = options.backoffMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    let rows = 0;
    const pages = async function* () {
      let afterId = 0;
      for (;;) {
        if (options.signal?.aborted) throw new Error('the export was cancelled');
        const page = await options.source(afterId, options.pageSize ?? PAGE_SIZE);
        for (const user of page) {
          rows++;
          yield toRecord(user);
        }
        const last = page.at(-1);
        if (!last || page.length < (options.pageSize ?? PAGE_SIZE)) return;
        afterId = last.id;
      }
    };
    const csv = Readable.from(pages()).pipe(createCsvStringifier());
    try {
      const bytes = await options.destination.write(csv, key, latestKey);
      return { key, location: options.destination.location(key), rows, bytes, attempts: attempt };
    } catch (error) {
      options.onAttemptFailed?.(attempt, error);
      if (attempt >= options.maxAttempts || options.signal?.aborted) {
        throw Object.assign(error instanceof Error ? error : new Error(String(error)), { attempts: attempt });
      }
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  }
}
