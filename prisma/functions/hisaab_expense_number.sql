CREATE OR REPLACE FUNCTION public.hisaab_expense_number(p_expense_id integer)
 RETURNS integer
 LANGUAGE plpgsql
AS $function$
BEGIN
  RETURN (SELECT e."number" FROM "Expense" e WHERE e.id = p_expense_id);
END
$function$;
