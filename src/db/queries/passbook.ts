// A user's passbook (usecases/passbook.ts): lines with the names of who paid whom, and totals.
import { isoUtc, statement } from '../sql.js';

/** `before` gives entries older than that id, `after` newer ones (ascending); neither, the newest. */
export const passbookLinesSql = statement<
  [userId: number, bound: string | null, goingBack: boolean, limit: number]
>()(
  'a page of passbook lines',
  `SELECT e.id::text AS id, ${isoUtc('e."createdAt"')} AS at, e.kind::text AS kind, g.title AS "groupTitle",
          x.description, e."expenseId", x."number" AS "expenseNumber", s."number" AS "settlementNumber", to_char(x."spentOn", 'YYYY-MM-DD') AS "spentOn",
          COALESCE(xp."firstName", sf."firstName") || COALESCE(' ' || COALESCE(xp."lastName", sf."lastName"), '') AS "paidBy",
          CASE WHEN s.id IS NULL THEN NULL ELSE st."firstName" || COALESCE(' ' || st."lastName", '') END AS "paidTo",
          -- The expense's amount as this line saw it: the original on its first line (a correction
          -- keeps it), the amount a correction made on that correction's line.
          COALESCE(CASE e.kind
                     WHEN 'EXPENSE' THEN (SELECT r."previousAmount" FROM "ExpenseRevision" r
                                          WHERE r."expenseId" = x.id ORDER BY r.revision ASC LIMIT 1)
                     WHEN 'EXPENSE_REVISED' THEN (SELECT r."previousAmount" FROM "ExpenseRevision" r
                                                  WHERE r."expenseId" = x.id AND r."revisedAt" > e."createdAt"
                                                  ORDER BY r.revision ASC LIMIT 1)
                   END, x.amount, s.amount)::text AS amount,
          e.paid::text AS paid, e.share::text AS share, e.delta::text AS delta, e."runningNet"::text AS "runningNet",
          e.currency, (COALESCE(x."deletedAt", s."deletedAt") IS NOT NULL) AS undone
   FROM "PassbookEntry" e
   JOIN "Group" g ON g.id = e."groupId"
   LEFT JOIN "Expense" x ON x.id = e."expenseId"
   LEFT JOIN "User" xp ON xp.id = x."payerId"
   LEFT JOIN "Settlement" s ON s.id = e."settlementId"
   LEFT JOIN "User" sf ON sf.id = s."fromUserId"
   LEFT JOIN "User" st ON st.id = s."toUserId"
   WHERE e."userId" = $1::int
     AND ($2::bigint IS NULL OR ($3::boolean AND e.id > $2::bigint) OR (NOT $3::boolean AND e.id < $2::bigint))
   ORDER BY CASE WHEN $3::boolean THEN e.id END ASC, CASE WHEN NOT $3::boolean THEN e.id END DESC
   LIMIT $4::int`,
  {
    id: 'text',
    at: 'text',
    kind: 'text',
    groupTitle: 'text',
    description: 'text?',
    expenseId: 'int4?',
    expenseNumber: 'int4?',
    settlementNumber: 'int4?',
    spentOn: 'text?',
    paidBy: 'text',
    paidTo: 'text?',
    amount: 'text',
    paid: 'text',
    share: 'text',
    delta: 'text',
    runningNet: 'text',
    currency: 'text',
    undone: 'bool',
  },
);

export const olderPassbookLineSql = statement<[userId: number, beforeId: string]>()(
  'is there a passbook line older than this one',
  `SELECT EXISTS (SELECT 1 FROM "PassbookEntry" WHERE "userId" = $1::int AND id < $2::bigint) AS "exists"`,
  { exists: 'bool' },
);

/** Totals per currency (never added across currencies), with the net in each. */
export const passbookTotalsSql = statement<[userId: number]>()(
  'passbook totals per currency',
  `SELECT e.currency,
          COALESCE(SUM(e.paid) FILTER (WHERE e.kind IN ('EXPENSE', 'EXPENSE_UNDONE', 'EXPENSE_REVISED')), 0)::text AS "expensesPaid",
          COALESCE(SUM(e.share) FILTER (WHERE e.kind IN ('EXPENSE', 'EXPENSE_UNDONE', 'EXPENSE_REVISED')), 0)::text AS "expenseShares",
          COALESCE(SUM(e.paid) FILTER (WHERE e.kind IN ('SETTLEMENT', 'SETTLEMENT_UNDONE')), 0)::text AS "settlementsPaid",
          COALESCE(SUM(e.share) FILTER (WHERE e.kind IN ('SETTLEMENT', 'SETTLEMENT_UNDONE')), 0)::text AS "settlementsReceived",
          COUNT(e.id)::int AS entries,
          (SELECT n.net::text FROM "UserNet" n WHERE n."userId" = $1::int AND n.currency = e.currency) AS net
   FROM "PassbookEntry" e WHERE e."userId" = $1::int
   GROUP BY e.currency
   ORDER BY COUNT(e.id) DESC, e.currency`,
  {
    currency: 'text',
    expensesPaid: 'text',
    expenseShares: 'text',
    settlementsPaid: 'text',
    settlementsReceived: 'text',
    entries: 'int4',
    net: 'text?',
  },
);

export const passbookStatements = [passbookLinesSql, olderPassbookLineSql, passbookTotalsSql];
