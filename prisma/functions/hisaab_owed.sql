CREATE OR REPLACE FUNCTION public.hisaab_owed(p_group_id integer, p_debtor_id integer, p_creditor_id integer)
 RETURNS numeric
 LANGUAGE sql
 STABLE
AS $function$
  SELECT COALESCE((
    SELECT CASE WHEN p_debtor_id < p_creditor_id THEN b.amount ELSE -b.amount END
    FROM "PairBalance" b
    WHERE b."groupId" = p_group_id
      AND b."lowUserId" = LEAST(p_debtor_id, p_creditor_id)
      AND b."highUserId" = GREATEST(p_debtor_id, p_creditor_id)), 0)
$function$;
