-- A split by weighted shares (`/paid 1000 shares me 2 @ravi 1`): the typed number of shares is kept in
-- ExpenseShare.typed. Alone in its migration: a new enum value cannot be used in the transaction that
-- adds it.
ALTER TYPE "SplitType" ADD VALUE 'SHARES';
