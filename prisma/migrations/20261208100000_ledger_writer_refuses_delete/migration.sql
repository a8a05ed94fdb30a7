-- The one-writer guard covers DELETE too (issue 25, finding 10): a pair balance, passbook line or
-- per-currency net deleted outside the ledger's own functions would change what people owe as surely
-- as an update. A cascade (a group or a person deleted) runs its DELETE on these tables as a statement
-- of its own, so it is refused too unless the deleting function set the writer's transaction-local
-- flag (hisaab_move_group, the erasure of a whole group). Only the triggers change here; the function
-- they call is prisma/functions/hisaab_refuse_direct_ledger_write.sql.
DROP TRIGGER "PairBalance_one_writer" ON "PairBalance";
CREATE TRIGGER "PairBalance_one_writer" BEFORE INSERT OR UPDATE OR DELETE ON "PairBalance"
  FOR EACH STATEMENT EXECUTE FUNCTION hisaab_refuse_direct_ledger_write();

DROP TRIGGER "PassbookEntry_one_writer" ON "PassbookEntry";
CREATE TRIGGER "PassbookEntry_one_writer" BEFORE INSERT OR UPDATE OR DELETE ON "PassbookEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION hisaab_refuse_direct_ledger_write();

DROP TRIGGER "UserNet_one_writer" ON "UserNet";
CREATE TRIGGER "UserNet_one_writer" BEFORE INSERT OR UPDATE OR DELETE ON "UserNet"
  FOR EACH STATEMENT EXECUTE FUNCTION hisaab_refuse_direct_ledger_write();
