// Undoing an expense keeps it: the row is marked deleted, balances move back, and every person's
// passbook gets a reversing line, so history still explains every rupee.
import type { PrismaClient } from '../generated/prisma/client.js';
import { Decimal, expenseDebts } from '../ledger/index.js';
import { UseCaseError } from './errors.js';
import { applyLedgerMoves, lockPeople } from './ledger-writes.js';
import { expenseMoves } from './record-expense.js';

export interface UndoTarget {
  id: number;
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
  prisma: PrismaClient,
  input: { groupId: number; requesterId: number; requesterIsAdmin: boolean; expenseId?: number },
): Promise<UndoTarget> {
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
  if (expense.deletedAt) throw new UseCaseError('ALREADY_UNDONE', { id: String(expense.id) });
  const mayUndo =
    input.requesterIsAdmin ||
    expense.payerId === input.requesterId ||
    expense.recordedById === input.requesterId;
  if (!mayUndo) throw new UseCaseError('NOT_ALLOWED_TO_UNDO', { id: String(expense.id) });
  return {
    id: expense.id,
    amount: new Decimal(expense.amount.toString()),
    description: expense.description,
    payerId: expense.payerId,
    createdAt: expense.createdAt,
  };
}

/** Undoes an expense after checking permission again; a second undo of the same expense is refused. */
export async function undoExpense(
  prisma: PrismaClient,
  input: { groupId: number; requesterId: number; requesterIsAdmin: boolean; expenseId: number },
  clock: () => Date = () => new Date(),
): Promise<UndoTarget> {
  const target = await findUndoTarget(prisma, input);
  const at = clock();
  await prisma.$transaction(
    async (tx) => {
      // The conditional update is the guard against two undos racing: only one flips deletedAt.
      const flipped = await tx.expense.updateMany({
        where: { id: target.id, deletedAt: null },
        data: { deletedAt: at, deletedById: input.requesterId },
      });
      if (flipped.count === 0) throw new UseCaseError('ALREADY_UNDONE', { id: String(target.id) });
      const shares = (await tx.expenseShare.findMany({ where: { expenseId: target.id } })).map((s) => ({
        participant: s.userId,
        share: new Decimal(s.share.toString()),
      }));
      const nets = await lockPeople(tx, [target.payerId, ...shares.map((s) => s.participant)]);
      await applyLedgerMoves(tx, {
        groupId: input.groupId,
        source: { kind: 'EXPENSE_UNDONE', expenseId: target.id },
        pairs: expenseDebts({ payer: target.payerId, shares }),
        people: expenseMoves(target.payerId, target.amount, shares),
        sign: -1,
        at,
        nets,
      });
    },
    { timeout: 20_000 },
  );
  return target;
}
