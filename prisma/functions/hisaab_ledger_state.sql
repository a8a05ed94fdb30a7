CREATE OR REPLACE FUNCTION public.hisaab_ledger_state(p_group_id integer)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
  SELECT md5(COALESCE(string_agg(p."lowUserId"::text || ':' || p."highUserId"::text || ':' || p.amount::text, ','
                                 ORDER BY p."lowUserId", p."highUserId"), ''))
  FROM "PairBalance" p WHERE p."groupId" = p_group_id AND p.amount <> 0
$function$;
