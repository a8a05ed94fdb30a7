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

-- Passbook lines and nets per currency: a person in an INR flat and a EUR trip has a net in each,
-- never their sum. Each line keeps its group's currency, its running net is the person's net in
-- that currency, and UserNet keeps each (person, currency) net. User.net stays the plain sum for old
-- readers. hisaab_post (the one ledger writer) is redefined here to maintain them; nothing else in it
-- changes.
ALTER TABLE "PassbookEntry" ADD COLUMN     "currency" TEXT NOT NULL DEFAULT 'INR';

CREATE TABLE "UserNet" (
    "userId" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "net" DECIMAL(14,2) NOT NULL DEFAULT 0,

    CONSTRAINT "UserNet_pkey" PRIMARY KEY ("userId","currency")
);
ALTER TABLE "UserNet" ADD CONSTRAINT "UserNet_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE TRIGGER "UserNet_one_writer" BEFORE INSERT OR UPDATE ON "UserNet"
  FOR EACH STATEMENT EXECUTE FUNCTION hisaab_refuse_direct_ledger_write();

-- The lines already written: their group's currency, and running nets recomputed per currency (in
-- the order they were written), under the writer's flag (the triggers refuse any other write).
SELECT set_config('hisaab.ledger_writer', 'on', false);
UPDATE "PassbookEntry" e SET "currency" = g.currency FROM "Group" g WHERE g.id = e."groupId" AND g.currency <> 'INR';
UPDATE "PassbookEntry" e SET "runningNet" = r.running
FROM (SELECT id, sum(delta) OVER (PARTITION BY "userId", "currency" ORDER BY id) AS running FROM "PassbookEntry") r
WHERE r.id = e.id AND e."runningNet" <> r.running;
INSERT INTO "UserNet" ("userId", "currency", "net")
SELECT "userId", "currency", sum(delta) FROM "PassbookEntry" GROUP BY "userId", "currency";
SELECT set_config('hisaab.ledger_writer', 'off', false);

CREATE OR REPLACE FUNCTION hisaab_post(p_kind "EntryKind", p_expense_id integer, p_settlement_id integer, p_at timestamp(3))
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_sign integer := CASE WHEN p_kind IN ('EXPENSE', 'SETTLEMENT', 'EXPENSE_REVISED') THEN 1 ELSE -1 END;
  v_group_id integer;
  v_total numeric;
  v_amount numeric;
  v_prev_amount numeric;
  v_prev_shares jsonb;
  m_users integer[];
  m_paid numeric[];
  m_share numeric[];
  d_debtors integer[];
  d_creditors integer[];
  d_amounts numeric[];
  v_currency text;
