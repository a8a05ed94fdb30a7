CREATE OR REPLACE FUNCTION public.hisaab_revise_expense(p_expense_id integer, p_group_id integer, p_revised_by_id integer, p_amount numeric, p_split_type "SplitType", p_description text, p_share_users integer[], p_share_amounts numeric[], p_share_typed numeric[], p_source_chat_id bigint, p_source_message_id integer, p_source_edit_date integer, p_at timestamp without time zone, OUT status text, OUT revision integer, OUT payer_id integer, OUT previous_amount numeric, OUT previous_split_type text, OUT previous_description text, OUT previous_shares jsonb)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
DECLARE
  v_expense "Expense"%ROWTYPE;
BEGIN
  -- The expense row first, then the people (as an undo does): two corrections, or a correction and
  -- an undo, of one expense queue here.
  SELECT * INTO v_expense FROM "Expense" e WHERE e.id = p_expense_id AND e."groupId" = p_group_id FOR UPDATE;
  IF NOT FOUND THEN
    status := 'not_found';
    RETURN;
  END IF;
  payer_id := v_expense."payerId";

  SELECT r.revision, r."previousAmount", r."previousSplitType"::text, r."previousDescription", r."previousShares"
    INTO revision, previous_amount, previous_split_type, previous_description, previous_shares
  FROM "ExpenseRevision" r
  WHERE r."sourceChatId" = p_source_chat_id AND r."sourceMessageId" = p_source_message_id
    AND r."sourceEditDate" = p_source_edit_date;
  IF FOUND THEN
    status := 'repeated';
    RETURN;
  END IF;

  IF v_expense."deletedAt" IS NOT NULL THEN
    status := 'undone';
    RETURN;
  END IF;

  previous_amount := v_expense.amount;
  previous_split_type := v_expense."splitType"::text;
  previous_description := v_expense.description;
  SELECT COALESCE(jsonb_agg(jsonb_build_object('userId', s."userId", 'share', s.share, 'typed', s.typed)
                            ORDER BY s."userId"), '[]'::jsonb)
    INTO previous_shares
  FROM "ExpenseShare" s WHERE s."expenseId" = p_expense_id;

  IF p_amount = v_expense.amount AND p_split_type = v_expense."splitType"
     AND p_description = v_expense.description
     AND NOT EXISTS (
       SELECT 1
       FROM (SELECT s."userId", s.share, s.typed FROM "ExpenseShare" s WHERE s."expenseId" = p_expense_id) o
       FULL JOIN unnest(p_share_users, p_share_amounts, p_share_typed) AS n(user_id, share, typed)
         ON n.user_id = o."userId"
       WHERE o."userId" IS NULL OR n.user_id IS NULL OR o.share <> n.share OR o.typed IS DISTINCT FROM n.typed)
  THEN
    status := 'unchanged';
    RETURN;
  END IF;

  -- Everyone before and after, locked in id order before rows that reference them are written.
  PERFORM 1 FROM "User"
  WHERE id = ANY(p_share_users || ARRAY[v_expense."payerId", p_revised_by_id]
                 || ARRAY(SELECT s."userId" FROM "ExpenseShare" s WHERE s."expenseId" = p_expense_id))
  ORDER BY id FOR NO KEY UPDATE;

  SELECT COALESCE(max(r.revision), 0) + 1 INTO revision FROM "ExpenseRevision" r WHERE r."expenseId" = p_expense_id;
  INSERT INTO "ExpenseRevision" ("expenseId", "revision", "revisedById", "revisedAt", "sourceChatId",
                                 "sourceMessageId", "sourceEditDate", "previousAmount", "previousSplitType",
                                 "previousDescription", "previousShares")
  VALUES (p_expense_id, revision, p_revised_by_id, p_at, p_source_chat_id, p_source_message_id,
          p_source_edit_date, v_expense.amount, v_expense."splitType", v_expense.description, previous_shares);

  UPDATE "Expense" SET amount = p_amount, "splitType" = p_split_type, description = p_description
  WHERE id = p_expense_id;
  DELETE FROM "ExpenseShare" WHERE "expenseId" = p_expense_id;
  INSERT INTO "ExpenseShare" ("expenseId", "userId", "share", "typed")
  SELECT p_expense_id, s.user_id, s.share, s.typed
  FROM unnest(p_share_users, p_share_amounts, p_share_typed) AS s(user_id, share, typed);

  PERFORM hisaab_post('EXPENSE_REVISED', p_expense_id, NULL, p_at);
  status := 'revised';
END
$function$;
