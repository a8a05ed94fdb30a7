-- The Mini App caches a group's overview and spending pages, keyed by this version (an ETag), so
-- 50 people opening the app compute them once. It moves whenever what those pages show changes:
-- a passbook line posted or moved for the group (every expense, settlement, undo and correction
-- posts lines; a supergroup merge moves them), an expense's category, or a member's name.
-- AddColumn
ALTER TABLE "Group" ADD COLUMN "viewVersion" INTEGER NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION hisaab_bump_view_version_posted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Group" g SET "viewVersion" = g."viewVersion" + 1
  WHERE g.id IN (SELECT DISTINCT p."groupId" FROM posted p);
  RETURN NULL;
END $$;

CREATE TRIGGER "PassbookEntry_view_version_insert" AFTER INSERT ON "PassbookEntry"
  REFERENCING NEW TABLE AS posted FOR EACH STATEMENT EXECUTE FUNCTION hisaab_bump_view_version_posted();
CREATE TRIGGER "PassbookEntry_view_version_update" AFTER UPDATE ON "PassbookEntry"
  REFERENCING NEW TABLE AS posted FOR EACH STATEMENT EXECUTE FUNCTION hisaab_bump_view_version_posted();

CREATE OR REPLACE FUNCTION hisaab_bump_view_version_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Group" SET "viewVersion" = "viewVersion" + 1 WHERE id = NEW."groupId";
  RETURN NULL;
END $$;

CREATE TRIGGER "Expense_view_version_category" AFTER UPDATE OF "category" ON "Expense"
  FOR EACH ROW WHEN (OLD."category" IS DISTINCT FROM NEW."category")
  EXECUTE FUNCTION hisaab_bump_view_version_category();

CREATE OR REPLACE FUNCTION hisaab_bump_view_version_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Group" g SET "viewVersion" = g."viewVersion" + 1
  WHERE g.id IN (SELECT m."groupId" FROM "Membership" m WHERE m."userId" = NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER "User_view_version_name" AFTER UPDATE OF "firstName", "lastName", "username" ON "User"
  FOR EACH ROW WHEN (OLD."firstName" IS DISTINCT FROM NEW."firstName"
                     OR OLD."lastName" IS DISTINCT FROM NEW."lastName"
                     OR OLD."username" IS DISTINCT FROM NEW."username")
  EXECUTE FUNCTION hisaab_bump_view_version_name();
