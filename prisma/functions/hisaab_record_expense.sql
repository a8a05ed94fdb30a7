CREATE OR REPLACE FUNCTION public.hisaab_record_expense(p_group_id integer, p_payer_id integer, p_recorded_by_id integer, p_amount numeric, p_split_type "SplitType", p_description text, p_share_users integer[], p_share_amounts numeric[], p_share_typed numeric[], p_source_chat_id bigint, p_source_message_id integer, p_at timestamp without time zone, p_spent_on date DEFAULT NULL::date, p_payer_users integer[] DEFAULT NULL::integer[], p_payer_amounts numeric[] DEFAULT NULL::numeric[], p_debtors integer[] DEFAULT NULL::integer[], p_creditors integer[] DEFAULT NULL::integer[], p_debt_amounts numeric[] DEFAULT NULL::numeric[], OUT expense_id integer, OUT created boolean, OUT created_at timestamp without time zone)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
BEGIN
  -- Lock the people before inserting rows that reference them (see hisaab_post).
  PERFORM 1 FROM "User"
  WHERE id = ANY(p_share_users || COALESCE(p_payer_users, '{}') || ARRAY[p_payer_id, p_recorded_by_id])
  ORDER BY id FOR NO KEY UPDATE;

  INSERT INTO "Expense" ("groupId", "payerId", "amount", "splitType", "description", "recordedById",
                         "createdAt", "sourceChatId", "sourceMessageId", "spentOn")
  VALUES (p_group_id, p_payer_id, p_amount, p_split_type, p_description, p_recorded_by_id,
          p_at, p_source_chat_id, p_source_message_id, COALESCE(p_spent_on, p_at::date))
  ON CONFLICT ("sourceChatId", "sourceMessageId") DO NOTHING
  RETURNING id, "createdAt" INTO expense_id, created_at;

  IF expense_id IS NULL THEN
    SELECT e.id, e."createdAt" INTO expense_id, created_at
    FROM "Expense" e WHERE e."sourceChatId" = p_source_chat_id AND e."sourceMessageId" = p_source_message_id;
    created := false;
    RETURN;
  END IF;

  INSERT INTO "ExpenseShare" ("expenseId", "userId", "share", "typed")
  SELECT expense_id, s.user_id, s.share, s.typed
  FROM unnest(p_share_users, p_share_amounts, p_share_typed) AS s(user_id, share, typed);

  -- Several payers: what each paid, and who owes whom as apportioned (hisaab_post checks both).
  INSERT INTO "ExpensePayer" ("expenseId", "userId", "paid")
  SELECT expense_id, p.user_id, p.paid FROM unnest(p_payer_users, p_payer_amounts) AS p(user_id, paid);
  INSERT INTO "ExpenseDebt" ("expenseId", "debtorId", "creditorId", "amount")
  SELECT expense_id, d.debtor, d.creditor, d.amount
  FROM unnest(p_debtors, p_creditors, p_debt_amounts) AS d(debtor, creditor, amount);

  PERFORM hisaab_post('EXPENSE', expense_id, NULL, p_at);
  created := true;
END
$function$;
