// Splitwise imports: each record an import makes is one statement, the ledger's record function and
// then the ImportedRow that says which row of which file it came from. The record's source is
// derived from the row's key (see usecases/import-splitwise.ts), so the function's own idempotency
// makes a second import of the same row record nothing, as a redelivered message does.
import { statement } from '../sql.js';
import { RECORD_EXPENSE_CALL, RECORD_SETTLEMENT_CALL } from './ledger.js';

/** recordExpenseSql's 13 parameters, then the row's key, import, line and category. */
export const importExpenseSql = statement<
  [
    groupId: number,
    payerId: number,
    recordedById: number,
    amount: string,
    splitType: string,
    description: string,
    shareUsers: readonly number[],
    shareAmounts: readonly string[],
    shareTyped: readonly (string | null)[],
    sourceChatId: string,
    sourceMessageId: number,
    at: string,
    spentOn: string | null,
    key: string,
    importId: number,
    line: number,
    category: string,
  ]
>()(
  'import an expense',
  `WITH r AS (SELECT * FROM ${RECORD_EXPENSE_CALL}),
   kept AS (
     INSERT INTO "ImportedRow" ("groupId", "key", "importId", "line", "expenseId", "category", "createdAt")
     SELECT $1::int, $14::text, $15::int, $16::int, r.expense_id, $17::text, $12::timestamp FROM r
     ON CONFLICT ("groupId", "key") DO NOTHING)
   SELECT r.expense_id AS "id", r.created FROM r`,
  { id: 'int4', created: 'bool' },
);

/** recordSettlementSql's 9 parameters, then the row's key, import, line and category. */
export const importSettlementSql = statement<
  [
    groupId: number,
    fromId: number,
    toId: number,
    amount: string,
    recordedById: number,
    sourceChatId: string,
    sourceMessageId: number,
    at: string,
    note: string,
    key: string,
    importId: number,
    line: number,
    category: string,
  ]
>()(
  'import a settlement',
  `WITH r AS (SELECT * FROM ${RECORD_SETTLEMENT_CALL}),
   kept AS (
     INSERT INTO "ImportedRow" ("groupId", "key", "importId", "line", "settlementId", "category", "createdAt")
     SELECT $1::int, $10::text, $11::int, $12::int, r.settlement_id, $13::text, $8::timestamp FROM r
     WHERE r.settlement_id IS NOT NULL
     ON CONFLICT ("groupId", "key") DO NOTHING)
   SELECT r.settlement_id AS "id", r.created FROM r`,
  { id: 'int4?', created: 'bool' },
);

export const importStatements = [importExpenseSql, importSettlementSql];
