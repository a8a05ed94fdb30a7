-- Other currencies, offline (issue 18). An expense typed in another currency keeps what was typed
-- beside its ledger amount (which is in the group's currency): the original amount and currency,
-- the rate it was converted at, and for exact splits each person's share as typed. The four are
-- all set or all null. A correction keeps what they were in its revision row.
ALTER TABLE "Expense"
  ADD COLUMN "originalCurrency" TEXT,
  ADD COLUMN "originalAmount" DECIMAL(18,3),
  ADD COLUMN "rate" DECIMAL(18,10),
  ADD COLUMN "originalShares" JSONB,
  ADD CONSTRAINT "Expense_original_whole" CHECK (
    ("originalCurrency" IS NULL) = ("originalAmount" IS NULL) AND ("originalCurrency" IS NULL) = ("rate" IS NULL)
    AND ("originalAmount" IS NULL OR "originalAmount" > 0) AND ("rate" IS NULL OR "rate" > 0));

ALTER TABLE "ExpenseRevision"
  ADD COLUMN "previousOriginalCurrency" TEXT,
  ADD COLUMN "previousOriginalAmount" DECIMAL(18,3),
  ADD COLUMN "previousRate" DECIMAL(18,10),
  ADD COLUMN "previousOriginalShares" JSONB;

-- The group's rate for each other currency (`/rate USD 83.20`): group currency per unit, who set
-- it and when. A new rate replaces the old one; expenses keep the rate they were recorded at.
CREATE TABLE "GroupRate" (
  "groupId" INTEGER NOT NULL,
  "currency" TEXT NOT NULL,
  "rate" DECIMAL(18,10) NOT NULL,
  "setById" INTEGER NOT NULL,
  "setAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "GroupRate_pkey" PRIMARY KEY ("groupId", "currency"),
  CONSTRAINT "GroupRate_rate_positive" CHECK ("rate" > 0)
);
ALTER TABLE "GroupRate" ADD CONSTRAINT "GroupRate_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "GroupRate" ADD CONSTRAINT "GroupRate_setById_fkey" FOREIGN KEY ("setById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A person's UPI id (`name@bank`), set in /profile: /settleup offers a pay link to them.
ALTER TABLE "User" ADD COLUMN "upiId" TEXT;

-- Recording an expense typed in another currency: hisaab_record_expense as it is (the ledger in
-- the group's currency), then, in the same statement and transaction, what was typed. Only a new
-- expense gets them; a redelivered message changes nothing.
CREATE FUNCTION hisaab_record_foreign_expense(
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
  p_spent_on date,
  p_original_currency text,
  p_original_amount numeric,
  p_rate numeric,
  p_original_shares jsonb,
  OUT expense_id integer,
  OUT created boolean,
  OUT created_at timestamp(3)
)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT r.expense_id, r.created, r.created_at INTO expense_id, created, created_at
  FROM hisaab_record_expense(
    p_group_id => p_group_id, p_payer_id => p_payer_id, p_recorded_by_id => p_recorded_by_id,
    p_amount => p_amount, p_split_type => p_split_type, p_description => p_description,
    p_share_users => p_share_users, p_share_amounts => p_share_amounts, p_share_typed => p_share_typed,
    p_source_chat_id => p_source_chat_id, p_source_message_id => p_source_message_id, p_at => p_at,
    p_spent_on => p_spent_on) r;
  IF created THEN
    UPDATE "Expense" SET "originalCurrency" = p_original_currency, "originalAmount" = p_original_amount,
                         "rate" = p_rate, "originalShares" = p_original_shares
    WHERE id = expense_id;
  END IF;
END
$$;

-- A correction, with what was typed: hisaab_revise_expense as it is, then (when it revised) the
-- revision row keeps the expense's original amount, currency and rate as they were, and the
-- expense takes the new ones (null when the correction is in the group's currency). The expense
-- row is locked first, as hisaab_revise_expense locks it, so two corrections queue here.
CREATE FUNCTION hisaab_revise_expense_with_original(
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
  p_original_currency text,
  p_original_amount numeric,
  p_rate numeric,
  p_original_shares jsonb,
  OUT status text,
  OUT revision integer,
  OUT payer_id integer,
  OUT previous_amount numeric,
  OUT previous_split_type text,
  OUT previous_description text,
  OUT previous_shares jsonb,
  OUT previous_original_currency text,
  OUT previous_original_amount numeric,
  OUT previous_rate numeric,
  OUT previous_original_shares jsonb
)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT e."originalCurrency", e."originalAmount", e."rate", e."originalShares"
    INTO previous_original_currency, previous_original_amount, previous_rate, previous_original_shares
  FROM "Expense" e WHERE e.id = p_expense_id AND e."groupId" = p_group_id FOR UPDATE;

  SELECT r.status, r.revision, r.payer_id, r.previous_amount, r.previous_split_type, r.previous_description,
         r.previous_shares
    INTO status, revision, payer_id, previous_amount, previous_split_type, previous_description, previous_shares
  FROM hisaab_revise_expense(
    p_expense_id => p_expense_id, p_group_id => p_group_id, p_revised_by_id => p_revised_by_id,
    p_amount => p_amount, p_split_type => p_split_type, p_description => p_description,
    p_share_users => p_share_users, p_share_amounts => p_share_amounts, p_share_typed => p_share_typed,
    p_source_chat_id => p_source_chat_id, p_source_message_id => p_source_message_id,
    p_source_edit_date => p_source_edit_date, p_at => p_at) r;

  IF status = 'revised' THEN
    UPDATE "ExpenseRevision" x
    SET "previousOriginalCurrency" = previous_original_currency, "previousOriginalAmount" = previous_original_amount,
        "previousRate" = previous_rate, "previousOriginalShares" = previous_original_shares
    WHERE x."expenseId" = p_expense_id AND x.revision = hisaab_revise_expense_with_original.revision;
    UPDATE "Expense" SET "originalCurrency" = p_original_currency, "originalAmount" = p_original_amount,
                         "rate" = p_rate, "originalShares" = p_original_shares
    WHERE id = p_expense_id;
  ELSIF status = 'repeated' THEN
    SELECT x."previousOriginalCurrency", x."previousOriginalAmount", x."previousRate", x."previousOriginalShares"
      INTO previous_original_currency, previous_original_amount, previous_rate, previous_original_shares
    FROM "ExpenseRevision" x
    WHERE x."expenseId" = p_expense_id AND x.revision = hisaab_revise_expense_with_original.revision;
  END IF;
END
$$;
