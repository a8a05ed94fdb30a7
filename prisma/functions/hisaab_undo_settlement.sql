CREATE OR REPLACE FUNCTION public.hisaab_undo_settlement(p_settlement_id integer, p_undone_by_id integer, p_at timestamp without time zone)
 RETURNS boolean
 LANGUAGE plpgsql
AS $function$
BEGIN
  UPDATE "Settlement" SET "deletedAt" = p_at, "deletedById" = p_undone_by_id
  WHERE id = p_settlement_id AND "deletedAt" IS NULL;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  PERFORM hisaab_post('SETTLEMENT_UNDONE', NULL, p_settlement_id, p_at);
  RETURN true;
END
$function$;
