// Reads users for the export a page at a time by id (keyset pagination), with each page's
// aggregates computed in SQL, so memory stays flat however many users there are.
import { userPageSql } from '../db/queries/export.js';
import type { Sql } from '../db/sql.js';
import type { UserRow } from './csv.js';

export const PAGE_SIZE = 2000;

/** Where a run gets its pages: the database directly, or (embedded mode) the parent thread. */
export type UserPageSource = (afterId: number, limit: number) => Promise<UserRow[]>;

export async function readUserPage(sql: Sql, afterId: number, limit: number): Promise<UserRow[]> {
  const rows = await sql.run(userPageSql, [afterId, limit]);
  return rows.map((r) => ({
    ...r,
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
  }));
}

export function databaseSource(sql: Sql): UserPageSource {
  return (afterId, limit) => readUserPage(sql, afterId, limit);
}
