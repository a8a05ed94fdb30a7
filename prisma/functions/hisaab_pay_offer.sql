CREATE OR REPLACE FUNCTION public.hisaab_pay_offer(p_offer_id integer, p_group_id integer, p_payer_id integer, p_source_chat_id bigint, p_at timestamp without time zone, OUT outcome text, OUT settlement_id integer, OUT plan_id integer)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
DECLARE
  o "SettleUpOffer"%ROWTYPE;
  v_state text;
  r record;
BEGIN
  SELECT * INTO o FROM "SettleUpOffer" WHERE id = p_offer_id AND "groupId" = p_group_id;
  IF NOT FOUND THEN
    outcome := 'gone';
    RETURN;
  END IF;
  plan_id := o."planId";
  IF o."fromUserId" <> p_payer_id THEN
    outcome := 'not_payer';
    RETURN;
  END IF;
  IF o."planId" IS NULL THEN
    -- Offered before plans were kept: paid already, or out of date.
    SELECT s.id INTO settlement_id FROM "Settlement" s
    WHERE s."sourceChatId" = p_source_chat_id AND s."sourceMessageId" = -o.id;
    outcome := CASE WHEN settlement_id IS NULL THEN 'stale' ELSE 'already' END;
    RETURN;
  END IF;

  SELECT p.state INTO v_state FROM "SettleUpPlan" p WHERE p.id = o."planId" FOR UPDATE;
  -- Read again under the plan's lock: a press that held it may have paid this row.
  SELECT f."settlementId" INTO settlement_id FROM "SettleUpOffer" f WHERE f.id = p_offer_id;
  IF settlement_id IS NOT NULL THEN
    outcome := 'already';
    RETURN;
  END IF;
  IF v_state IS DISTINCT FROM hisaab_ledger_state(p_group_id) THEN
    outcome := 'stale';
    RETURN;
  END IF;

  SELECT * INTO r FROM hisaab_record_settlement(
    p_group_id => p_group_id, p_from_id => o."fromUserId", p_to_id => o."toUserId", p_amount => o.amount,
    p_recorded_by_id => p_payer_id, p_source_chat_id => p_source_chat_id, p_source_message_id => -o.id,
    p_at => p_at, p_note => 'UPI');
  settlement_id := r.settlement_id;
  UPDATE "SettleUpOffer" SET "settlementId" = settlement_id WHERE id = p_offer_id;
  UPDATE "SettleUpPlan" SET state = hisaab_ledger_state(p_group_id) WHERE id = o."planId";
  outcome := CASE WHEN r.created THEN 'recorded' ELSE 'already' END;
END
$function$;
