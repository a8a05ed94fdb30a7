CREATE OR REPLACE FUNCTION public.hisaab_bump_view_version_posted()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  UPDATE "Group" g SET "viewVersion" = g."viewVersion" + 1
  WHERE g.id IN (SELECT DISTINCT p."groupId" FROM posted p);
  RETURN NULL;
END $function$;
