-- Issue 17: recurring expenses (RecurringRule, RecurringOccurrence), a group's time zone, reminders
-- (the weekly digest's mute, a group's automatic nudges, SentReminder claims).
-- CreateEnum
CREATE TYPE "RecurringStatus" AS ENUM ('ACTIVE', 'PAUSED', 'CANCELLED');

-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "remindAbove" DECIMAL(14,2),
ADD COLUMN     "remindAfterDays" INTEGER,
ADD COLUMN     "timezone" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "digestMuted" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "RecurringRule" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "createdById" INTEGER NOT NULL,
    "schedule" JSONB NOT NULL,
    "paidText" TEXT NOT NULL,
    "paidEntities" JSONB NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "RecurringStatus" NOT NULL DEFAULT 'ACTIVE',
    "pausedReason" TEXT,
    "nextDueOn" DATE NOT NULL,
    "nextDueAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "sourceChatId" BIGINT NOT NULL,
    "sourceMessageId" INTEGER NOT NULL,

    CONSTRAINT "RecurringRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecurringOccurrence" (
    "id" SERIAL NOT NULL,
    "ruleId" INTEGER NOT NULL,
    "dueOn" DATE NOT NULL,
    "expenseId" INTEGER,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "missed" INTEGER NOT NULL DEFAULT 0,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecurringOccurrence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SentReminder" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "groupId" INTEGER NOT NULL DEFAULT 0,
    "fromUserId" INTEGER NOT NULL DEFAULT 0,
    "toUserId" INTEGER NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "SentReminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RecurringRule_sourceChatId_sourceMessageId_key" ON "RecurringRule"("sourceChatId", "sourceMessageId");

-- CreateIndex
CREATE INDEX "RecurringRule_status_nextDueAt_idx" ON "RecurringRule"("status", "nextDueAt");

-- CreateIndex
CREATE INDEX "RecurringRule_groupId_id_idx" ON "RecurringRule"("groupId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "RecurringOccurrence_expenseId_key" ON "RecurringOccurrence"("expenseId");

-- CreateIndex
CREATE UNIQUE INDEX "RecurringOccurrence_ruleId_dueOn_key" ON "RecurringOccurrence"("ruleId", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "SentReminder_kind_period_groupId_fromUserId_toUserId_key" ON "SentReminder"("kind", "period", "groupId", "fromUserId", "toUserId");

-- AddForeignKey
ALTER TABLE "RecurringRule" ADD CONSTRAINT "RecurringRule_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecurringRule" ADD CONSTRAINT "RecurringRule_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecurringOccurrence" ADD CONSTRAINT "RecurringOccurrence_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "RecurringRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecurringOccurrence" ADD CONSTRAINT "RecurringOccurrence_expenseId_fkey" FOREIGN KEY ("expenseId") REFERENCES "Expense"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One occurrence of a recurring expense, recorded once. The occurrence's key (rule, day) is inserted
-- first: a second caller (another instance, a sweep after a restart) finds it and records nothing,
-- waiting on PostgreSQL for the first caller's transaction to end. The expense goes through
-- hisaab_record_expense unchanged, in the same transaction, with a synthetic source no Telegram
-- message can have (chat 0, message -occurrence id: message ids are positive), and the day it fell
-- due as the day spent. The rule moves on to its next occurrence in the same transaction.
CREATE FUNCTION hisaab_record_occurrence(
  p_rule_id integer,
  p_due_on date,
  p_late boolean,
  p_missed integer,
  p_next_due_on date,
  p_next_due_at timestamp(3),
  p_group_id integer,
  p_payer_id integer,
  p_recorded_by_id integer,
  p_amount numeric,
  p_split_type "SplitType",
  p_description text,
  p_share_users integer[],
  p_share_amounts numeric[],
  p_share_typed numeric[],
  p_at timestamp(3),
  OUT occurrence_id integer,
  OUT expense_id integer,
  OUT created boolean
)
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RecurringOccurrence" ("ruleId", "dueOn", "late", "missed", "recordedAt")
  VALUES (p_rule_id, p_due_on, p_late, p_missed, p_at)
  ON CONFLICT ("ruleId", "dueOn") DO NOTHING
  RETURNING id INTO occurrence_id;

  IF occurrence_id IS NULL THEN
    SELECT o.id, o."expenseId" INTO occurrence_id, expense_id
    FROM "RecurringOccurrence" o WHERE o."ruleId" = p_rule_id AND o."dueOn" = p_due_on;
    created := false;
    RETURN;
  END IF;

  SELECT r.expense_id INTO expense_id
  FROM hisaab_record_expense(
    p_group_id => p_group_id, p_payer_id => p_payer_id, p_recorded_by_id => p_recorded_by_id,
    p_amount => p_amount, p_split_type => p_split_type, p_description => p_description,
    p_share_users => p_share_users, p_share_amounts => p_share_amounts, p_share_typed => p_share_typed,
    p_source_chat_id => 0, p_source_message_id => -occurrence_id, p_at => p_at, p_spent_on => p_due_on) r;

  UPDATE "RecurringOccurrence" SET "expenseId" = expense_id WHERE id = occurrence_id;
  UPDATE "RecurringRule" SET "nextDueOn" = p_next_due_on, "nextDueAt" = p_next_due_at, "updatedAt" = p_at
  WHERE id = p_rule_id AND "nextDueOn" <= p_due_on;
  created := true;
END
$$;
