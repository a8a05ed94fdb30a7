-- Unfinished guided /paid flows, one per person per chat (see PaidDraft in schema.prisma).
CREATE TABLE "PaidDraft" (
    "chatId" BIGINT NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "step" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaidDraft_pkey" PRIMARY KEY ("chatId","telegramId")
);
