CREATE OR REPLACE FUNCTION public.hisaab_record_occurrence(p_rule_id integer, p_due_on date, p_late boolean, p_missed integer, p_next_due_on date, p_next_due_at timestamp without time zone, p_group_id integer, p_payer_id integer, p_recorded_by_id integer, p_amount numeric, p_split_type "SplitType", p_description text, p_share_users integer[], p_share_amounts numeric[], p_share_typed numeric[], p_at timestamp without time zone, OUT occurrence_id integer, OUT expense_id integer, OUT created boolean)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO "RecurringOccurrence" ("ruleId", "dueOn", "late", "missed", "recordedAt")
  VALUES (p_rule_id, p_due_on, p_late, p_missed, p_at)
  ON CONFLICT ("ruleId", "dueOn") DO NOTHING
  RETURNING id INTO occurrence_id;

  IF occurrence_id IS NULL THEN
    SELECT o.id, o."expenseId" INTO occurrence_id, expense_id
    FROM "RecurringOccurrence" o WHERE o."ruleId" = p_rule_id AND o."dueOn" = p_due_on;
    created := false;
    RETURN;
  END IF;

  SELECT r.expense_id INTO expense_id
  FROM hisaab_record_expense(
    p_group_id => p_group_id, p_payer_id => p_payer_id, p_recorded_by_id => p_recorded_by_id,
    p_amount => p_amount, p_split_type => p_split_type, p_description => p_description,
    p_share_users => p_share_users, p_share_amounts => p_share_amounts, p_share_typed => p_share_typed,
    p_source_chat_id => 0, p_source_message_id => -occurrence_id, p_at => p_at, p_spent_on => p_due_on) r;

  UPDATE "RecurringOccurrence" SET "expenseId" = expense_id WHERE id = occurrence_id;
  UPDATE "RecurringRule" SET "nextDueOn" = p_next_due_on, "nextDueAt" = p_next_due_at, "updatedAt" = p_at
  WHERE id = p_rule_id AND "nextDueOn" <= p_due_on;
  created := true;
END
$function$;
