// Corrections of an expense (an edited /paid or /edit): one call of hisaab_revise_expense
// (migration *_expense_revisions) by named arguments, which locks the expense, keeps what it was
// as a revision, replaces it and posts the difference through the one ledger writer. The category
// is guessed again from the new description by its own statement after it (hisaab_guess_category,
// migration *_expense_category), unless it was chosen by hand.
import { statement } from '../sql.js';

export const reviseExpenseSql = statement<
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
    category: string,
  ]
>()(
  'revise an expense',
  `SELECT r.status, r.revision, r.payer_id AS "payerId", r.previous_amount::text AS "previousAmount",
          r.previous_split_type AS "previousSplitType", r.previous_description AS "previousDescription",
          r.previous_shares AS "previousShares",
          hisaab_guess_category($1::int, $14::text, r.status = 'revised') AS category
   FROM hisaab_revise_expense(
     p_expense_id => $1::int, p_group_id => $2::int, p_revised_by_id => $3::int, p_amount => $4::numeric,
     p_split_type => $5::"SplitType", p_description => $6::text, p_share_users => $7::int[],
     p_share_amounts => $8::numeric[], p_share_typed => $9::numeric[], p_source_chat_id => $10::bigint,
     p_source_message_id => $11::int, p_source_edit_date => $12::int, p_at => $13::timestamp) r`,
  {
    status: 'text',
    revision: 'int4?',
    payerId: 'int4?',
    previousAmount: 'text?',
    previousSplitType: 'text?',
    previousDescription: 'text?',
    previousShares: 'jsonb?',
    category: 'text?',
  },
);

export const correctionStatements = [reviseExpenseSql];
