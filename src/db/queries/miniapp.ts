// The Mini App's reads (usecases/group-spending.ts, search-expenses.ts, net-history.ts): every
// figure is aggregated here, in the database, so a page never downloads a group's every expense.
import { isoUtc, statement } from '../sql.js';

const LIVE = `e."groupId" = $1::int AND e."deletedAt" IS NULL`;

export const spendingTotalsSql = statement<[groupId: number]>()(
  "a group's spending in all",
  `SELECT COUNT(*)::int AS count, COALESCE(SUM(e.amount), 0)::text AS total,
          to_char(MIN(e."spentOn"), 'YYYY-MM-DD') AS "firstDay", to_char(MAX(e."spentOn"), 'YYYY-MM-DD') AS "lastDay"
   FROM "Expense" e WHERE ${LIVE}`,
  { count: 'int4', total: 'text', firstDay: 'text?', lastDay: 'text?' },
);

export const spendingByMonthSql = statement<[groupId: number, months: number]>()(
  "a group's spending per month (the latest months)",
  `SELECT to_char(date_trunc('month', e."spentOn"), 'YYYY-MM') AS month, COUNT(*)::int AS count,
          SUM(e.amount)::text AS total
   FROM "Expense" e WHERE ${LIVE}
   GROUP BY 1 ORDER BY 1 DESC LIMIT $2::int`,
  { month: 'text', count: 'int4', total: 'text' },
);

export const spendingByPersonSql = statement<[groupId: number]>()(
  "a group's spending per person: what each paid and what each consumed (their shares)",
  `WITH shares AS (
     SELECT s."userId", SUM(s.share) AS share FROM "ExpenseShare" s JOIN "Expense" e ON e.id = s."expenseId"
     WHERE ${LIVE} GROUP BY s."userId"),
   paid AS (
     SELECT e."payerId" AS "userId", SUM(e.amount) AS paid FROM "Expense" e WHERE ${LIVE} GROUP BY e."payerId")
   SELECT u.id AS "userId", u."firstName", u."lastName", u.username,
          COALESCE(shares.share, 0)::text AS share, COALESCE(paid.paid, 0)::text AS paid
   FROM (SELECT "userId" FROM shares UNION SELECT "userId" FROM paid) ids
   JOIN "User" u ON u.id = ids."userId"
   LEFT JOIN shares ON shares."userId" = u.id
   LEFT JOIN paid ON paid."userId" = u.id
   ORDER BY COALESCE(shares.share, 0) DESC, u.id`,
  { userId: 'int4', firstName: 'text', lastName: 'text?', username: 'text?', share: 'text', paid: 'text' },
);

/**
 * A group's spending by category, largest first, in all or from/to a day (from inclusive, to
 * exclusive: a month is its first day and the next month's). No category (recorded before
 * categories) counts as other, as in /summary (summary.ts monthCategoriesSql).
 */
export const spendingByCategorySql = statement<[groupId: number, from: string | null, to: string | null]>()(
  "a group's spending by category, in all or in a range of days",
  `SELECT COALESCE(e.category, 'other') AS category, SUM(e.amount)::text AS total, COUNT(*)::int AS count
   FROM "Expense" e
   WHERE ${LIVE}
     AND ($2::text IS NULL OR e."spentOn" >= $2::date)
     AND ($3::text IS NULL OR e."spentOn" < $3::date)
   GROUP BY COALESCE(e.category, 'other')
   ORDER BY SUM(e.amount) DESC, COALESCE(e.category, 'other')`,
  { category: 'text', total: 'text', count: 'int4' },
);

/**
 * One page of a group's expenses, newest first, filtered: words in the description (a LIKE pattern
 * the caller escaped), the payer, someone sharing it, spent from/to a day, undone ones or not.
 */
export const searchExpensesSql = statement<
  [
    groupId: number,
    pattern: string | null,
    payerId: number | null,
    personId: number | null,
    from: string | null,
    to: string | null,
    beforeId: number | null,
    includeUndone: boolean,
    limit: number,
  ]
