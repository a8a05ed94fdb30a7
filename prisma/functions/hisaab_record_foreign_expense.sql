CREATE OR REPLACE FUNCTION public.hisaab_record_foreign_expense(p_group_id integer, p_payer_id integer, p_recorded_by_id integer, p_amount numeric, p_split_type "SplitType", p_description text, p_share_users integer[], p_share_amounts numeric[], p_share_typed numeric[], p_source_chat_id bigint, p_source_message_id integer, p_at timestamp without time zone, p_spent_on date, p_original_currency text, p_original_amount numeric, p_rate numeric, p_original_shares jsonb, p_payer_users integer[] DEFAULT NULL::integer[], p_payer_amounts numeric[] DEFAULT NULL::numeric[], p_debtors integer[] DEFAULT NULL::integer[], p_creditors integer[] DEFAULT NULL::integer[], p_debt_amounts numeric[] DEFAULT NULL::numeric[], OUT expense_id integer, OUT created boolean, OUT created_at timestamp without time zone)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
BEGIN
  SELECT r.expense_id, r.created, r.created_at INTO expense_id, created, created_at
  FROM hisaab_record_expense(
    p_group_id => p_group_id, p_payer_id => p_payer_id, p_recorded_by_id => p_recorded_by_id,
    p_amount => p_amount, p_split_type => p_split_type, p_description => p_description,
    p_share_users => p_share_users, p_share_amounts => p_share_amounts, p_share_typed => p_share_typed,
    p_source_chat_id => p_source_chat_id, p_source_message_id => p_source_message_id, p_at => p_at,
    p_spent_on => p_spent_on, p_payer_users => p_payer_users, p_payer_amounts => p_payer_amounts,
    p_debtors => p_debtors, p_creditors => p_creditors, p_debt_amounts => p_debt_amounts) r;
  IF created THEN
    UPDATE "Expense" SET "originalCurrency" = p_original_currency, "originalAmount" = p_original_amount,
                         "rate" = p_rate, "originalShares" = p_original_shares
    WHERE id = expense_id;
  END IF;
END
$function$;
