-- Bill photos being read, waiting for their sender's button (see BillScan in schema.prisma).
-- CreateTable
CREATE TABLE "BillScan" (
    "id" SERIAL NOT NULL,
    "chatId" BIGINT NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "sourceMessageId" INTEGER NOT NULL,
    "fileId" TEXT NOT NULL,
    "fileUniqueId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "total" DECIMAL(14,2),
    "reading" JSONB,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillScan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BillScan_chatId_telegramId_key" ON "BillScan"("chatId", "telegramId");

-- CreateIndex
CREATE UNIQUE INDEX "BillScan_chatId_sourceMessageId_key" ON "BillScan"("chatId", "sourceMessageId");
