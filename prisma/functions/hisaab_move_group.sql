CREATE OR REPLACE FUNCTION public.hisaab_move_group(p_from_chat_id bigint, p_to_chat_id bigint, p_title text, p_at timestamp without time zone, OUT group_id integer, OUT moved boolean, OUT merged_group_id integer)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
DECLARE
  v_to_id integer;
  v_created integer;
BEGIN
  moved := false;
  -- The two service messages come from two chats, so they may be handled at once: one waits here,
  -- and every statement below reads what the other committed.
  PERFORM pg_advisory_xact_lock(hashtextextended('hisaab_move_group', p_from_chat_id));

  SELECT a."groupId" INTO group_id FROM "GroupChatAlias" a WHERE a."chatId" = p_from_chat_id;
  IF group_id IS NULL THEN
    SELECT g.id INTO group_id FROM "Group" g WHERE g."chatId" = p_from_chat_id;
  END IF;

  -- The new chat's group, created when missing, then locked FOR UPDATE: a write that references it
  -- (an expense recorded there right now) finishes first or waits, so nothing is left behind.
  INSERT INTO "Group" ("chatId", "title", "updatedAt")
  VALUES (p_to_chat_id,
          COALESCE(p_title, (SELECT g.title FROM "Group" g WHERE g.id = group_id), 'this group'), p_at)
  ON CONFLICT ("chatId") DO NOTHING
  RETURNING id INTO v_created;
  SELECT g.id INTO v_to_id FROM "Group" g WHERE g."chatId" = p_to_chat_id FOR UPDATE;

  IF group_id IS NULL THEN
    group_id := v_to_id;
  ELSIF group_id <> v_to_id THEN
    -- A member of both stays one member; the supergroup's state (joined, left) is the newer one.
    INSERT INTO "Membership" ("groupId", "userId", "joinedAt", "leftAt")
    SELECT group_id, m."userId", m."joinedAt", m."leftAt" FROM "Membership" m WHERE m."groupId" = v_to_id
    ON CONFLICT ("groupId", "userId") DO UPDATE SET "leftAt" = EXCLUDED."leftAt";
    DELETE FROM "Membership" WHERE "groupId" = v_to_id;

    UPDATE "Expense" SET "groupId" = group_id WHERE "groupId" = v_to_id;
    UPDATE "Settlement" SET "groupId" = group_id WHERE "groupId" = v_to_id;

    PERFORM set_config('hisaab.ledger_writer', 'on', true);
    INSERT INTO "PairBalance" ("groupId", "lowUserId", "highUserId", "amount")
    SELECT group_id, b."lowUserId", b."highUserId", b.amount FROM "PairBalance" b WHERE b."groupId" = v_to_id
    ORDER BY b."lowUserId", b."highUserId"
    ON CONFLICT ("groupId", "lowUserId", "highUserId")
    DO UPDATE SET amount = "PairBalance".amount + EXCLUDED.amount;
    DELETE FROM "PairBalance" WHERE "groupId" = v_to_id;
    UPDATE "PassbookEntry" SET "groupId" = group_id WHERE "groupId" = v_to_id;

    UPDATE "GroupChatAlias" SET "groupId" = group_id WHERE "groupId" = v_to_id;
    PERFORM hisaab_merge_group_belongings(v_to_id, group_id);
    -- Its ledger rows are moved, but the cascade still runs its (empty) deletes on them, which the
    -- one-writer guard refuses without the flag.
    DELETE FROM "Group" WHERE id = v_to_id;
    PERFORM set_config('hisaab.ledger_writer', 'off', true);
    IF v_created IS NULL THEN
      merged_group_id := v_to_id;
    END IF;

    UPDATE "Group" SET "chatId" = p_to_chat_id, "title" = COALESCE(p_title, "title"), "updatedAt" = p_at
    WHERE id = group_id;
    moved := true;
  END IF;

  INSERT INTO "GroupChatAlias" ("chatId", "groupId", "createdAt") VALUES (p_from_chat_id, group_id, p_at)
  ON CONFLICT ("chatId") DO NOTHING;
END
$function$;
