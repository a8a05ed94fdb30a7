CREATE OR REPLACE FUNCTION public.hisaab_erase_group(p_group_id integer, OUT expenses integer, OUT payments integer, OUT receipt_keys jsonb)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
-- Erases a whole group (its admin's /erasegroup, after the final export reached them): the group row
-- and, by cascade, its members, expenses with their shares, payers, debts, corrections and receipts,
-- payments, pair balances, passbook lines, rules, rates, imports, plans and claims; then what is kept
-- by chat id (drafts, questions, bill scans, stored updates) and its reminder claims. The people's
-- nets no longer count the group, and the running nets of their other passbook lines are written
-- again without it. It is the one other ledger writer: it sets the writer's flag, as hisaab_post does,
-- for the deletes the one-writer triggers would refuse. Returns what went, and the bucket keys of the
-- receipts (the caller deletes those objects). Nothing when the group is gone already.
DECLARE
  v_chats bigint[];
  v_users integer[];
BEGIN
  expenses := 0;
  payments := 0;
  receipt_keys := '[]'::jsonb;
  -- The group locked first: a /paid recorded there right now finishes first, or waits and then
  -- finds no group (its insert fails on the foreign key, and is answered as an error).
  PERFORM 1 FROM "Group" g WHERE g.id = p_group_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT count(*) INTO expenses FROM "Expense" e WHERE e."groupId" = p_group_id;
  SELECT count(*) INTO payments FROM "Settlement" s WHERE s."groupId" = p_group_id;
  SELECT COALESCE(jsonb_agg(r."storedKey" ORDER BY r."expenseId"), '[]'::jsonb) INTO receipt_keys
  FROM "ExpenseReceipt" r JOIN "Expense" e ON e.id = r."expenseId"
  WHERE e."groupId" = p_group_id AND r."storedKey" IS NOT NULL;
  SELECT array_agg(c.chat_id) INTO v_chats
  FROM (SELECT g."chatId" AS chat_id FROM "Group" g WHERE g.id = p_group_id
        UNION SELECT a."chatId" FROM "GroupChatAlias" a WHERE a."groupId" = p_group_id) c;
  SELECT array_agg(DISTINCT p."userId") INTO v_users FROM "PassbookEntry" p WHERE p."groupId" = p_group_id;

  -- The people locked in id order, as hisaab_post locks them, so a concurrent writer queues.
  PERFORM 1 FROM "User" u WHERE u.id = ANY(v_users) ORDER BY u.id FOR NO KEY UPDATE;
  PERFORM set_config('hisaab.ledger_writer', 'on', true);
  UPDATE "UserNet" n SET net = n.net - gone.delta
  FROM (SELECT p."userId", p.currency, sum(p.delta) AS delta FROM "PassbookEntry" p
        WHERE p."groupId" = p_group_id GROUP BY p."userId", p.currency) gone
  WHERE n."userId" = gone."userId" AND n.currency = gone.currency;
  UPDATE "User" u SET net = u.net - gone.delta
  FROM (SELECT p."userId", sum(p.delta) AS delta FROM "PassbookEntry" p
        WHERE p."groupId" = p_group_id GROUP BY p."userId") gone
  WHERE u.id = gone."userId";
  DELETE FROM "Group" g WHERE g.id = p_group_id;
  UPDATE "PassbookEntry" e SET "runningNet" = r.running
  FROM (SELECT p.id, sum(p.delta) OVER (PARTITION BY p."userId", p.currency ORDER BY p.id) AS running
        FROM "PassbookEntry" p WHERE p."userId" = ANY(v_users)) r
  WHERE r.id = e.id AND e."runningNet" <> r.running;
  PERFORM set_config('hisaab.ledger_writer', 'off', true);

  DELETE FROM "SentReminder" s WHERE s."groupId" = p_group_id;
  DELETE FROM "PaidDraft" d WHERE d."chatId" = ANY(v_chats);
  DELETE FROM "PaidQuestion" q WHERE q."chatId" = ANY(v_chats);
  DELETE FROM "BillScan" b WHERE b."chatId" = ANY(v_chats);
  -- Updates still to be handled stay (the press that asked for this is one of them).
  DELETE FROM "InboundUpdate" i WHERE i."chatId" = ANY(v_chats) AND i."handledAt" IS NOT NULL;
END
$function$;
