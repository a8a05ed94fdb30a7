CREATE OR REPLACE FUNCTION public.hisaab_bump_view_version_category()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  UPDATE "Group" SET "viewVersion" = "viewVersion" + 1 WHERE id = NEW."groupId";
  RETURN NULL;
END $function$;