BEGIN
  IF (p_kind IN ('EXPENSE', 'EXPENSE_UNDONE', 'EXPENSE_REVISED')) <> (p_expense_id IS NOT NULL AND p_settlement_id IS NULL) THEN
    RAISE EXCEPTION 'hisaab_post: % needs exactly its own kind of source', p_kind;
  END IF;

  IF p_expense_id IS NOT NULL THEN
    SELECT e."groupId", e.amount INTO v_group_id, v_amount FROM "Expense" e WHERE e.id = p_expense_id;
    SELECT COALESCE(sum(s.share), 0) INTO v_total FROM "ExpenseShare" s WHERE s."expenseId" = p_expense_id;
    IF v_group_id IS NULL OR v_total <> v_amount THEN
      RAISE EXCEPTION 'expense % has shares adding up to %, not %', p_expense_id, v_total, v_amount;
    END IF;
    IF p_kind = 'EXPENSE_REVISED' THEN
      SELECT r."previousAmount", r."previousShares" INTO v_prev_amount, v_prev_shares
      FROM "ExpenseRevision" r WHERE r."expenseId" = p_expense_id ORDER BY r.revision DESC LIMIT 1;
      IF v_prev_amount IS NULL THEN
        RAISE EXCEPTION 'expense % has no revision to post', p_expense_id;
      END IF;
    END IF;
    -- Each person's paid and share: as stored now, minus (for a correction) as it was before.
    SELECT array_agg(m.user_id ORDER BY m.user_id), array_agg(m.paid ORDER BY m.user_id),
           array_agg(m.share ORDER BY m.user_id)
      INTO m_users, m_paid, m_share
      FROM (SELECT x.user_id, sum(x.paid) AS paid, sum(x.share) AS share
            FROM (SELECT e."payerId" AS user_id, e.amount AS paid, 0::numeric AS share
                  FROM "Expense" e WHERE e.id = p_expense_id
                  UNION ALL
                  SELECT s."userId", 0, s.share FROM "ExpenseShare" s WHERE s."expenseId" = p_expense_id
                  UNION ALL
                  SELECT e."payerId", -v_prev_amount, 0
                  FROM "Expense" e WHERE e.id = p_expense_id AND p_kind = 'EXPENSE_REVISED'
                  UNION ALL
                  SELECT (p.value->>'userId')::integer, 0, -(p.value->>'share')::numeric
                  FROM jsonb_array_elements(COALESCE(v_prev_shares, '[]'::jsonb)) p) x
            GROUP BY x.user_id) m
      WHERE p_kind <> 'EXPENSE_REVISED' OR m.paid <> 0 OR m.share <> 0;
    SELECT array_agg(x.debtor), array_agg(x.creditor), array_agg(x.amount)
      INTO d_debtors, d_creditors, d_amounts
      FROM (SELECT s."userId" AS debtor, e."payerId" AS creditor, s.share AS amount
            FROM "ExpenseShare" s JOIN "Expense" e ON e.id = s."expenseId"
            WHERE s."expenseId" = p_expense_id AND s."userId" <> e."payerId" AND s.share > 0
            UNION ALL
            SELECT (p.value->>'userId')::integer, e."payerId", -(p.value->>'share')::numeric
            FROM "Expense" e, jsonb_array_elements(COALESCE(v_prev_shares, '[]'::jsonb)) p
            WHERE e.id = p_expense_id AND (p.value->>'userId')::integer <> e."payerId"
              AND (p.value->>'share')::numeric > 0) x;
  ELSE
    SELECT s."groupId", ARRAY[s."fromUserId", s."toUserId"], ARRAY[s.amount, 0], ARRAY[0, s.amount],
           ARRAY[s."toUserId"], ARRAY[s."fromUserId"], ARRAY[s.amount]
      INTO v_group_id, m_users, m_paid, m_share, d_debtors, d_creditors, d_amounts
      FROM "Settlement" s WHERE s.id = p_settlement_id;
    IF v_group_id IS NULL THEN
      RAISE EXCEPTION 'settlement % does not exist', p_settlement_id;
    END IF;
  END IF;

  PERFORM 1 FROM "User" WHERE id = ANY(m_users) ORDER BY id FOR NO KEY UPDATE;
  PERFORM set_config('hisaab.ledger_writer', 'on', true);

  -- Pair rows in key order, so concurrent upserts in one group lock them in the same order.
  INSERT INTO "PairBalance" ("groupId", "lowUserId", "highUserId", "amount")
  SELECT v_group_id, LEAST(d.debtor, d.creditor), GREATEST(d.debtor, d.creditor),
         sum(CASE WHEN d.debtor < d.creditor THEN d.amount ELSE -d.amount END) * v_sign
  FROM unnest(d_debtors, d_creditors, d_amounts) AS d(debtor, creditor, amount)
  WHERE d.debtor <> d.creditor
  GROUP BY 2, 3
  ORDER BY 2, 3
  ON CONFLICT ("groupId", "lowUserId", "highUserId")
  DO UPDATE SET amount = "PairBalance".amount + EXCLUDED.amount;

  -- Nets per currency: each line's running net is the person's net in its group's currency.
  SELECT g.currency INTO v_currency FROM "Group" g WHERE g.id = v_group_id;
  WITH moves AS (
    SELECT m.user_id, m.paid * v_sign AS paid, m.share * v_sign AS share, (m.paid - m.share) * v_sign AS delta
    FROM unnest(m_users, m_paid, m_share) AS m(user_id, paid, share)
  ), nets AS (
    INSERT INTO "UserNet" ("userId", "currency", "net")
    SELECT moves.user_id, v_currency, moves.delta FROM moves ORDER BY moves.user_id
    ON CONFLICT ("userId", "currency") DO UPDATE SET net = "UserNet".net + EXCLUDED.net
    RETURNING "userId", net
  ), entries AS (
    INSERT INTO "PassbookEntry" ("userId", "groupId", "kind", "expenseId", "settlementId", "paid", "share",
                                 "delta", "runningNet", "currency", "createdAt")
    SELECT moves.user_id, v_group_id, p_kind, p_expense_id, p_settlement_id, moves.paid, moves.share,
           moves.delta, nets.net, v_currency, p_at
    FROM moves JOIN nets ON nets."userId" = moves.user_id
    ORDER BY moves.user_id
  )
  UPDATE "User" u SET net = u.net + moves.delta, "updatedAt" = p_at
  FROM moves WHERE u.id = moves.user_id;

  PERFORM set_config('hisaab.ledger_writer', 'off', true);
END
$$;
