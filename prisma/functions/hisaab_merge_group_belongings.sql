CREATE OR REPLACE FUNCTION public.hisaab_merge_group_belongings(p_from_id integer, p_into_id integer)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
-- What a group has besides its ledger, moved into the group it is merged into (hisaab_move_group,
-- before it deletes p_from_id, whose cascade would otherwise take all of it). Where both groups have
-- a row for the same key, one is kept: the newer rate for a currency; the summary claim that was sent
-- (so a month is not posted twice); the merged-into group's imported-row key and reminder claim
-- (either says the same thing: recorded, or sent).
BEGIN
  UPDATE "RecurringRule" SET "groupId" = p_into_id WHERE "groupId" = p_from_id;
  UPDATE "SplitwiseImport" SET "groupId" = p_into_id WHERE "groupId" = p_from_id;
  UPDATE "SettleUpPlan" SET "groupId" = p_into_id WHERE "groupId" = p_from_id;
  UPDATE "SettleUpOffer" SET "groupId" = p_into_id WHERE "groupId" = p_from_id;

  INSERT INTO "GroupRate" ("groupId", "currency", "rate", "setById", "setAt")
  SELECT p_into_id, r.currency, r.rate, r."setById", r."setAt" FROM "GroupRate" r WHERE r."groupId" = p_from_id
  ON CONFLICT ("groupId", "currency") DO UPDATE
    SET "rate" = EXCLUDED."rate", "setById" = EXCLUDED."setById", "setAt" = EXCLUDED."setAt"
    WHERE EXCLUDED."setAt" > "GroupRate"."setAt";
  DELETE FROM "GroupRate" WHERE "groupId" = p_from_id;

  INSERT INTO "SummaryPost" ("groupId", "month", "claimedAt", "sentAt")
  SELECT p_into_id, s.month, s."claimedAt", s."sentAt" FROM "SummaryPost" s WHERE s."groupId" = p_from_id
  ON CONFLICT ("groupId", "month") DO UPDATE
    SET "claimedAt" = EXCLUDED."claimedAt", "sentAt" = EXCLUDED."sentAt"
    WHERE "SummaryPost"."sentAt" IS NULL AND EXCLUDED."sentAt" IS NOT NULL;
  DELETE FROM "SummaryPost" WHERE "groupId" = p_from_id;

  UPDATE "ImportedRow" r SET "groupId" = p_into_id
  WHERE r."groupId" = p_from_id
    AND NOT EXISTS (SELECT 1 FROM "ImportedRow" k WHERE k."groupId" = p_into_id AND k.key = r.key);
  DELETE FROM "ImportedRow" WHERE "groupId" = p_from_id;

  -- Reminder claims have no foreign key (a digest's group is 0): moved, or they would not be seen.
  UPDATE "SentReminder" r SET "groupId" = p_into_id
  WHERE r."groupId" = p_from_id
    AND NOT EXISTS (SELECT 1 FROM "SentReminder" k
                    WHERE k."groupId" = p_into_id AND k.kind = r.kind AND k.period = r.period
                      AND k."fromUserId" = r."fromUserId" AND k."toUserId" = r."toUserId");
  DELETE FROM "SentReminder" WHERE "groupId" = p_from_id;
END
$function$;
