-- Records one expense in one round trip to the database (it is the hot path of every /paid; see
-- src/usecases/record-expense.ts, which splits the amount and computes every row it passes here).
-- Called as a single statement, so it is atomic on its own: no BEGIN/COMMIT round trips.
--
-- 1. Locks the people in p_lock (distinct ids, ascending) before writing anything: inserting rows
--    that reference users takes key-share locks on them, and taking ours only after those would let
--    two writers deadlock. The running nets below are computed under these locks.
-- 2. Inserts the expense unless its source message was recorded before (ON CONFLICT DO NOTHING);
--    every other part reads the expense it inserted, so a redelivery writes nothing at all and the
--    function returns NULL.
CREATE FUNCTION hisaab_record_expense(
  p_group_id integer,
  p_payer_id integer,
  p_amount numeric,
  p_split_type "SplitType",
  p_description text,
  p_recorded_by_id integer,
  p_at timestamp(3),
  p_source_chat_id bigint,
  p_source_message_id integer,
  p_lock integer[],
  p_share_users integer[],
  p_share_amounts numeric[],
  p_share_typed numeric[],
  p_pair_low integer[],
  p_pair_high integer[],
  p_pair_amounts numeric[],
  p_move_users integer[],
  p_move_paid numeric[],
  p_move_share numeric[]
) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  recorded_id integer;
BEGIN
  PERFORM 1 FROM "User" WHERE id = ANY(p_lock) ORDER BY id FOR NO KEY UPDATE;

  WITH exp AS (
    INSERT INTO "Expense" ("groupId", "payerId", "amount", "splitType", "description", "recordedById",
                           "createdAt", "sourceChatId", "sourceMessageId")
    VALUES (p_group_id, p_payer_id, p_amount, p_split_type, p_description, p_recorded_by_id,
            p_at, p_source_chat_id, p_source_message_id)
    ON CONFLICT ("sourceChatId", "sourceMessageId") DO NOTHING
    RETURNING id
  ), shares AS (
    INSERT INTO "ExpenseShare" ("expenseId", "userId", "share", "typed")
    SELECT exp.id, s.user_id, s.share, s.typed
    FROM exp, unnest(p_share_users, p_share_amounts, p_share_typed) AS s(user_id, share, typed)
  ), pairs AS (
    INSERT INTO "PairBalance" ("groupId", "lowUserId", "highUserId", "amount")
    SELECT p_group_id, p.low, p.high, p.amount
    FROM exp, unnest(p_pair_low, p_pair_high, p_pair_amounts) AS p(low, high, amount)
    ON CONFLICT ("groupId", "lowUserId", "highUserId")
    DO UPDATE SET amount = "PairBalance".amount + EXCLUDED.amount
  ), moves AS (
    SELECT m.user_id, m.paid, m.share, m.paid - m.share AS delta
    FROM exp, unnest(p_move_users, p_move_paid, p_move_share) AS m(user_id, paid, share)
  ), entries AS (
    -- Running nets read each user's net as it was before this statement, under the locks above.
    INSERT INTO "PassbookEntry" ("userId", "groupId", "kind", "expenseId", "paid", "share", "delta",
                                 "runningNet", "createdAt")
    SELECT moves.user_id, p_group_id, 'EXPENSE', exp.id, moves.paid, moves.share, moves.delta,
           u.net + moves.delta, p_at
    FROM exp, moves JOIN "User" u ON u.id = moves.user_id
  ), nets AS (
    UPDATE "User" u SET net = u.net + moves.delta, "updatedAt" = p_at
    FROM moves WHERE u.id = moves.user_id
  )
  SELECT id INTO recorded_id FROM exp;

  RETURN recorded_id;
END
$$;
