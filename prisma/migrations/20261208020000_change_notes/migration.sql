-- Private notes of changes that involve someone (/notify on): whether they asked for them, and how
-- far the passbook has been read for them (one row: every instance shares the one cursor, moved by
-- the statement that claims a batch). Starts at the passbook's end: no notes about the past.
-- AlterTable
ALTER TABLE "User" ADD COLUMN "notify" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "NotifyCursor" (
    "id" INTEGER NOT NULL,
    "lastEntryId" BIGINT NOT NULL,

    CONSTRAINT "NotifyCursor_pkey" PRIMARY KEY ("id")
);

INSERT INTO "NotifyCursor" ("id", "lastEntryId") SELECT 1, coalesce(max("id"), 0) FROM "PassbookEntry";
