-- One writer of the ledger. PairBalance, PassbookEntry and User.net change only inside hisaab_post,
-- which derives every row it writes from the stored expense (and its shares) or settlement, so a
-- pair or passbook row that does not follow from the shares cannot be written at all. Recording an
-- expense or a settlement and undoing either are functions called with named arguments; each is
-- one statement, atomic on its own, and does its own idempotency check.

-- What must never be stored.
ALTER TABLE "Settlement" ADD COLUMN "deletedById" INTEGER;

ALTER TABLE "Expense" ADD CONSTRAINT "Expense_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "ExpenseShare" ADD CONSTRAINT "ExpenseShare_share_not_negative" CHECK ("share" >= 0);
ALTER TABLE "Settlement" ADD CONSTRAINT "Settlement_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "Settlement" ADD CONSTRAINT "Settlement_two_people" CHECK ("fromUserId" <> "toUserId");
ALTER TABLE "PairBalance" ADD CONSTRAINT "PairBalance_low_below_high" CHECK ("lowUserId" < "highUserId");
ALTER TABLE "PassbookEntry" ADD CONSTRAINT "PassbookEntry_delta_is_paid_minus_share" CHECK ("delta" = "paid" - "share");
ALTER TABLE "PassbookEntry" ADD CONSTRAINT "PassbookEntry_one_source" CHECK (
  CASE WHEN "kind" IN ('EXPENSE', 'EXPENSE_UNDONE')
    THEN "expenseId" IS NOT NULL AND "settlementId" IS NULL
    ELSE "settlementId" IS NOT NULL AND "expenseId" IS NULL
  END);

