CREATE OR REPLACE FUNCTION public.hisaab_record_settlement(p_group_id integer, p_from_id integer, p_to_id integer, p_amount numeric, p_recorded_by_id integer, p_source_chat_id bigint, p_source_message_id integer, p_at timestamp without time zone, p_note text DEFAULT ''::text, OUT settlement_id integer, OUT created boolean, OUT amount numeric, OUT owed_before numeric)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
BEGIN
  created := false;
  SELECT s.id, s.amount INTO settlement_id, amount
  FROM "Settlement" s WHERE s."sourceChatId" = p_source_chat_id AND s."sourceMessageId" = p_source_message_id;
  IF settlement_id IS NOT NULL THEN
    owed_before := hisaab_owed(p_group_id, p_from_id, p_to_id) + amount;
    RETURN;
  END IF;

  -- Both people locked before reading the debt, so it cannot change before we write.
  PERFORM 1 FROM "User" WHERE id IN (p_from_id, p_to_id, p_recorded_by_id) ORDER BY id FOR NO KEY UPDATE;
  owed_before := hisaab_owed(p_group_id, p_from_id, p_to_id);
  amount := COALESCE(p_amount, owed_before);
  IF amount <= 0 THEN
    RETURN;
  END IF;

  INSERT INTO "Settlement" ("groupId", "fromUserId", "toUserId", "amount", "recordedById", "createdAt",
                            "sourceChatId", "sourceMessageId", "note")
  VALUES (p_group_id, p_from_id, p_to_id, amount, p_recorded_by_id, p_at, p_source_chat_id, p_source_message_id,
          COALESCE(p_note, ''))
  RETURNING id INTO settlement_id;

  PERFORM hisaab_post('SETTLEMENT', NULL, settlement_id, p_at);
  created := true;
END
$function$;
