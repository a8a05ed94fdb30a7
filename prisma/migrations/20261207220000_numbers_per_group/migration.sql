-- Numbers count within each group: expenses #1, #2, … and payments P1, P2, … (issue 23). Before,
-- people read the global id, so a new group's first expense was #8,452 on a busy bot. The id stays
-- the internal key (buttons, foreign keys, receipts in S3); "number" is what people read and type.
-- Existing rows are numbered by their order (id) within their group; the group keeps the last number
-- it gave out, and a BEFORE INSERT trigger hands out the next one, so the stored functions that
-- insert (hisaab_record_expense, hisaab_record_settlement, the import) are not redefined.

-- AlterTable
ALTER TABLE "Expense" ADD COLUMN     "number" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "lastExpenseNumber" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastPaymentNumber" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Settlement" ADD COLUMN     "number" INTEGER NOT NULL DEFAULT 0;

-- Backfill: each group's rows in the order they were recorded.
UPDATE "Expense" e SET "number" = n.rn
FROM (SELECT id, row_number() OVER (PARTITION BY "groupId" ORDER BY id) AS rn FROM "Expense") n
WHERE e.id = n.id;
UPDATE "Settlement" s SET "number" = n.rn
FROM (SELECT id, row_number() OVER (PARTITION BY "groupId" ORDER BY id) AS rn FROM "Settlement") n
WHERE s.id = n.id;
UPDATE "Group" g SET
  "lastExpenseNumber" = COALESCE((SELECT max(e."number") FROM "Expense" e WHERE e."groupId" = g.id), 0),
  "lastPaymentNumber" = COALESCE((SELECT max(s."number") FROM "Settlement" s WHERE s."groupId" = g.id), 0);

-- CreateIndex
CREATE UNIQUE INDEX "Expense_groupId_number_key" ON "Expense"("groupId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Settlement_groupId_number_key" ON "Settlement"("groupId", "number");

-- The next number of the row's group, for an expense or a settlement being inserted (or moved to
-- another group, when hisaab_move_group merges a group into the one its chat moved to). The group's
-- row is locked first, so two inserts in one group take turns and numbers are never given twice;
-- then a row from the same Telegram message already stored means the insert is a redelivery that
-- ON CONFLICT will drop, and it takes no number (no gap in the group's numbers). A rolled-back insert
-- rolls its number back with it.
CREATE FUNCTION hisaab_next_number() RETURNS trigger
LANGUAGE plpgsql AS $$
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
$$;

CREATE TRIGGER "Expense_number" BEFORE INSERT ON "Expense"
  FOR EACH ROW EXECUTE FUNCTION hisaab_next_number();
CREATE TRIGGER "Expense_number_moved" BEFORE UPDATE OF "groupId" ON "Expense"
  FOR EACH ROW WHEN (OLD."groupId" IS DISTINCT FROM NEW."groupId") EXECUTE FUNCTION hisaab_next_number();
CREATE TRIGGER "Settlement_number" BEFORE INSERT ON "Settlement"
  FOR EACH ROW EXECUTE FUNCTION hisaab_next_number();
CREATE TRIGGER "Settlement_number_moved" BEFORE UPDATE OF "groupId" ON "Settlement"
  FOR EACH ROW WHEN (OLD."groupId" IS DISTINCT FROM NEW."groupId") EXECUTE FUNCTION hisaab_next_number();

-- The number the trigger gave an expense or a settlement recorded earlier in the same statement
-- (`SELECT …, hisaab_expense_number(r.expense_id) FROM hisaab_record_expense(…) r`): a plain
-- subquery there reads the statement's starting snapshot, without the new row; a volatile function
-- reads afresh.
CREATE FUNCTION hisaab_expense_number(p_expense_id integer) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN (SELECT e."number" FROM "Expense" e WHERE e.id = p_expense_id);
END
$$;

CREATE FUNCTION hisaab_settlement_number(p_settlement_id integer) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN (SELECT s."number" FROM "Settlement" s WHERE s.id = p_settlement_id);
END
$$;
