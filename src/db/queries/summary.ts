// A group's month in figures (/summary and the summary posted on the 1st): totals, each person's
// paid and share, categories, the biggest expenses. Each is an aggregate over the month's expenses
// by the day spent (Expense_groupId_spentOn_idx), undone ones left out; nothing loads every
// expense. Months are given as their first day and the next month's first day (YYYY-MM-DD).
// Sums of numeric(14,2) keep two decimals; they are read as text (exact).
import { statement } from '../sql.js';

const MONTH_FILTER = `e."groupId" = $1::int AND e."deletedAt" IS NULL AND e."spentOn" >= $2::date AND e."spentOn" < $3::date`;

/** The group's title, the month's total and count, and the previous month's (from $4 to $2). */
export const monthTotalsSql = statement<[groupId: number, from: string, to: string, previousFrom: string]>()(
  "a month's total and the previous month's",
  `SELECT g.title,
          COALESCE(SUM(e.amount) FILTER (WHERE e."spentOn" >= $2::date), 0)::text AS total,
          COUNT(e.id) FILTER (WHERE e."spentOn" >= $2::date)::int AS count,
          COALESCE(SUM(e.amount) FILTER (WHERE e."spentOn" < $2::date), 0)::text AS "previousTotal",
          COUNT(e.id) FILTER (WHERE e."spentOn" < $2::date)::int AS "previousCount"
   FROM "Group" g
   LEFT JOIN "Expense" e ON e."groupId" = g.id AND e."deletedAt" IS NULL
     AND e."spentOn" >= $4::date AND e."spentOn" < $3::date
   WHERE g.id = $1::int
   GROUP BY g.id`,
  { title: 'text', total: 'text', count: 'int4', previousTotal: 'text', previousCount: 'int4' },
);

/** What each person paid in the month and what their shares came to, most paid first. */
export const monthPeopleSql = statement<[groupId: number, from: string, to: string]>()(
  "each person's paid and share in a month",
  `WITH e AS (
     SELECT e.id, e."payerId", e.amount FROM "Expense" e WHERE ${MONTH_FILTER}
   ), paid AS (
     SELECT "payerId" AS "userId", SUM(amount) AS paid FROM e GROUP BY "payerId"
   ), shares AS (
     SELECT s."userId", SUM(s.share) AS share FROM "ExpenseShare" s JOIN e ON e.id = s."expenseId"
     GROUP BY s."userId"
   )
   SELECT u.id, u."telegramId"::text AS "telegramId", u."firstName", u."lastName", u.username,
          COALESCE(p.paid, 0)::text AS paid, COALESCE(sh.share, 0)::text AS share
   FROM paid p FULL JOIN shares sh ON sh."userId" = p."userId"
   JOIN "User" u ON u.id = COALESCE(p."userId", sh."userId")
   ORDER BY COALESCE(p.paid, 0) DESC, COALESCE(sh.share, 0) DESC, u.id`,
  {
    id: 'int4',
    telegramId: 'text',
    firstName: 'text',
    lastName: 'text?',
    username: 'text?',
    paid: 'text',
    share: 'text',
  },
);

/** The month's spending by category, largest first (no category yet: other). */
export const monthCategoriesSql = statement<[groupId: number, from: string, to: string]>()(
  "a month's spending by category",
  `SELECT COALESCE(e.category, 'other') AS category, SUM(e.amount)::text AS total, COUNT(*)::int AS count
   FROM "Expense" e WHERE ${MONTH_FILTER}
   GROUP BY COALESCE(e.category, 'other')
   ORDER BY SUM(e.amount) DESC, COALESCE(e.category, 'other')`,
  { category: 'text', total: 'text', count: 'int4' },
);

