-- Claims on stored updates (several instances on one database): the instance that stores an update
-- claims it for a lease it keeps renewing; another instance takes over only a claim whose lease has
-- expired (its holder died), so a live instance's updates are never handled twice.
ALTER TABLE "InboundUpdate" ADD COLUMN "claimedBy" TEXT,
ADD COLUMN "claimedUntil" TIMESTAMP(3);
