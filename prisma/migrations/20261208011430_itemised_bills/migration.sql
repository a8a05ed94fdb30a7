-- CreateTable
CREATE TABLE "ExpenseItem" (
    "expenseId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "userIds" INTEGER[],
    "percent" DECIMAL(7,2),
    "charge" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ExpenseItem_pkey" PRIMARY KEY ("expenseId","position")
);

-- AddForeignKey
ALTER TABLE "ExpenseItem" ADD CONSTRAINT "ExpenseItem_expenseId_fkey" FOREIGN KEY ("expenseId") REFERENCES "Expense"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- An item has a positive amount and someone who had it; a charge (a percentage of the items may round
-- to nothing) has nobody: it is spread over the items.
ALTER TABLE "ExpenseItem" ADD CONSTRAINT "ExpenseItem_line" CHECK (
  CASE WHEN "charge" THEN cardinality(coalesce("userIds", '{}')) = 0
  ELSE "amount" > 0 AND cardinality("userIds") > 0 AND "percent" IS NULL END);
