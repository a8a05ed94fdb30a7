-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "simplifyDebts" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SettleUpOffer" ADD COLUMN     "planId" INTEGER,
ADD COLUMN     "settlementId" INTEGER;

-- CreateTable
CREATE TABLE "SettleUpPlan" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "transfers" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SettleUpPlan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SettleUpPlan_groupId_id_idx" ON "SettleUpPlan"("groupId", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "SettleUpOffer_settlementId_key" ON "SettleUpOffer"("settlementId");

-- CreateIndex
CREATE INDEX "SettleUpOffer_planId_idx" ON "SettleUpOffer"("planId");

-- AddForeignKey
ALTER TABLE "SettleUpOffer" ADD CONSTRAINT "SettleUpOffer_planId_fkey" FOREIGN KEY ("planId") REFERENCES "SettleUpPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SettleUpPlan" ADD CONSTRAINT "SettleUpPlan_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The state of a group's balances, as a settle-up plan records it: md5 of its non-zero pair balances
-- in id order ("low:high:amount", comma-joined; src/ledger/view.ts ledgerStateText writes the same
-- text). Equal exactly when every pair balance is.
CREATE FUNCTION hisaab_ledger_state(p_group_id integer) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT md5(COALESCE(string_agg(p."lowUserId"::text || ':' || p."highUserId"::text || ':' || p.amount::text, ','
                                 ORDER BY p."lowUserId", p."highUserId"), ''))
  FROM "PairBalance" p WHERE p."groupId" = p_group_id AND p.amount <> 0
$$;

-- The payer's Paid button of one row of a /settleup. Nothing the button carries is trusted: the offer
-- is looked up in the group, its payer must be the presser, and its plan must still be right: the
-- balances must be in the state the plan was computed from (or that its own earlier rows left).
-- The plan's row is locked first, so presses of its rows, twice or on two instances at once, take
-- turns; the second press of a row finds its payment and records nothing. A recorded row moves the
-- plan on to the state its payment made, so its other rows stay payable.
-- outcome: 'recorded', 'already' (settlement_id is the earlier payment), 'stale', 'gone', 'not_payer'.
CREATE FUNCTION hisaab_pay_offer(
  p_offer_id integer,
  p_group_id integer,
  p_payer_id integer,
  p_source_chat_id bigint,
  p_at timestamp(3),
  OUT outcome text,
  OUT settlement_id integer,
  OUT plan_id integer
)
LANGUAGE plpgsql AS $$
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
$$;
