-- A group admin's /erasegroup waiting for its confirmation (the erasure itself is the stored
-- function hisaab_erase_group).
-- CreateTable
CREATE TABLE "GroupErasure" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "chatId" BIGINT NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GroupErasure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GroupErasure_groupId_idx" ON "GroupErasure"("groupId");

-- AddForeignKey
ALTER TABLE "GroupErasure" ADD CONSTRAINT "GroupErasure_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;
