// The weekly export's page of users (export/source.ts), read by the export worker on its own pool.
import { isoUtc, statement } from '../sql.js';

export const userPageSql = statement<[afterId: number, limit: number]>()(
  'a page of users for the export',
  `SELECT u.id, u."telegramId"::text AS "telegramId", u.username, u."firstName", u."lastName", u.email,
          u.mobile, g.groups,
          COALESCE(p.paid, 0)::numeric(14, 2)::text AS "totalPaid",
          COALESCE(p.share, 0)::numeric(14, 2)::text AS "totalShare",
          u.net::text AS net,
          ${isoUtc('u."createdAt"')} AS "createdAt", ${isoUtc('u."updatedAt"')} AS "updatedAt"
   FROM "User" u
   LEFT JOIN LATERAL (
     SELECT COUNT(*)::int AS groups FROM "Membership" m WHERE m."userId" = u.id AND m."leftAt" IS NULL
   ) g ON true
   LEFT JOIN LATERAL (
     SELECT SUM(e.paid) AS paid, SUM(e.share) AS share FROM "PassbookEntry" e
     WHERE e."userId" = u.id AND e.kind IN ('EXPENSE', 'EXPENSE_UNDONE', 'EXPENSE_REVISED')
   ) p ON true
   WHERE u.id > $1::int
   ORDER BY u.id
   LIMIT $2::int`,
  {
    id: 'int4',
    telegramId: 'text',
    username: 'text?',
    firstName: 'text',
    lastName: 'text?',
    email: 'text?',
    mobile: 'text?',
    groups: 'int4',
    totalPaid: 'text',
    totalShare: 'text',
    net: 'text',
    createdAt: 'text',
    updatedAt: 'text',
  },
);

/** Groups with anything recorded, a page at a time by id, for the per-group expense files. */
export const groupPageSql = statement<[afterId: number, limit: number]>()(
  'a page of groups for the export',
  `SELECT g.id, g.title, g.currency FROM "Group" g
   WHERE g.id > $1::int
     AND (EXISTS (SELECT 1 FROM "Expense" e WHERE e."groupId" = g.id AND e."deletedAt" IS NULL)
       OR EXISTS (SELECT 1 FROM "Settlement" s WHERE s."groupId" = g.id AND s."deletedAt" IS NULL))
   ORDER BY g.id
   LIMIT $2::int`,
  { id: 'int4', title: 'text', currency: 'text' },
);

/**
 * A group's expenses and payments as they stand (corrections applied, undone ones left out), in the
 * order they were spent: what the group's Splitwise-layout file lists. An imported expense keeps
 * the category its Splitwise row had.
 */
export const groupLedgerSql = statement<[groupId: number]>()(
  "a group's expenses and payments for its export file",
  `SELECT * FROM (
     SELECT 'expense' AS kind, e.id, to_char(e."spentOn", 'YYYY-MM-DD') AS day, e.description,
            COALESCE(ir.category, e.category, '') AS category, e.amount::text AS amount, e."payerId" AS "fromId",
            NULL::int AS "toId",
            (SELECT jsonb_agg(jsonb_build_array(s."userId", s.share::text) ORDER BY s."userId")
             FROM "ExpenseShare" s WHERE s."expenseId" = e.id) AS shares,
            ${isoUtc('e."createdAt"')} AS at
     FROM "Expense" e
     LEFT JOIN "ImportedRow" ir ON ir."expenseId" = e.id AND ir."groupId" = e."groupId"
     WHERE e."groupId" = $1::int AND e."deletedAt" IS NULL
     UNION ALL
     SELECT 'payment', s.id, to_char(s."createdAt", 'YYYY-MM-DD'), s.note, 'Payment', s.amount::text,
            s."fromUserId", s."toUserId", NULL::jsonb, ${isoUtc('s."createdAt"')}
     FROM "Settlement" s
     WHERE s."groupId" = $1::int AND s."deletedAt" IS NULL
   ) rows
   ORDER BY day, at, kind, id`,
  {
    kind: 'text',
    id: 'int4',
    day: 'text',
    description: 'text',
    category: 'text',
    amount: 'text',
    fromId: 'int4',
    toId: 'int4?',
    shares: 'jsonb?',
    at: 'text',
  },
);

export const usersByIdSql = statement<[ids: readonly number[]]>()(
  'users by id for an export file',
  `SELECT u.id, u."firstName", u."lastName", u.username FROM "User" u WHERE u.id = ANY($1::int[]) ORDER BY u.id`,
  { id: 'int4', firstName: 'text', lastName: 'text?', username: 'text?' },
);
/**
 * The lines of a group's itemised bills (/bill) that stand (undone ones left out), in the order the
 * ledger file lists their expenses: the group's items file beside it.
 */
export const groupItemsSql = statement<[groupId: number]>()(
  "a group's itemised bill lines for its export",
  `SELECT e.number, to_char(e."spentOn", 'YYYY-MM-DD') AS day, e.description AS expense, i.position,
          i.description, i.amount::text AS amount, i.percent::text AS percent, i.charge,
          to_jsonb(i."userIds") AS "userIds"
   FROM "ExpenseItem" i JOIN "Expense" e ON e.id = i."expenseId"
   WHERE e."groupId" = $1::int AND e."deletedAt" IS NULL
   ORDER BY e."spentOn", e."createdAt", e.id, i.position`,
  {
    number: 'int4',
    day: 'text',
    expense: 'text',
    position: 'int4',
    description: 'text',
    amount: 'text',
    percent: 'text?',
    charge: 'bool',
    userIds: 'jsonb',
  },
);

export const exportStatements = [userPageSql, groupPageSql, groupLedgerSql, usersByIdSql, groupItemsSql];
