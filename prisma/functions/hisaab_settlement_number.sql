CREATE OR REPLACE FUNCTION public.hisaab_settlement_number(p_settlement_id integer)
 RETURNS integer
 LANGUAGE plpgsql
AS $function$
BEGIN
  RETURN (SELECT s."number" FROM "Settlement" s WHERE s.id = p_settlement_id);
END
$function$;
