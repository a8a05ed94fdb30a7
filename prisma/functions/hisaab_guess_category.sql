CREATE OR REPLACE FUNCTION public.hisaab_guess_category(p_expense_id integer, p_category text, p_apply boolean)
 RETURNS text
 LANGUAGE plpgsql
AS $function$
DECLARE
  v_category text;
BEGIN
  IF p_apply THEN
    UPDATE "Expense" SET "category" = p_category
    WHERE id = p_expense_id AND NOT "categoryByHand"
    RETURNING "category" INTO v_category;
  END IF;
  IF v_category IS NULL THEN
    SELECT e."category" INTO v_category FROM "Expense" e WHERE e.id = p_expense_id;
  END IF;
  RETURN v_category;
END
$function$;
