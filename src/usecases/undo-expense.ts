// Undoing an expense keeps it: the row is marked deleted, balances move back, and every person's
// passbook gets a reversing line, so history still explains every rupee.
import { undoExpenseSql } from '../db/queries/ledger.js';
import { Decimal } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';

export interface UndoRequest {
  groupId: number;
  requesterId: number;
  requesterIsAdmin: boolean;
  /** Omitted: the requester's latest expense. */
  expenseId?: number;
}

export interface UndoTarget {
  id: number;
  /** The group's number for it (#3). */
  number: number;
  amount: Decimal;
  description: string;
  payerId: number;
  createdAt: Date;
}

/**
 * Finds the expense an /undo refers to: the given id in this group, or the requester's latest
 * (paid or recorded by them). Checks permission; changes nothing, so the bot can ask to confirm.
 */
export async function findUndoTarget(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: UndoRequest,
): Promise<UndoTarget> {
  const { prisma } = deps;
  const expense =
    input.expenseId === undefined
      ? await prisma.expense.findFirst({
          where: {
            groupId: input.groupId,
            deletedAt: null,
            OR: [{ payerId: input.requesterId }, { recordedById: input.requesterId }],
          },
          orderBy: { id: 'desc' },
        })
      : await prisma.expense.findFirst({ where: { id: input.expenseId, groupId: input.groupId } });
  if (!expense) {
    throw input.expenseId === undefined
      ? new UseCaseError('NOTHING_TO_UNDO')
      : new UseCaseError('EXPENSE_NOT_FOUND', { id: String(input.expenseId) });
  }
  if (expense.deletedAt) throw new UseCaseError('ALREADY_UNDONE', { id: String(expense.number) });
  const mayUndo =
    input.requesterIsAdmin ||
    expense.payerId === input.requesterId ||
    expense.recordedById === input.requesterId;
  if (!mayUndo) throw new UseCaseError('NOT_ALLOWED_TO_UNDO', { id: String(expense.number) });
  return {
    id: expense.id,
    number: expense.number,
    amount: new Decimal(expense.amount.toString()),
    description: expense.description,
    payerId: expense.payerId,
    createdAt: expense.createdAt,
  };
}

/** Undoes an expense after checking permission again; a second undo of the same expense is refused. */
export async function undoExpense(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'clock'>,
  input: UndoRequest & { expenseId: number },
): Promise<UndoTarget> {
  const target = await findUndoTarget(deps, input);
  // One statement: marks it undone (only one of two racing undos can) and posts the reversal.
  const [row] = await deps.sql.run(undoExpenseSql, [
    target.id,
    input.requesterId,
    deps.clock().toISOString(),
  ]);
  if (!row?.undone) throw new UseCaseError('ALREADY_UNDONE', { id: String(target.number) });
  return target;
}
