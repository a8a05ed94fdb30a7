// The ledger's writes: each a call of one function in prisma/migrations/*_one_ledger_writer, by
// named arguments, so a reordered parameter list cannot bind an amount to an id. Each is one
// statement, atomic on its own; hisaab_post inside them is the only writer of PairBalance,
// PassbookEntry and User.net.
import { isoUtc, statement } from '../sql.js';

/**
 * The call of hisaab_record_expense with parameters $1..$13 in recordExpenseSql's order, for the
 * statements that write more about an expense in the same statement (a receipt: see receipts.ts).
 */
export const RECORD_EXPENSE_CALL = `hisaab_record_expense(
     p_group_id => $1::int, p_payer_id => $2::int, p_recorded_by_id => $3::int, p_amount => $4::numeric,
     p_split_type => $5::"SplitType", p_description => $6::text, p_share_users => $7::int[],
     p_share_amounts => $8::numeric[], p_share_typed => $9::numeric[], p_source_chat_id => $10::bigint,
     p_source_message_id => $11::int, p_at => $12::timestamp, p_spent_on => $13::date)`;

/** hisaab_record_expense's arguments as RECORD_EXPENSE_CALL passes them ($1 to $13). */
export type RecordExpenseArgs = [
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
];

export const recordExpenseSql = statement<[...RecordExpenseArgs, category: string]>()(
  'record an expense',
  // The category is written by its own statement after the ledger function, in the same
  // transaction (hisaab_guess_category, migration *_expense_category); a redelivery keeps the stored one.
  `SELECT r.expense_id AS "expenseId", r.created, ${isoUtc('r.created_at')} AS "createdAt",
          hisaab_guess_category(r.expense_id, $14::text, r.created) AS category,
          hisaab_expense_number(r.expense_id) AS number
   FROM ${RECORD_EXPENSE_CALL} r`,
  { expenseId: 'int4', created: 'bool', createdAt: 'text', category: 'text?', number: 'int4' },
);

/**
 * An expense with several payers: recordExpenseSql's arguments, then what each payer paid and who
 * owes which payer ($15 to $19, as apportioned by src/ledger/payers.ts; hisaab_post checks them).
 */
export const recordSeveralPayersSql = statement<
  [
    ...RecordExpenseArgs,
    category: string,
    payerUsers: readonly number[],
    payerAmounts: readonly string[],
    debtors: readonly number[],
    creditors: readonly number[],
    debtAmounts: readonly string[],
  ]
>()(
  'record an expense with several payers',
  `SELECT r.expense_id AS "expenseId", r.created, ${isoUtc('r.created_at')} AS "createdAt",
          hisaab_guess_category(r.expense_id, $14::text, r.created) AS category,
          hisaab_expense_number(r.expense_id) AS number
   FROM ${RECORD_EXPENSE_CALL.replace(
     'p_spent_on => $13::date)',
     `p_spent_on => $13::date, p_payer_users => $15::int[], p_payer_amounts => $16::numeric[],
     p_debtors => $17::int[], p_creditors => $18::int[], p_debt_amounts => $19::numeric[])`,
   )} r`,
  { expenseId: 'int4', created: 'bool', createdAt: 'text', category: 'text?', number: 'int4' },
);

export const recordSettlementSql = statement<
  [
    groupId: number,
    fromId: number,
    toId: number,
    amount: string | null,
    recordedById: number,
    sourceChatId: string,
    sourceMessageId: number,
    at: string,
    note: string,
  ]
>()(
  'record a settlement',
  `SELECT r.settlement_id AS "settlementId", r.created, r.amount::text AS amount, r.owed_before::text AS "owedBefore",
          hisaab_settlement_number(r.settlement_id) AS number
   FROM hisaab_record_settlement(
     p_group_id => $1::int, p_from_id => $2::int, p_to_id => $3::int, p_amount => $4::numeric,
     p_recorded_by_id => $5::int, p_source_chat_id => $6::bigint, p_source_message_id => $7::int,
     p_at => $8::timestamp, p_note => $9::text) r`,
  { settlementId: 'int4?', created: 'bool', amount: 'text?', owedBefore: 'text', number: 'int4?' },
);

export const undoExpenseSql = statement<[expenseId: number, undoneById: number, at: string]>()(
  'undo an expense',
  `SELECT hisaab_undo_expense(p_expense_id => $1::int, p_undone_by_id => $2::int, p_at => $3::timestamp) AS undone`,
  { undone: 'bool' },
);

export const undoSettlementSql = statement<[settlementId: number, undoneById: number, at: string]>()(
  'undo a settlement',
  `SELECT hisaab_undo_settlement(p_settlement_id => $1::int, p_undone_by_id => $2::int, p_at => $3::timestamp) AS undone`,
  { undone: 'bool' },
);

/**
 * A /settleup Paid button: hisaab_pay_offer (migration *_one_story) records the row's payment only
 * while the plan's balances are as it was computed from, once, under a lock on the plan.
 */
export const payOfferSql = statement<
  [offerId: number, groupId: number, payerId: number, sourceChatId: string, at: string]
>()(
  'pay one row of a settle-up plan',
  `SELECT r.outcome, r.settlement_id AS "settlementId", r.plan_id AS "planId"
   FROM hisaab_pay_offer(p_offer_id => $1::int, p_group_id => $2::int, p_payer_id => $3::int,
     p_source_chat_id => $4::bigint, p_at => $5::timestamp) r`,
  { outcome: 'text', settlementId: 'int4?', planId: 'int4?' },
);

export const ledgerStatements = [
  recordExpenseSql,
  recordSeveralPayersSql,
  recordSettlementSql,
  undoExpenseSql,
  undoSettlementSql,
  payOfferSql,
];
