CREATE OR REPLACE FUNCTION public.hisaab_revise_expense_with_original(p_expense_id integer, p_group_id integer, p_revised_by_id integer, p_amount numeric, p_split_type "SplitType", p_description text, p_share_users integer[], p_share_amounts numeric[], p_share_typed numeric[], p_source_chat_id bigint, p_source_message_id integer, p_source_edit_date integer, p_at timestamp without time zone, p_original_currency text, p_original_amount numeric, p_rate numeric, p_original_shares jsonb, OUT status text, OUT revision integer, OUT payer_id integer, OUT previous_amount numeric, OUT previous_split_type text, OUT previous_description text, OUT previous_shares jsonb, OUT previous_original_currency text, OUT previous_original_amount numeric, OUT previous_rate numeric, OUT previous_original_shares jsonb)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
BEGIN
  SELECT e."originalCurrency", e."originalAmount", e."rate", e."originalShares"
    INTO previous_original_currency, previous_original_amount, previous_rate, previous_original_shares
  FROM "Expense" e WHERE e.id = p_expense_id AND e."groupId" = p_group_id FOR UPDATE;

  SELECT r.status, r.revision, r.payer_id, r.previous_amount, r.previous_split_type, r.previous_description,
         r.previous_shares
    INTO status, revision, payer_id, previous_amount, previous_split_type, previous_description, previous_shares
  FROM hisaab_revise_expense(
    p_expense_id => p_expense_id, p_group_id => p_group_id, p_revised_by_id => p_revised_by_id,
    p_amount => p_amount, p_split_type => p_split_type, p_description => p_description,
    p_share_users => p_share_users, p_share_amounts => p_share_amounts, p_share_typed => p_share_typed,
    p_source_chat_id => p_source_chat_id, p_source_message_id => p_source_message_id,
    p_source_edit_date => p_source_edit_date, p_at => p_at) r;

  IF status = 'revised' THEN
    UPDATE "ExpenseRevision" x
    SET "previousOriginalCurrency" = previous_original_currency, "previousOriginalAmount" = previous_original_amount,
        "previousRate" = previous_rate, "previousOriginalShares" = previous_original_shares
    WHERE x."expenseId" = p_expense_id AND x.revision = hisaab_revise_expense_with_original.revision;
    UPDATE "Expense" SET "originalCurrency" = p_original_currency, "originalAmount" = p_original_amount,
                         "rate" = p_rate, "originalShares" = p_original_shares
    WHERE id = p_expense_id;
  ELSIF status = 'repeated' THEN
    SELECT x."previousOriginalCurrency", x."previousOriginalAmount", x."previousRate", x."previousOriginalShares"
      INTO previous_original_currency, previous_original_amount, previous_rate, previous_original_shares
    FROM "ExpenseRevision" x
    WHERE x."expenseId" = p_expense_id AND x.revision = hisaab_revise_expense_with_original.revision;
  END IF;
END
$function$;