>()(
  "a filtered page of a group's expenses",
  `SELECT e.id, e."number", e.amount::text AS amount, e.description, to_char(e."spentOn", 'YYYY-MM-DD') AS "spentOn",
          ${isoUtc('e."createdAt"')} AS at, e."deletedAt" IS NOT NULL AS undone, e."payerId",
          (SELECT COUNT(*) FROM "ExpenseShare" c WHERE c."expenseId" = e.id)::int AS people
   FROM "Expense" e
   WHERE e."groupId" = $1::int
     AND ($8::boolean OR e."deletedAt" IS NULL)
     AND ($2::text IS NULL OR e.description ILIKE $2::text ESCAPE '\\')
     AND ($3::int IS NULL OR e."payerId" = $3::int)
     AND ($4::int IS NULL OR EXISTS (SELECT 1 FROM "ExpenseShare" s WHERE s."expenseId" = e.id AND s."userId" = $4::int))
     AND ($5::text IS NULL OR e."spentOn" >= $5::date)
     AND ($6::text IS NULL OR e."spentOn" <= $6::date)
     AND ($7::int IS NULL OR e.id < $7::int)
   ORDER BY e.id DESC
   LIMIT $9::int`,
  {
    id: 'int4',
    number: 'int4',
    amount: 'text',
    description: 'text',
    spentOn: 'text',
    at: 'text',
    undone: 'bool',
    payerId: 'int4',
    people: 'int4',
  },
);

export const searchExpensesTotalSql = statement<
  [
    groupId: number,
    pattern: string | null,
    payerId: number | null,
    personId: number | null,
    from: string | null,
    to: string | null,
    includeUndone: boolean,
  ]
>()(
  'how many expenses a filter matches, and their sum (undone ones not summed)',
  `SELECT COUNT(*)::int AS count, COALESCE(SUM(e.amount) FILTER (WHERE e."deletedAt" IS NULL), 0)::text AS total
   FROM "Expense" e
   WHERE e."groupId" = $1::int
     AND ($7::boolean OR e."deletedAt" IS NULL)
     AND ($2::text IS NULL OR e.description ILIKE $2::text ESCAPE '\\')
     AND ($3::int IS NULL OR e."payerId" = $3::int)
     AND ($4::int IS NULL OR EXISTS (SELECT 1 FROM "ExpenseShare" s WHERE s."expenseId" = e.id AND s."userId" = $4::int))
     AND ($5::text IS NULL OR e."spentOn" >= $5::date)
     AND ($6::text IS NULL OR e."spentOn" <= $6::date)`,
  { count: 'int4', total: 'text' },
);

/** A person's running net (across all groups) at the end of each day they had an entry, latest days. */
export const netByDaySql = statement<[userId: number, days: number, currency: string]>()(
  "a person's running net at the end of each day",
  `SELECT day, net FROM (
     SELECT DISTINCT ON (e."createdAt"::date) to_char(e."createdAt"::date, 'YYYY-MM-DD') AS day,
            e."runningNet"::text AS net, e."createdAt"::date AS d
     FROM "PassbookEntry" e WHERE e."userId" = $1::int AND e.currency = $3::text
     ORDER BY e."createdAt"::date DESC, e.id DESC
     LIMIT $2::int) last_days
   ORDER BY d`,
  { day: 'text', net: 'text' },
);

/** A person's running net after each of their latest passbook lines (for a short history). */
export const netByEntrySql = statement<[userId: number, entries: number, currency: string]>()(
  "a person's running net after each of their latest passbook lines",
  `SELECT at, net FROM (
     SELECT ${isoUtc('e."createdAt"')} AS at, e."runningNet"::text AS net, e.id
     FROM "PassbookEntry" e WHERE e."userId" = $1::int AND e.currency = $3::text
     ORDER BY e.id DESC LIMIT $2::int) latest
   ORDER BY id`,
  { at: 'text', net: 'text' },
);

export const currentMemberSql = statement<[groupId: number, telegramId: string]>()(
  'is this Telegram user a current member of the group (and the version of its pages)',
  `SELECT u.id, u."firstName", u."lastName", u.username, u."telegramId"::text AS "telegramId", g.title,
          g."viewVersion"
   FROM "User" u
   JOIN "Membership" m ON m."userId" = u.id AND m."groupId" = $1::int AND m."leftAt" IS NULL
   JOIN "Group" g ON g.id = m."groupId"
   WHERE u."telegramId" = $2::bigint`,
  {
    id: 'int4',
    firstName: 'text',
    lastName: 'text?',
    username: 'text?',
    telegramId: 'text',
    title: 'text',
    viewVersion: 'int4',
  },
);

export const miniappStatements = [
  spendingTotalsSql,
  spendingByMonthSql,
  spendingByPersonSql,
  spendingByCategorySql,
  searchExpensesSql,
  searchExpensesTotalSql,
  netByDaySql,
  netByEntrySql,
  currentMemberSql,
];
