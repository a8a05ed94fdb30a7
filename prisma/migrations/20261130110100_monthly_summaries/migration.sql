-- Monthly summaries (issue 17): a group's opt-in for the summary posted by itself on the 1st, and one
-- row per group and month claimed before it is sent, so it is posted once across restarts and
-- several instances.
ALTER TABLE "Group" ADD COLUMN     "summaryAuto" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SummaryPost" (
    "groupId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "SummaryPost_pkey" PRIMARY KEY ("groupId","month")
);

-- AddForeignKey
ALTER TABLE "SummaryPost" ADD CONSTRAINT "SummaryPost_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;
