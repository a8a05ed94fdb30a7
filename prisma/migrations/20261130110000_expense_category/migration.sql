-- Categories (issue 17): what an expense was spent on, a key of src/commands/categories.ts, guessed
-- from the description when it is recorded or chosen by hand. Expenses recorded before this have
-- none (NULL), which /summary reads as "other".
ALTER TABLE "Expense" ADD COLUMN     "category" TEXT,
ADD COLUMN     "categoryByHand" BOOLEAN NOT NULL DEFAULT false;

-- /summary adds up a group's expenses by the day spent, one month at a time.
CREATE INDEX "Expense_groupId_spentOn_idx" ON "Expense"("groupId", "spentOn");

-- The guessed category of an expense, written by its own statement after the ledger function that
-- recorded (or corrected) the expense, in the same transaction: the recording statement calls this in
-- its select list, over the row hisaab_record_expense (or hisaab_revise_expense) returned, so the
-- ledger functions stay as they are. A category chosen by hand is kept; p_apply false (a redelivered
-- message, an unchanged correction) writes nothing. Returns the category the expense now has.
CREATE FUNCTION hisaab_guess_category(p_expense_id integer, p_category text, p_apply boolean)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_category text;
BEGIN
  IF p_apply THEN
    UPDATE "Expense" SET "category" = p_category
    WHERE id = p_expense_id AND NOT "categoryByHand"
    RETURNING "category" INTO v_category;
  END IF;
  IF v_category IS NULL THEN
    SELECT e."category" INTO v_category FROM "Expense" e WHERE e.id = p_expense_id;
  END IF;
  RETURN v_category;
END
$$;
