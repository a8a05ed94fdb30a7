// Reads users for the export a page at a time by id (keyset pagination), with each page's
// aggregates computed in SQL, so memory stays flat however many users there are.
import { isoUtc, type Sql } from '../db/sql.js';
import type { UserRow } from './csv.js';

export const PAGE_SIZE = 2000;

/** Where a run gets its pages: the database directly, or (embedded mode) the parent thread. */
export type UserPageSource = (afterId: number, limit: number) => Promise<UserRow[]>;

interface PageRow {
  id: number;
  telegram_id: string;
  username: string | null;
  first_name: string;
  last_name: string | null;
  email: string | null;
  mobile: string | null;
  groups: number;
  total_paid: string;
  total_share: string;
  net: string;
  /** ISO 8601 in UTC (timestamps are stored in UTC without a zone). */
  created_at: string;
  updated_at: string;
}

export async function readUserPage(sql: Sql, afterId: number, limit: number): Promise<UserRow[]> {
  const rows = await sql.query<PageRow>(
    `SELECT u.id, u."telegramId"::text AS telegram_id, u.username, u."firstName" AS first_name,
            u."lastName" AS last_name, u.email, u.mobile, g.groups,
            COALESCE(p.paid, 0)::numeric(14, 2)::text AS total_paid,
            COALESCE(p.share, 0)::numeric(14, 2)::text AS total_share,
            u.net::text AS net,
            ${isoUtc('u."createdAt"')} AS created_at, ${isoUtc('u."updatedAt"')} AS updated_at
     FROM "User" u
     LEFT JOIN LATERAL (
       SELECT COUNT(*)::int AS groups FROM "Membership" m WHERE m."userId" = u.id AND m."leftAt" IS NULL
     ) g ON true
     LEFT JOIN LATERAL (
       SELECT SUM(e.paid) AS paid, SUM(e.share) AS share FROM "PassbookEntry" e
       WHERE e."userId" = u.id AND e.kind IN ('EXPENSE', 'EXPENSE_UNDONE')
     ) p ON true
     WHERE u.id > $1::int
     ORDER BY u.id
     LIMIT $2::int`,
    [afterId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    telegramId: r.telegram_id,
    username: r.username,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    mobile: r.mobile,
    groups: r.groups,
    totalPaid: r.total_paid,
    totalShare: r.total_share,
    net: r.net,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  }));
}

export function databaseSource(sql: Sql): UserPageSource {
  return (afterId, limit) => readUserPage(sql, afterId, limit);
}
