CREATE OR REPLACE FUNCTION public.hisaab_bump_view_version_name()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  UPDATE "Group" g SET "viewVersion" = g."viewVersion" + 1
  WHERE g.id IN (SELECT m."groupId" FROM "Membership" m WHERE m."userId" = NEW.id);
  RETURN NULL;
END $function$;
