-- An edit of an old /paid (more than 30 days) the bot asks about before applying it (issue 25,
-- finding 12): the edited message as typed, until its editor presses Apply or Keep.
-- CreateTable
CREATE TABLE "CorrectionQuestion" (
    "id" SERIAL NOT NULL,
    "chatId" BIGINT NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "expenseId" INTEGER NOT NULL,
    "sourceMessageId" INTEGER NOT NULL,
    "editDate" INTEGER NOT NULL,
    "edit" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CorrectionQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CorrectionQuestion_expenseId_idx" ON "CorrectionQuestion"("expenseId");

-- CreateIndex
CREATE UNIQUE INDEX "CorrectionQuestion_chatId_sourceMessageId_editDate_key" ON "CorrectionQuestion"("chatId", "sourceMessageId", "editDate");

-- AddForeignKey
ALTER TABLE "CorrectionQuestion" ADD CONSTRAINT "CorrectionQuestion_expenseId_fkey" FOREIGN KEY ("expenseId") REFERENCES "Expense"("id") ON DELETE CASCADE ON UPDATE CASCADE;
