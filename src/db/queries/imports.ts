// Splitwise imports: a batch of records in one statement, each through the ledger's own record
// function, then the ImportedRow that says which row of which file it came from. A record's source
// is derived from its row's key (see usecases/import-splitwise.ts), so the function's own
// idempotency makes a second import of the same row record nothing, as a redelivered message does.
import { statement } from '../sql.js';

/**
 * A batch of an import's records in one statement (one transaction, one commit: a commit per record
 * made a 2,000-row file take 15 s, BENCHMARKS.md). `records` is a JSON array of
 * { kind: 'expense', payer, amount, users, shares, description, spentOn, guess, source, key, line, category }
 * or { kind: 'settlement', from, to, amount, note, source, key, line, category }, each recorded by the
 * same function as one at a time would (its source message: chat `source`, message 1). An expense's
 * Hisaab category (`guess`) is set after it by hisaab_guess_category, as /paid sets it. An expense
 * from a row in another currency also has originalCurrency, originalAmount, rate and originalShares
 * (absent otherwise): it is recorded by hisaab_record_foreign_expense, as /paid in that currency is,
 * which keeps them on the expense (for a row in the group's currency they stay null). A row with
 * several payers also has payerUsers, payerAmounts, debtors, creditors and debtAmounts (absent: one
 * payer), as hisaab_record_expense takes them.
 */
export const importBatchSql = statement<
  [groupId: number, recordedById: number, at: string, importId: number, records: string]
>()(
  'import a batch of records',
  `WITH input AS (
     SELECT t.n::int AS n, t.x FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS t(x, n)),
   expenses AS (
     SELECT i.n, i.x, r.expense_id AS id, r.created
     FROM input i CROSS JOIN LATERAL hisaab_record_foreign_expense(
       p_group_id => $1::int, p_payer_id => (i.x->>'payer')::int, p_recorded_by_id => $2::int,
       p_amount => (i.x->>'amount')::numeric, p_split_type => 'EXACT'::"SplitType",
       p_description => i.x->>'description',
       p_share_users => ARRAY(SELECT u::int FROM jsonb_array_elements_text(i.x->'users') WITH ORDINALITY AS a(u, k) ORDER BY k),
       p_share_amounts => ARRAY(SELECT v::numeric FROM jsonb_array_elements_text(i.x->'shares') WITH ORDINALITY AS a(v, k) ORDER BY k),
       p_share_typed => ARRAY(SELECT v::numeric FROM jsonb_array_elements_text(i.x->'shares') WITH ORDINALITY AS a(v, k) ORDER BY k),
       p_source_chat_id => (i.x->>'source')::bigint, p_source_message_id => 1, p_at => $3::timestamp,
       p_spent_on => (i.x->>'spentOn')::date, p_original_currency => i.x->>'originalCurrency',
       p_original_amount => (i.x->>'originalAmount')::numeric, p_rate => (i.x->>'rate')::numeric,
       p_original_shares => i.x->'originalShares',
       p_payer_users => ARRAY(SELECT u::int FROM jsonb_array_elements_text(i.x->'payerUsers') WITH ORDINALITY AS a(u, k) ORDER BY k),
       p_payer_amounts => ARRAY(SELECT v::numeric FROM jsonb_array_elements_text(i.x->'payerAmounts') WITH ORDINALITY AS a(v, k) ORDER BY k),
       p_debtors => ARRAY(SELECT u::int FROM jsonb_array_elements_text(i.x->'debtors') WITH ORDINALITY AS a(u, k) ORDER BY k),
       p_creditors => ARRAY(SELECT u::int FROM jsonb_array_elements_text(i.x->'creditors') WITH ORDINALITY AS a(u, k) ORDER BY k),
       p_debt_amounts => ARRAY(SELECT v::numeric FROM jsonb_array_elements_text(i.x->'debtAmounts') WITH ORDINALITY AS a(v, k) ORDER BY k)) r
     WHERE i.x->>'kind' = 'expense'),
   settlements AS (
     SELECT i.n, i.x, r.settlement_id AS id, r.created
     FROM input i CROSS JOIN LATERAL hisaab_record_settlement(
       p_group_id => $1::int, p_from_id => (i.x->>'from')::int, p_to_id => (i.x->>'to')::int,
       p_amount => (i.x->>'amount')::numeric, p_recorded_by_id => $2::int,
       p_source_chat_id => (i.x->>'source')::bigint, p_source_message_id => 1, p_at => $3::timestamp,
       p_note => i.x->>'note') r
     WHERE i.x->>'kind' = 'settlement'),
   kept AS (
     INSERT INTO "ImportedRow" ("groupId", "key", "importId", "line", "expenseId", "settlementId", "category", "createdAt")
     SELECT $1::int, x->>'key', $4::int, (x->>'line')::int, id, NULL, x->>'category', $3::timestamp FROM expenses
     UNION ALL
     SELECT $1::int, x->>'key', $4::int, (x->>'line')::int, NULL, id, x->>'category', $3::timestamp
     FROM settlements WHERE id IS NOT NULL
     ON CONFLICT ("groupId", "key") DO NOTHING)
   SELECT n, 'expense' AS kind, created, hisaab_guess_category(id, x->>'guess', created) AS category FROM expenses
   UNION ALL SELECT n, 'settlement', created, NULL FROM settlements
   ORDER BY n`,
  { n: 'int4', kind: 'text', created: 'bool', category: 'text?' },
);

export const importStatements = [importBatchSql];