-- Only hisaab_post may write the maintained tables: it sets this transaction-local flag while it
-- writes, and a statement trigger refuses any other insert or update (one check per statement).
CREATE FUNCTION hisaab_refuse_direct_ledger_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('hisaab.ledger_writer', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION '% is written only by hisaab_post (the one ledger writer)', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "PairBalance_one_writer" BEFORE INSERT OR UPDATE ON "PairBalance"
  FOR EACH STATEMENT EXECUTE FUNCTION hisaab_refuse_direct_ledger_write();
CREATE TRIGGER "PassbookEntry_one_writer" BEFORE INSERT OR UPDATE ON "PassbookEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION hisaab_refuse_direct_ledger_write();
CREATE TRIGGER "User_net_one_writer" BEFORE UPDATE OF "net" ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION hisaab_refuse_direct_ledger_write();

-- What p_debtor owes p_creditor in a group (negative when it is the other way round).
CREATE FUNCTION hisaab_owed(p_group_id integer, p_debtor_id integer, p_creditor_id integer) RETURNS numeric
LANGUAGE sql STABLE AS $$
  SELECT COALESCE((
    SELECT CASE WHEN p_debtor_id < p_creditor_id THEN b.amount ELSE -b.amount END
    FROM "PairBalance" b
    WHERE b."groupId" = p_group_id
      AND b."lowUserId" = LEAST(p_debtor_id, p_creditor_id)
      AND b."highUserId" = GREATEST(p_debtor_id, p_creditor_id)), 0)
$$;

-- The one ledger writer. Posts the effect of one stored event (an expense or a settlement, or its
-- undoing when p_kind ends in _UNDONE) on pair balances, passbooks and nets:
--   expense:    each participant but the payer owes the payer their share; the payer paid the
--               amount, each participant consumed their share;
--   settlement: the receiver now owes back what they received; the sender paid, the receiver got it.
-- An undo posts the same with every amount negated, so history stays append-only.
-- The people are locked in id order before anything is written, so concurrent writers that share a
-- person queue instead of deadlocking, and each running net is read under that lock.
CREATE FUNCTION hisaab_post(p_kind "EntryKind", p_expense_id integer, p_settlement_id integer, p_at timestamp(3))
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_sign integer := CASE WHEN p_kind IN ('EXPENSE', 'SETTLEMENT') THEN 1 ELSE -1 END;
  v_group_id integer;
  v_total numeric;
  v_amount numeric;
  m_users integer[];
  m_paid numeric[];
  m_share numeric[];
  d_debtors integer[];
  d_creditors integer[];
  d_amounts numeric[];
BEGIN
  IF (p_kind IN ('EXPENSE', 'EXPENSE_UNDONE')) <> (p_expense_id IS NOT NULL AND p_settlement_id IS NULL) THEN
    RAISE EXCEPTION 'hisaab_post: % needs exactly its own kind of source', p_kind;
  END IF;

  IF p_expense_id IS NOT NULL THEN
    SELECT e."groupId", e.amount INTO v_group_id, v_amount FROM "Expense" e WHERE e.id = p_expense_id;
    SELECT COALESCE(sum(s.share), 0) INTO v_total FROM "ExpenseShare" s WHERE s."expenseId" = p_expense_id;
    IF v_group_id IS NULL OR v_total <> v_amount THEN
      RAISE EXCEPTION 'expense % has shares adding up to %, not %', p_expense_id, v_total, v_amount;
    END IF;
    SELECT array_agg(m.user_id ORDER BY m.user_id), array_agg(m.paid ORDER BY m.user_id),
           array_agg(m.share ORDER BY m.user_id)
      INTO m_users, m_paid, m_share
      FROM (SELECT x.user_id, sum(x.paid) AS paid, sum(x.share) AS share
            FROM (SELECT e."payerId" AS user_id, e.amount AS paid, 0::numeric AS share
                  FROM "Expense" e WHERE e.id = p_expense_id
                  UNION ALL
                  SELECT s."userId", 0, s.share FROM "ExpenseShare" s WHERE s."expenseId" = p_expense_id) x
            GROUP BY x.user_id) m;
    SELECT array_agg(s."userId"), array_agg(e."payerId"), array_agg(s.share)
      INTO d_debtors, d_creditors, d_amounts
      FROM "ExpenseShare" s JOIN "Expense" e ON e.id = s."expenseId"
      WHERE s."expenseId" = p_expense_id AND s."userId" <> e."payerId" AND s.share > 0;
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

-- Records one expense and its shares and posts it, unless its source message was recorded before
-- (Telegram delivered it again): then it writes nothing and returns that expense with created false.
-- The hot path of every /paid: one round trip.
DROP FUNCTION hisaab_record_expense(integer, integer, numeric, "SplitType", text, integer, timestamp(3), bigint,
  integer, integer[], integer[], numeric[], numeric[], integer[], integer[], numeric[], integer[], numeric[], numeric[]);

CREATE FUNCTION hisaab_record_expense(
  p_group_id integer,
  p_payer_id integer,
  p_recorded_by_id integer,
  p_amount numeric,
  p_split_type "SplitType",
  p_description text,
  p_share_users integer[],
  p_share_amounts numeric[],
  p_share_typed numeric[],
  p_source_chat_id bigint,
  p_source_message_id integer,
  p_at timestamp(3),
  OUT expense_id integer,
  OUT created boolean,
  OUT created_at timestamp(3)
)
LANGUAGE plpgsql AS $$
BEGIN
  -- Lock the people before inserting rows that reference them (see hisaab_post).
  PERFORM 1 FROM "User"
  WHERE id = ANY(p_share_users || ARRAY[p_payer_id, p_recorded_by_id]) ORDER BY id FOR NO KEY UPDATE;

  INSERT INTO "Expense" ("groupId", "payerId", "amount", "splitType", "description", "recordedById",
                         "createdAt", "sourceChatId", "sourceMessageId")
  VALUES (p_group_id, p_payer_id, p_amount, p_split_type, p_description, p_recorded_by_id,
          p_at, p_source_chat_id, p_source_message_id)
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

  PERFORM hisaab_post('EXPENSE', expense_id, NULL, p_at);
  created := true;
END
$$;

-- Records that p_from_id paid p_to_id (p_amount, or when it is null everything p_from_id owes
-- p_to_id in the group) and posts it; a redelivered source message returns the settlement it
-- recorded. settlement_id is null when nothing is owed and no amount was given.
CREATE FUNCTION hisaab_record_settlement(
  p_group_id integer,
  p_from_id integer,
  p_to_id integer,
  p_amount numeric,
  p_recorded_by_id integer,
  p_source_chat_id bigint,
  p_source_message_id integer,
  p_at timestamp(3),
  OUT settlement_id integer,
  OUT created boolean,
  OUT amount numeric,
  OUT owed_before numeric
)
LANGUAGE plpgsql AS $$
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
                            "sourceChatId", "sourceMessageId")
  VALUES (p_group_id, p_from_id, p_to_id, amount, p_recorded_by_id, p_at, p_source_chat_id, p_source_message_id)
  RETURNING id INTO settlement_id;

  PERFORM hisaab_post('SETTLEMENT', NULL, settlement_id, p_at);
  created := true;
END
$$;

-- Undoes an expense: marks it deleted (the conditional update is the guard against two undos racing)
-- and posts the reversal. False when it was already undone.
CREATE FUNCTION hisaab_undo_expense(p_expense_id integer, p_undone_by_id integer, p_at timestamp(3))
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Expense" SET "deletedAt" = p_at, "deletedById" = p_undone_by_id
  WHERE id = p_expense_id AND "deletedAt" IS NULL;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  PERFORM hisaab_post('EXPENSE_UNDONE', p_expense_id, NULL, p_at);
  RETURN true;
END
$$;

-- Undoes a settlement the same way. False when it was already undone.
CREATE FUNCTION hisaab_undo_settlement(p_settlement_id integer, p_undone_by_id integer, p_at timestamp(3))
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Settlement" SET "deletedAt" = p_at, "deletedById" = p_undone_by_id
  WHERE id = p_settlement_id AND "deletedAt" IS NULL;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  PERFORM hisaab_post('SETTLEMENT_UNDONE', NULL, p_settlement_id, p_at);
  RETURN true;
END
$$;
