CREATE OR REPLACE FUNCTION public.hisaab_next_number()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
  v_last integer;
BEGIN
  IF TG_TABLE_NAME = 'Expense' THEN
    SELECT g."lastExpenseNumber" INTO v_last FROM "Group" g WHERE g.id = NEW."groupId" FOR NO KEY UPDATE;
    IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM "Expense" e
        WHERE e."sourceChatId" = NEW."sourceChatId" AND e."sourceMessageId" = NEW."sourceMessageId") THEN
      RETURN NEW;
    END IF;
    UPDATE "Group" SET "lastExpenseNumber" = v_last + 1 WHERE id = NEW."groupId";
  ELSE
    SELECT g."lastPaymentNumber" INTO v_last FROM "Group" g WHERE g.id = NEW."groupId" FOR NO KEY UPDATE;
    IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM "Settlement" s
        WHERE s."sourceChatId" = NEW."sourceChatId" AND s."sourceMessageId" = NEW."sourceMessageId") THEN
      RETURN NEW;
    END IF;
    UPDATE "Group" SET "lastPaymentNumber" = v_last + 1 WHERE id = NEW."groupId";
  END IF;
  NEW."number" := v_last + 1;
  RETURN NEW;
END
$function$;
