// The per-group expense files of the weekly export, beside the users file: one file per group with
// anything recorded, in Splitwise's layout (splitwise-csv.ts), at groups/<ISO week>/group-<id>.csv,
// and for a group with itemised bills (/bill) their lines beside it, in group-<id>-items.csv.
// Groups are read a page at a time; each file is built whole (a group's ledger) and written whole.
import { groupItemsSql, groupLedgerSql, groupPageSql, usersByIdSql } from '../db/queries/export.js';
import type { Sql } from '../db/sql.js';
import type { Destination } from './destination.js';
import { itemsCsv } from './items-csv.js';
import { type LedgerRow, splitwiseCsv } from './splitwise-csv.js';

export interface ExportGroup {
  id: number;
  title: string;
  currency: string;
}

/** Where the worker gets groups and their files: the database, or (embedded) the main thread. */
export interface GroupFileSource {
  groups(afterId: number, limit: number): Promise<ExportGroup[]>;
  file(group: ExportGroup): Promise<string>;
  /** The group's itemised bill lines, or null when it has none. */
  items(group: ExportGroup): Promise<string | null>;
}

export async function groupFile(sql: Sql, group: ExportGroup): Promise<string> {
  const rows = await sql.run(groupLedgerSql, [group.id]);
  const ledger: LedgerRow[] = rows.map((r) => ({
    kind: r.kind === 'payment' ? 'payment' : 'expense',
    day: r.day,
    description: r.description,
    // Hisaab's own categories are keys (eating_out); the file shows them as words (Eating out).
    category: /^[a-z_]+$/.test(r.category)
      ? `${r.category.charAt(0).toUpperCase()}${r.category.slice(1).replace(/_/g, ' ')}`
      : r.category,
    amount: r.amount,
    fromId: r.fromId,
    toId: r.toId,
    shares: (r.shares as [number, string][] | null) ?? null,
  }));
  const ids = new Set<number>();
  for (const row of ledger) {
    ids.add(row.fromId);
    if (row.toId !== null) ids.add(row.toId);
    for (const [userId] of row.shares ?? []) ids.add(userId);
  }
  const people = await sql.run(usersByIdSql, [[...ids]]);
  // Columns in name order, as a person scans them; the ids break ties.
  people.sort((a, b) => a.firstName.localeCompare(b.firstName) || a.id - b.id);
  return splitwiseCsv(ledger, people, group.currency);
}

/** The lines of a group's itemised bills that stand, one row each; null when it has none. */
export async function groupItemsFile(sql: Sql, group: ExportGroup): Promise<string | null> {
  const rows = await sql.run(groupItemsSql, [group.id]);
  if (rows.length === 0) return null;
  const items = rows.map((r) => ({ ...r, userIds: (r.userIds as number[] | null) ?? [] }));
  const people = await sql.run(usersByIdSql, [[...new Set(items.flatMap((r) => r.userIds))]]);
  return itemsCsv(items, people, group.currency);
}

export function databaseGroupSource(sql: Sql): GroupFileSource {
  return {
    groups: (afterId, limit) => sql.run(groupPageSql, [afterId, limit]),
    file: (group) => groupFile(sql, group),
    items: (group) => groupItemsFile(sql, group),
  };
}

/** The items file's key: beside the group's file, `-items` before `.csv`. */
export function itemsKey(groupKey: string): string {
  return groupKey.replace(/\.csv$/, '-items.csv');
}

export async function exportGroups(options: {
  source: GroupFileSource;
  destination: Destination;
  week: string;
  maxAttempts: number;
  backoffMs?: number;
  signal?: AbortSignal;
}): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  let afterId = 0;
  for (;;) {
    const page = await options.source.groups(afterId, 200);
    for (const group of page) {
      if (options.signal?.aborted) throw new Error('the export was cancelled');
      const key = options.destination.groupKey(options.week, group.id);
      bytes += await writeWithRetries(options, key, await options.source.file(group));
      const items = await options.source.items(group);
      if (items !== null) bytes += await writeWithRetries(options, itemsKey(key), items);
      files++;
    }
    const last = page.at(-1);
    if (!last || page.length < 200) return { files, bytes };
    afterId = last.id;
  }
}

async function writeWithRetries(
  options: { destination: Destination; maxAttempts: number; backoffMs?: number },
  key: string,
  text: string,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.destination.writeText(key, text);
    } catch (error) {
      if (attempt >= options.maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, (options.backoffMs ?? 1000) * 2 ** (attempt - 1)));
    }
  }
}
