// Private notes of changes (/notify): the passbook lines written since the cursor, up to a moment,
// claimed in one statement that moves the shared cursor (an instance that comes second finds the
// cursor moved and claims the lines after it), with what a note says about each line for people
// who asked for notes and did not make the change themselves.
import { isoUtc, statement } from '../sql.js';

/**
 * Claims up to `limit` passbook lines posted at or before `before` after the cursor, and returns the
 * notes among them: lines of people with notify on who opened a private chat with the bot, about a
 * change someone else made (recorded, corrected or undid). `actor` is that someone's first name;
 * `amount` the expense's or payment's amount; `fromName`/`toName` a payment's people.
 */
export const claimChangeNotesSql = statement<[before: string, limit: number]>()(
  'claim passbook lines for change notes',
  `WITH cursor AS (
     SELECT "lastEntryId" FROM "NotifyCursor" WHERE id = 1 FOR UPDATE
   ), batch AS (
     SELECT p.* FROM "PassbookEntry" p, cursor c
     WHERE p.id > c."lastEntryId" AND p."createdAt" <= $1::timestamp
     ORDER BY p.id LIMIT $2::int
   ), moved AS (
     UPDATE "NotifyCursor" SET "lastEntryId" = (SELECT max(id) FROM batch)
     WHERE id = 1 AND EXISTS (SELECT 1 FROM batch)
     RETURNING 1
   ), notes AS (
     SELECT b.id, b.kind::text AS kind, b.delta, b.currency, b."createdAt", u."telegramId", g.title,
            e.number AS "expenseNumber", e.description, coalesce(e.amount, s.amount) AS amount,
            sf."firstName" AS "fromName", st."firstName" AS "toName", b."userId",
            CASE b.kind
              WHEN 'EXPENSE' THEN e."recordedById"
              WHEN 'EXPENSE_UNDONE' THEN e."deletedById"
              WHEN 'EXPENSE_REVISED' THEN (SELECT r."revisedById" FROM "ExpenseRevision" r
                                          WHERE r."expenseId" = e.id ORDER BY r.id DESC LIMIT 1)
              WHEN 'SETTLEMENT' THEN s."recordedById"
              ELSE s."deletedById"
            END AS "actorId"
     FROM batch b
     JOIN "User" u ON u.id = b."userId" AND u.notify AND u."startedBot"
     JOIN "Group" g ON g.id = b."groupId"
     LEFT JOIN "Expense" e ON e.id = b."expenseId"
     LEFT JOIN "Settlement" s ON s.id = b."settlementId"
     LEFT JOIN "User" sf ON sf.id = s."fromUserId"
     LEFT JOIN "User" st ON st.id = s."toUserId"
   )
   SELECT n.id::text AS id, n.kind, n.delta::text AS delta, n.currency, n."telegramId"::text AS "telegramId",
          n.title, n."expenseNumber", n.description, n.amount::text AS amount, n."fromName", n."toName",
          a."firstName" AS actor, ${isoUtc('n."createdAt"')} AS at
   FROM notes n JOIN "User" a ON a.id = n."actorId"
   WHERE n."actorId" <> n."userId"
   ORDER BY n.id`,
  {
    id: 'text',
    kind: 'text',
    delta: 'text',
    currency: 'text',
    telegramId: 'text',
    title: 'text',
    expenseNumber: 'int4?',
    description: 'text?',
    amount: 'text?',
    fromName: 'text?',
    toName: 'text?',
    actor: 'text',
    at: 'text',
  },
);

export const notifyStatements = [claimChangeNotesSql];