/** The month's biggest expenses, with their payer. */
export const monthBiggestSql = statement<[groupId: number, from: string, to: string, limit: number]>()(
  "a month's biggest expenses",
  `SELECT e.id, e."number", e.amount::text AS amount, e.description, e."spentOn"::text AS "spentOn",
          COALESCE(e.category, 'other') AS category,
          u.id AS "payerId", u."telegramId"::text AS "payerTelegramId", u."firstName", u."lastName", u.username
   FROM "Expense" e JOIN "User" u ON u.id = e."payerId"
   WHERE ${MONTH_FILTER}
   ORDER BY e.amount DESC, e.id
   LIMIT $4::int`,
  {
    id: 'int4',
    number: 'int4',
    amount: 'text',
    description: 'text',
    spentOn: 'text',
    category: 'text',
    payerId: 'int4',
    payerTelegramId: 'text',
    firstName: 'text',
    lastName: 'text?',
    username: 'text?',
  },
);

/** Turns the monthly summary on or off for a group; returns what it was before. */
export const setSummaryAutoSql = statement<[groupId: number, on: boolean]>()(
  'turn the monthly summary on or off',
  `UPDATE "Group" g SET "summaryAuto" = $2::bool
   FROM (SELECT id, "summaryAuto" FROM "Group" WHERE id = $1::int FOR UPDATE) before
   WHERE g.id = before.id
   RETURNING before."summaryAuto" AS "wasOn"`,
  { wasOn: 'bool' },
);

/** Whether the monthly summary is on for a group. */
export const summaryAutoSql = statement<[groupId: number]>()(
  'is the monthly summary on',
  `SELECT "summaryAuto" AS "on" FROM "Group" WHERE id = $1::int`,
  { on: 'bool' },
);

/**
 * Claims last month's summary for every group that asked for it and where it is now the 1st, from
 * hour $3, in the time zone $2: one row per group and month (the primary key), so another instance,
 * or this one after a restart, claims nothing twice. A claim left unsent for ten minutes (its
 * instance died before Telegram took the message) is taken over. The day and month are read in the
 * time zone by the database, so a group with a zone of its own needs only that zone here.
 */
export const claimSummariesSql = statement<[at: string, timeZone: string, fromHour: number]>()(
  'claim the monthly summaries that are due',
  `WITH due AS (
     SELECT g.id, to_char(date_trunc('month', l.local) - interval '1 month', 'YYYY-MM') AS month
     FROM "Group" g
     -- The group's own time zone (/timezone), else the operator's.
     CROSS JOIN LATERAL (SELECT ($1::timestamptz AT TIME ZONE COALESCE(g."timezone", $2::text)) AS local) l
     WHERE g."summaryAuto" AND extract(day FROM l.local) = 1 AND extract(hour FROM l.local) >= $3::int
   ), claimed AS (
     INSERT INTO "SummaryPost" ("groupId", "month", "claimedAt")
     SELECT id, month, $1::timestamp FROM due
     ON CONFLICT ("groupId", "month") DO UPDATE SET "claimedAt" = EXCLUDED."claimedAt"
       WHERE "SummaryPost"."sentAt" IS NULL AND "SummaryPost"."claimedAt" < EXCLUDED."claimedAt" - interval '10 minutes'
     RETURNING "groupId", "month"
   )
   SELECT c."groupId", c."month", g."chatId"::text AS "chatId", COALESCE(g."timezone", $2::text) AS "timeZone"
   FROM claimed c JOIN "Group" g ON g.id = c."groupId"
   ORDER BY c."groupId"`,
  { groupId: 'int4', month: 'text', chatId: 'text', timeZone: 'text' },
);

/** Marks a claimed summary as delivered. */
export const summarySentSql = statement<[groupId: number, month: string, at: string]>()(
  'mark a monthly summary sent',
  `UPDATE "SummaryPost" SET "sentAt" = $3::timestamp WHERE "groupId" = $1::int AND "month" = $2::text
   RETURNING "groupId"`,
  { groupId: 'int4' },
);

export const summaryStatements = [
  monthTotalsSql,
  monthPeopleSql,
  monthCategoriesSql,
  monthBiggestSql,
  setSummaryAutoSql,
  summaryAutoSql,
  claimSummariesSql,
  summarySentSql,
];
