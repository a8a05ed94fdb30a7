// What a bare /undo offers: the requester's latest expense (paid or recorded by them) or
// settlement (sent, received or recorded by them) in the group, whichever came last, so an /undo
// right after a /settle offers that payment rather than an older expense.
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { findUndoTarget, type UndoTarget } from './undo-expense.js';
import { findSettlementUndoTarget, type SettlementTarget } from './undo-settlement.js';

export type Undoable =
  | { kind: 'expense'; expense: UndoTarget }
  | { kind: 'settlement'; settlement: SettlementTarget };

export async function findLatestUndoable(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; requesterId: number },
): Promise<Undoable> {
  const [expense, settlement] = await Promise.all([
    findUndoTarget(deps, { ...input, requesterIsAdmin: false }).catch((error: unknown) => {
      if (error instanceof UseCaseError && error.code === 'NOTHING_TO_UNDO') return null;
      throw error;
    }),
    deps.prisma.settlement.findFirst({
      where: {
        groupId: input.groupId,
        deletedAt: null,
        OR: [
          { fromUserId: input.requesterId },
          { toUserId: input.requesterId },
          { recordedById: input.requesterId },
        ],
      },
      orderBy: { id: 'desc' },
      select: { id: true, createdAt: true },
    }),
  ]);
  if (settlement && (!expense || settlement.createdAt >= expense.createdAt)) {
    const target = await findSettlementUndoTarget(deps, {
      ...input,
      requesterIsAdmin: false,
      settlementId: settlement.id,
    });
    return { kind: 'settlement', settlement: target };
  }
  if (expense) return { kind: 'expense', expense };
  throw new UseCaseError('NOTHING_TO_UNDO');
}
