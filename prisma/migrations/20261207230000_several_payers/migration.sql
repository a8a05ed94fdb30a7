-- CreateTable
CREATE TABLE "ExpensePayer" (
    "expenseId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "paid" DECIMAL(14,2) NOT NULL,

    CONSTRAINT "ExpensePayer_pkey" PRIMARY KEY ("expenseId","userId")
);

-- CreateTable
CREATE TABLE "ExpenseDebt" (
    "expenseId" INTEGER NOT NULL,
    "debtorId" INTEGER NOT NULL,
    "creditorId" INTEGER NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,

    CONSTRAINT "ExpenseDebt_pkey" PRIMARY KEY ("expenseId","debtorId","creditorId")
);

-- CreateIndex
CREATE INDEX "ExpensePayer_userId_idx" ON "ExpensePayer"("userId");

-- CreateIndex
CREATE INDEX "ExpenseDebt_debtorId_idx" ON "ExpenseDebt"("debtorId");

-- CreateIndex
CREATE INDEX "ExpenseDebt_creditorId_idx" ON "ExpenseDebt"("creditorId");

-- AddForeignKey
ALTER TABLE "ExpensePayer" ADD CONSTRAINT "ExpensePayer_expenseId_fkey" FOREIGN KEY ("expenseId") REFERENCES "Expense"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpensePayer" ADD CONSTRAINT "ExpensePayer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpenseDebt" ADD CONSTRAINT "ExpenseDebt_expenseId_fkey" FOREIGN KEY ("expenseId") REFERENCES "Expense"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpenseDebt" ADD CONSTRAINT "ExpenseDebt_debtorId_fkey" FOREIGN KEY ("debtorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpenseDebt" ADD CONSTRAINT "ExpenseDebt_creditorId_fkey" FOREIGN KEY ("creditorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- What a payer paid and what a debtor owes a payer are positive (a person who paid nothing is no payer).
ALTER TABLE "ExpensePayer" ADD CONSTRAINT "ExpensePayer_paid_positive" CHECK ("paid" > 0);
ALTER TABLE "ExpenseDebt" ADD CONSTRAINT "ExpenseDebt_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "ExpenseDebt" ADD CONSTRAINT "ExpenseDebt_not_self" CHECK ("debtorId" <> "creditorId");

-- hisaab_record_expense takes the payers and the debts between them (prisma/functions/ creates the new
-- signature; its callers name their arguments and the new ones default to NULL: one payer).
DROP FUNCTION hisaab_record_expense(integer, integer, integer, numeric, "SplitType", text, integer[], numeric[],
  numeric[], bigint, integer, timestamp without time zone, date);

-- hisaab_record_foreign_expense passes them on (a Splitwise row with several payers, in any currency).
DROP FUNCTION hisaab_record_foreign_expense(integer, integer, integer, numeric, "SplitType", text, integer[],
  numeric[], numeric[], bigint, integer, timestamp without time zone, date, text, numeric, numeric, jsonb);
