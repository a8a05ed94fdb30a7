// Receipts: the photo of a bill kept with an expense (ExpenseReceipt). Recording an expense from a
// photo's caption is one statement: the ledger's record function, then the receipt row from what it
// returned, so an expense is never stored without the photo it was sent with (nor the other way).
import { isoUtc, statement } from '../sql.js';
import { RECORD_EXPENSE_CALL, type RecordExpenseArgs } from './ledger.js';

/** recordExpenseSql's parameters (its category guess too), then the photo's file_id and file_unique_id. */
export const recordExpenseWithReceiptSql = statement<
  [...RecordExpenseArgs, category: string, fileId: string, fileUniqueId: string]
>()(
  'record an expense with its receipt',
  `WITH r AS (SELECT * FROM ${RECORD_EXPENSE_CALL}),
   kept AS (
     INSERT INTO "ExpenseReceipt" ("expenseId", "fileId", "fileUniqueId", "attachedById", "attachedAt")
     SELECT r.expense_id, $15::text, $16::text, $3::int, $12::timestamp FROM r
     ON CONFLICT ("expenseId") DO NOTHING)
   SELECT r.expense_id AS "expenseId", r.created, ${isoUtc('r.created_at')} AS "createdAt",
          hisaab_guess_category(r.expense_id, $14::text, r.created) AS category,
          hisaab_expense_number(r.expense_id) AS number
   FROM r`,
  { expenseId: 'int4', created: 'bool', createdAt: 'text', category: 'text?', number: 'int4' },
);

/** /receipt 12: attaches a photo to an expense, replacing an earlier one (whose copy is then stale). */
export const attachReceiptSql = statement<
  [expenseId: number, fileId: string, fileUniqueId: string, attachedById: number, at: string]
>()(
  'attach a receipt',
  `INSERT INTO "ExpenseReceipt" ("expenseId", "fileId", "fileUniqueId", "attachedById", "attachedAt")
   VALUES ($1::int, $2::text, $3::text, $4::int, $5::timestamp)
   ON CONFLICT ("expenseId") DO UPDATE SET "fileId" = EXCLUDED."fileId", "fileUniqueId" = EXCLUDED."fileUniqueId",
     "attachedById" = EXCLUDED."attachedById", "attachedAt" = EXCLUDED."attachedAt",
     "storedKey" = CASE WHEN "ExpenseReceipt"."fileUniqueId" = EXCLUDED."fileUniqueId" THEN "ExpenseReceipt"."storedKey" END,
     "storedAt" = CASE WHEN "ExpenseReceipt"."fileUniqueId" = EXCLUDED."fileUniqueId" THEN "ExpenseReceipt"."storedAt" END
   RETURNING "storedKey"`,
  { storedKey: 'text?' },
);

/** The copy in the bucket is done: only if the expense still has that photo (a later one replaces it). */
export const markReceiptStoredSql = statement<
  [expenseId: number, fileUniqueId: string, key: string, at: string]
>()(
  'mark a receipt copied',
  `UPDATE "ExpenseReceipt" SET "storedKey" = $3::text, "storedAt" = $4::timestamp
   WHERE "expenseId" = $1::int AND "fileUniqueId" = $2::text
   RETURNING "expenseId"`,
  { expenseId: 'int4' },
);

export const receiptStatements = [recordExpenseWithReceiptSql, attachReceiptSql, markReceiptStoredSql];
