CREATE OR REPLACE FUNCTION public.hisaab_refuse_direct_ledger_write()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF current_setting('hisaab.ledger_writer', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION '% is written only by hisaab_post (the one ledger writer)', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END
$function$;
