// Other currencies: recording or correcting an expense typed in one (the ledger functions as they
// are, then what was typed, in one statement: the wrappers in migration *_other_currencies), and
// the one read /paid makes when a currency is typed (the group's currency and its rate for it).
import { isoUtc, statement } from '../sql.js';
import type { RecordExpenseArgs } from './ledger.js';

export const recordForeignExpenseSql = statement<
  [
    ...RecordExpenseArgs,
    originalCurrency: string,
    originalAmount: string,
    rate: string,
    originalShares: string | null,
    category: string,
  ]
>()(
  'record an expense typed in another currency',
  // The category as for any expense (hisaab_guess_category, migration *_expense_category).
  `SELECT r.expense_id AS "expenseId", r.created, ${isoUtc('r.created_at')} AS "createdAt",
          hisaab_guess_category(r.expense_id, $18::text, r.created) AS category,
          hisaab_expense_number(r.expense_id) AS number
   FROM hisaab_record_foreign_expense(
     p_group_id => $1::int, p_payer_id => $2::int, p_recorded_by_id => $3::int, p_amount => $4::numeric,
     p_split_type => $5::"SplitType", p_description => $6::text, p_share_users => $7::int[],
     p_share_amounts => $8::numeric[], p_share_typed => $9::numeric[], p_source_chat_id => $10::bigint,
     p_source_message_id => $11::int, p_at => $12::timestamp, p_spent_on => $13::date,
     p_original_currency => $14::text, p_original_amount => $15::numeric, p_rate => $16::numeric,
     p_original_shares => $17::jsonb) r`,
  { expenseId: 'int4', created: 'bool', createdAt: 'text', category: 'text?', number: 'int4' },
);

export const reviseExpenseWithOriginalSql = statement<
  [
    expenseId: number,
    groupId: number,
    revisedById: number,
    amount: string,
    splitType: string,
    description: string,
    shareUsers: readonly number[],
    shareAmounts: readonly string[],
    shareTyped: readonly (string | null)[],
    sourceChatId: string,
    sourceMessageId: number,
    sourceEditDate: number,
    at: string,
    originalCurrency: string | null,
    originalAmount: string | null,
    rate: string | null,
    originalShares: string | null,
    category: string,
  ]
>()(
  'revise an expense, keeping what was typed in another currency',
  `SELECT r.status, r.revision, r.payer_id AS "payerId", r.previous_amount::text AS "previousAmount",
          r.previous_split_type AS "previousSplitType", r.previous_description AS "previousDescription",
          r.previous_shares AS "previousShares", r.previous_original_currency AS "previousOriginalCurrency",
          r.previous_original_amount::text AS "previousOriginalAmount", r.previous_rate::text AS "previousRate",
          hisaab_guess_category($1::int, $18::text, r.status = 'revised') AS category
   FROM hisaab_revise_expense_with_original(
     p_expense_id => $1::int, p_group_id => $2::int, p_revised_by_id => $3::int, p_amount => $4::numeric,
     p_split_type => $5::"SplitType", p_description => $6::text, p_share_users => $7::int[],
     p_share_amounts => $8::numeric[], p_share_typed => $9::numeric[], p_source_chat_id => $10::bigint,
     p_source_message_id => $11::int, p_source_edit_date => $12::int, p_at => $13::timestamp,
     p_original_currency => $14::text, p_original_amount => $15::numeric, p_rate => $16::numeric,
     p_original_shares => $17::jsonb) r`,
  {
    status: 'text',
    revision: 'int4?',
    payerId: 'int4?',
    previousAmount: 'text?',
    previousSplitType: 'text?',
    previousDescription: 'text?',
    previousShares: 'jsonb?',
    previousOriginalCurrency: 'text?',
    previousOriginalAmount: 'text?',
    previousRate: 'text?',
    category: 'text?',
  },
);

export const groupRateSql = statement<[groupId: number, currency: string]>()(
  "a group's currency and its rate for another",
  `SELECT g.currency, r.rate::text AS rate
   FROM "Group" g LEFT JOIN "GroupRate" r ON r."groupId" = g.id AND r.currency = $2::text
   WHERE g.id = $1::int`,
  { currency: 'text', rate: 'text?' },
);

export const currencyStatements = [recordForeignExpenseSql, reviseExpenseWithOriginalSql, groupRateSql];
