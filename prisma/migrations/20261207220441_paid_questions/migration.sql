-- A /paid the bot asks about before recording (two readings, a member named in words, a possible
-- duplicate): each answer's expense until its sender presses one; nothing is recorded before.
-- CreateTable
CREATE TABLE "PaidQuestion" (
    "id" SERIAL NOT NULL,
    "chatId" BIGINT NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "sourceMessageId" INTEGER NOT NULL,
    "options" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaidQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PaidQuestion_chatId_sourceMessageId_key" ON "PaidQuestion"("chatId", "sourceMessageId");
