// Itemised bills (/bill): the expense and its lines in one statement, so an expense split by items is
// never stored without them (nor the other way round), with the bill's photo as its receipt when it
// came from one.
import { isoUtc, statement } from '../sql.js';
import { RECORD_EXPENSE_CALL, type RecordExpenseArgs } from './ledger.js';

/**
 * recordExpenseSql's parameters (its category guess too), then the bill's lines as JSON (an array of
 * { position, description, amount, userIds, percent, charge }) and the photo's file_id and
 * file_unique_id (both null without one). A redelivered message writes no lines again.
 */
export const recordBillSql = statement<
  [...RecordExpenseArgs, category: string, lines: string, fileId: string | null, fileUniqueId: string | null]
>()(
  'record an itemised bill',
  `WITH r AS (SELECT * FROM ${RECORD_EXPENSE_CALL}),
   lines AS (
     INSERT INTO "ExpenseItem" ("expenseId", position, description, amount, "userIds", percent, charge)
     SELECT r.expense_id, l.position, l.description, l.amount, l."userIds", l.percent, l.charge
     FROM r, jsonb_to_recordset($15::jsonb)
       AS l(position int, description text, amount numeric, "userIds" int[], percent numeric, charge boolean)
     WHERE r.created
     ON CONFLICT DO NOTHING),
   kept AS (
     INSERT INTO "ExpenseReceipt" ("expenseId", "fileId", "fileUniqueId", "attachedById", "attachedAt")
     SELECT r.expense_id, $16::text, $17::text, $3::int, $12::timestamp FROM r
     WHERE $16::text IS NOT NULL AND $17::text IS NOT NULL
     ON CONFLICT ("expenseId") DO NOTHING)
   SELECT r.expense_id AS "expenseId", r.created, ${isoUtc('r.created_at')} AS "createdAt",
          hisaab_guess_category(r.expense_id, $14::text, r.created) AS category,
          hisaab_expense_number(r.expense_id) AS number
   FROM r`,
  { expenseId: 'int4', created: 'bool', createdAt: 'text', category: 'text?', number: 'int4' },
);

export const billStatements = [recordBillSql];
