CREATE OR REPLACE FUNCTION public.hisaab_undo_expense(p_expense_id integer, p_undone_by_id integer, p_at timestamp without time zone)
 RETURNS boolean
 LANGUAGE plpgsql
AS $function$
BEGIN
  UPDATE "Expense" SET "deletedAt" = p_at, "deletedById" = p_undone_by_id
  WHERE id = p_expense_id AND "deletedAt" IS NULL;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  PERFORM hisaab_post('EXPENSE_UNDONE', p_expense_id, NULL, p_at);
  RETURN true;
END
$function$;
