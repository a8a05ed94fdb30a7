-- When a group last recorded a split among everyone, so the next one can say who joined since.
ALTER TABLE "Group" ADD COLUMN "lastEveryoneSplitAt" TIMESTAMP(3);
