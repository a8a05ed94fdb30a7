// A group's story for /expenses: expenses and settlements together, newest first, a page at a
// time, undone ones only when asked. Each side takes at most a page's worth beyond the offset from
// its (groupId, id desc) index, so a page never sorts the whole group.
import { isoUtc, statement } from '../sql.js';

export const historyPageSql = statement<
  [groupId: number, includeUndone: boolean, limit: number, offset: number]
>()(
  'a page of expenses and settlements',
  `SELECT h.kind, h.id, h.number, ${isoUtc('h.at')} AS at, h.amount::text AS amount, h.text, h.split, h.spent AS "spentOn", h.participants,
          h.undone, f."firstName" AS "fromFirstName", f."lastName" AS "fromLastName",
          t."firstName" AS "toFirstName", t."lastName" AS "toLastName"
   FROM ((SELECT 'expense'::text AS kind, x.id, x."number", x."createdAt" AS at, x.amount, x.description AS text,
                 x."splitType"::text AS split, to_char(x."spentOn", 'YYYY-MM-DD') AS spent,
                 (SELECT count(*) FROM "ExpenseShare" s WHERE s."expenseId" = x.id)::int AS participants,
                 x."deletedAt" IS NOT NULL AS undone, x."payerId" AS from_id, NULL::int AS to_id
          FROM "Expense" x
          WHERE x."groupId" = $1::int AND ($2::bool OR x."deletedAt" IS NULL)
          ORDER BY x.id DESC LIMIT $3::int + $4::int)
         UNION ALL
         (SELECT 'settlement'::text, s.id, s."number", s."createdAt", s.amount, s.note, NULL::text, NULL::text, 2,
                 s."deletedAt" IS NOT NULL, s."fromUserId", s."toUserId"
          FROM "Settlement" s
          WHERE s."groupId" = $1::int AND ($2::bool OR s."deletedAt" IS NULL)
          ORDER BY s.id DESC LIMIT $3::int + $4::int)) h
   JOIN "User" f ON f.id = h.from_id
   LEFT JOIN "User" t ON t.id = h.to_id
   ORDER BY h.at DESC, h.kind, h.id DESC
   LIMIT $3::int OFFSET $4::int`,
  {
    kind: 'text',
    id: 'int4',
    number: 'int4',
    at: 'text',
    amount: 'text',
    text: 'text',
    split: 'text?',
    spentOn: 'text?',
    participants: 'int4',
    undone: 'bool',
    fromFirstName: 'text',
    fromLastName: 'text?',
    toFirstName: 'text?',
    toLastName: 'text?',
  },
);

export const historyCountsSql = statement<[groupId: number]>()(
  'how many expenses and settlements a group has, and how many are undone',
  `SELECT (SELECT count(*) FROM "Expense" x WHERE x."groupId" = $1::int)::int AS expenses,
          (SELECT count(*) FROM "Expense" x WHERE x."groupId" = $1::int AND x."deletedAt" IS NOT NULL)::int
            AS "undoneExpenses",
          (SELECT count(*) FROM "Settlement" s WHERE s."groupId" = $1::int)::int AS settlements,
          (SELECT count(*) FROM "Settlement" s WHERE s."groupId" = $1::int AND s."deletedAt" IS NOT NULL)::int
            AS "undoneSettlements"`,
  { expenses: 'int4', undoneExpenses: 'int4', settlements: 'int4', undoneSettlements: 'int4' },
);

export const historyStatements = [historyPageSql, historyCountsSql];
