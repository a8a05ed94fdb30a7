-- CreateTable
CREATE TABLE "ExpenseReceipt" (
    "expenseId" INTEGER NOT NULL,
    "fileId" TEXT NOT NULL,
    "fileUniqueId" TEXT NOT NULL,
    "attachedById" INTEGER NOT NULL,
    "attachedAt" TIMESTAMP(3) NOT NULL,
    "storedKey" TEXT,
    "storedAt" TIMESTAMP(3),

    CONSTRAINT "ExpenseReceipt_pkey" PRIMARY KEY ("expenseId")
);

-- CreateTable
CREATE TABLE "SplitwiseImport" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "requestedById" INTEGER NOT NULL,
    "sourceChatId" BIGINT NOT NULL,
    "sourceMessageId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileSha" TEXT NOT NULL,
    "parsed" JSONB NOT NULL,
    "mapping" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "summary" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SplitwiseImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportedRow" (
    "groupId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "importId" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "expenseId" INTEGER,
    "settlementId" INTEGER,
    "category" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImportedRow_pkey" PRIMARY KEY ("groupId","key")
);

-- CreateIndex
CREATE INDEX "SplitwiseImport_groupId_id_idx" ON "SplitwiseImport"("groupId", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "SplitwiseImport_sourceChatId_sourceMessageId_key" ON "SplitwiseImport"("sourceChatId", "sourceMessageId");

-- CreateIndex
CREATE INDEX "ImportedRow_expenseId_idx" ON "ImportedRow"("expenseId");

-- AddForeignKey
ALTER TABLE "ExpenseReceipt" ADD CONSTRAINT "ExpenseReceipt_expenseId_fkey" FOREIGN KEY ("expenseId") REFERENCES "Expense"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SplitwiseImport" ADD CONSTRAINT "SplitwiseImport_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportedRow" ADD CONSTRAINT "ImportedRow_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;
