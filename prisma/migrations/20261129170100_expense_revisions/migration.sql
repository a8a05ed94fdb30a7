-- Corrections. An expense can be changed after it was recorded (an edited /paid message, or /edit):
-- each change is a revision that keeps what the expense was before, and its effect on the ledger is
-- posted by hisaab_post as one EXPENSE_REVISED line per person whose part changed (the difference,
-- new minus previous), so the passbook shows the correction as its own entry with running nets right.

-- AlterTable
ALTER TABLE "Expense" ADD COLUMN "confirmationMessageId" INTEGER;

-- CreateTable
CREATE TABLE "ExpenseRevision" (
    "id" SERIAL NOT NULL,
    "expenseId" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "revisedById" INTEGER NOT NULL,
    "revisedAt" TIMESTAMP(3) NOT NULL,
    "sourceChatId" BIGINT NOT NULL,
    "sourceMessageId" INTEGER NOT NULL,
    "sourceEditDate" INTEGER NOT NULL,
    "previousAmount" DECIMAL(14,2) NOT NULL,
    "previousSplitType" "SplitType" NOT NULL,
    "previousDescription" TEXT NOT NULL,
    "previousShares" JSONB NOT NULL,

    CONSTRAINT "ExpenseRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExpenseRevision_expenseId_revision_key" ON "ExpenseRevision"("expenseId", "revision");

-- CreateIndex
CREATE UNIQUE INDEX "ExpenseRevision_sourceChatId_sourceMessageId_sourceEditDate_key" ON "ExpenseRevision"("sourceChatId", "sourceMessageId", "sourceEditDate");

-- AddForeignKey
ALTER TABLE "ExpenseRevision" ADD CONSTRAINT "ExpenseRevision_expenseId_fkey" FOREIGN KEY ("expenseId") REFERENCES "Expense"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpenseRevision" ADD CONSTRAINT "ExpenseRevision_revisedById_fkey" FOREIGN KEY ("revisedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A correction's lines come from an expense, like the expense's own.
ALTER TABLE "PassbookEntry" DROP CONSTRAINT "PassbookEntry_one_source";
ALTER TABLE "PassbookEntry" ADD CONSTRAINT "PassbookEntry_one_source" CHECK (
  CASE WHEN "kind" IN ('EXPENSE', 'EXPENSE_UNDONE', 'EXPENSE_REVISED')
    THEN "expenseId" IS NOT NULL AND "settlementId" IS NULL
    ELSE "settlementId" IS NOT NULL AND "expenseId" IS NULL
  END);
ALTER TABLE "ExpenseRevision" ADD CONSTRAINT "ExpenseRevision_revision_positive" CHECK ("revision" > 0);

-- The one ledger writer (see *_one_ledger_writer), now also posting a correction: for
-- EXPENSE_REVISED it derives the change from the expense as stored now and as its latest revision
-- row says it was before, and posts only the difference: pair balances move by new debts minus
-- previous debts, and each person whose paid or share changed gets one line with that change.
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

  WITH moves AS (
    SELECT m.user_id, m.paid * v_sign AS paid, m.share * v_sign AS share, (m.paid - m.share) * v_sign AS delta
    FROM unnest(m_users, m_paid, m_share) AS m(user_id, paid, share)
  ), entries AS (
    INSERT INTO "PassbookEntry" ("userId", "groupId", "kind", "expenseId", "settlementId", "paid", "share",
                                 "delta", "runningNet", "createdAt")
    SELECT moves.user_id, v_group_id, p_kind, p_expense_id, p_settlement_id, moves.paid, moves.share,
           moves.delta, u.net + moves.delta, p_at
    FROM moves JOIN "User" u ON u.id = moves.user_id
    ORDER BY moves.user_id
  )
  UPDATE "User" u SET net = u.net + moves.delta, "updatedAt" = p_at
  FROM moves WHERE u.id = moves.user_id;

  PERFORM set_config('hisaab.ledger_writer', 'off', true);
END
$$;

-- Corrects an expense: locks it, records what it was as a new revision, replaces its amount, split
-- type, description and shares, and posts the difference (hisaab_post 'EXPENSE_REVISED'), in one
-- statement. The payer stays. status says what happened:
--   revised    the correction was applied; revision is its number;
--   repeated   this source (chat, message, edit date) was applied before (Telegram delivered the
--              edit again): nothing written; revision names the one it made;
--   unchanged  the expense already is exactly this: nothing written;
--   undone     the expense was undone: nothing written;
--   not_found  no such expense in this group.
-- previous_* describe the expense before this correction (for revised, repeated and unchanged).
CREATE FUNCTION hisaab_revise_expense(
  p_expense_id integer,
  p_group_id integer,
  p_revised_by_id integer,
  p_amount numeric,
  p_split_type "SplitType",
  p_description text,
  p_share_users integer[],
  p_share_amounts numeric[],
  p_share_typed numeric[],
  p_source_chat_id bigint,
  p_source_message_id integer,
  p_source_edit_date integer,
  p_at timestamp(3),
  OUT status text,
  OUT revision integer,
  OUT payer_id integer,
  OUT previous_amount numeric,
  OUT previous_split_type text,
  OUT previous_description text,
  OUT previous_shares jsonb
)
LANGUAGE plpgsql AS $$
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
$$;
