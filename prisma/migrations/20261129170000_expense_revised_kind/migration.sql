-- A correction of an expense is its own passbook entry. Alone in its migration: a new enum value
-- cannot be used in the transaction that adds it (the next migration's constraint and functions do).
ALTER TYPE "EntryKind" ADD VALUE 'EXPENSE_REVISED';
