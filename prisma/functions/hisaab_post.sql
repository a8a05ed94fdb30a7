CREATE OR REPLACE FUNCTION public.hisaab_post(p_kind "EntryKind", p_expense_id integer, p_settlement_id integer, p_at timestamp without time zone)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
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
  -- Several payers (ExpensePayer rows): who paid what, and who owes whom as apportioned when recorded
  -- (ExpenseDebt). One payer: Expense.payerId paid it all, and each sharer owes them their share.
  v_several boolean := false;
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
    v_several := EXISTS (SELECT 1 FROM "ExpensePayer" ep WHERE ep."expenseId" = p_expense_id);
    IF v_several AND p_kind = 'EXPENSE_REVISED' THEN
      RAISE EXCEPTION 'expense % has several payers and cannot be revised', p_expense_id;
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
                  FROM "Expense" e WHERE e.id = p_expense_id AND NOT v_several
                  UNION ALL
                  SELECT ep."userId", ep.paid, 0 FROM "ExpensePayer" ep WHERE ep."expenseId" = p_expense_id
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
            WHERE s."expenseId" = p_expense_id AND s."userId" <> e."payerId" AND s.share > 0 AND NOT v_several
            UNION ALL
            SELECT d."debtorId", d."creditorId", d.amount FROM "ExpenseDebt" d WHERE d."expenseId" = p_expense_id
            UNION ALL
            SELECT (p.value->>'userId')::integer, e."payerId", -(p.value->>'share')::numeric
            FROM "Expense" e, jsonb_array_elements(COALESCE(v_prev_shares, '[]'::jsonb)) p
            WHERE e.id = p_expense_id AND (p.value->>'userId')::integer <> e."payerId"
              AND (p.value->>'share')::numeric > 0) x;
    IF v_several AND (
         (SELECT sum(p) FROM unnest(m_paid) p) <> v_amount
         OR EXISTS (
           SELECT 1
           FROM unnest(m_users, m_paid, m_share) AS m(user_id, paid, share)
           FULL JOIN (SELECT x.user_id, sum(x.amount) AS owed
                      FROM (SELECT d.creditor AS user_id, d.amount FROM unnest(d_debtors, d_creditors, d_amounts) AS d(debtor, creditor, amount)
                            UNION ALL
                            SELECT d.debtor, -d.amount FROM unnest(d_debtors, d_creditors, d_amounts) AS d(debtor, creditor, amount)) x
                      GROUP BY x.user_id) o ON o.user_id = m.user_id
           WHERE COALESCE(m.paid - m.share, 0) <> COALESCE(o.owed, 0)))
    THEN
      RAISE EXCEPTION 'expense % has payers or debts that do not add up to what each paid and shares', p_expense_id;
    END IF;
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
$function$;
