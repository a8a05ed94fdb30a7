// Undoing a settlement keeps it, like undoing an expense: the row is marked undone, the pair's
// balance moves back, and both people's passbooks get a reversing line. Two ways in: /undo (its
// sender, its receiver, or a group admin) and the other party's "Not received" / "Not paid"
// button on the confirmation (only the person who did not record it: they dispute it).
import { undoSettlementSql } from '../db/queries/ledger.js';
import { Decimal } from '../ledger/index.js';
import { owedInGroup } from './balances.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { type Person, toPerson } from './members.js';

export interface SettlementTarget {
  id: number;
  /** The group\'s payment number (P3). */
  number: number;
  groupId: number;
  from: Person;
  to: Person;
  amount: Decimal;
  note: string;
  recordedById: number;
  createdAt: Date;
  undone: boolean;
}

export interface UndoSettlementRequest {
  groupId: number;
  requesterId: number;
  requesterIsAdmin: boolean;
  settlementId: number;
}

export interface UndoneSettlement extends SettlementTarget {
  /** What `from` owes `to` in the group once it is undone (negative: `to` owes `from`). */
  owedAfter: Decimal;
}

const person = toPerson;

/** The settlement with this id in this group, undone or not; refused when there is none. */
export async function getSettlement(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; settlementId: number },
): Promise<SettlementTarget> {
  const row = await deps.prisma.settlement.findFirst({
    where: { id: input.settlementId, groupId: input.groupId },
    include: { from: true, to: true },
  });
  if (!row) throw new UseCaseError('SETTLEMENT_NOT_FOUND', { id: String(input.settlementId) });
  return {
    id: row.id,
    number: row.number,
    groupId: row.groupId,
    from: person(row.from),
    to: person(row.to),
    amount: new Decimal(row.amount.toString()),
    note: row.note,
    recordedById: row.recordedById,
    createdAt: row.createdAt,
    undone: row.deletedAt !== null,
  };
}

/** The person a settlement's confirmation asks: whichever of the two did not record it. */
export function otherParty(target: Pick<SettlementTarget, 'from' | 'to' | 'recordedById'>): Person {
  return target.recordedById === target.to.id ? target.from : target.to;
}

/** Finds the settlement an /undo names and checks the requester may undo it; changes nothing. */
export async function findSettlementUndoTarget(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: UndoSettlementRequest,
): Promise<SettlementTarget> {
  const target = await getSettlement(deps, input);
  if (target.undone) throw new UseCaseError('SETTLEMENT_ALREADY_UNDONE', { id: String(target.number) });
  const mayUndo =
    input.requesterIsAdmin ||
    target.from.id === input.requesterId ||
    target.to.id === input.requesterId ||
    target.recordedById === input.requesterId;
  if (!mayUndo) throw new UseCaseError('NOT_ALLOWED_TO_UNDO_SETTLEMENT', { id: String(target.number) });
  return target;
}

async function reverse(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'clock'>,
  target: SettlementTarget,
  undoneById: number,
): Promise<UndoneSettlement> {
  // One statement: marks it undone (only one of two racing undos can) and posts the reversal.
  const [row] = await deps.sql.run(undoSettlementSql, [target.id, undoneById, deps.clock().toISOString()]);
  if (!row?.undone) throw new UseCaseError('SETTLEMENT_ALREADY_UNDONE', { id: String(target.number) });
  return { ...target, undone: true, owedAfter: await owed(deps, target) };
}

/** What `from` owes `to` now in the settlement's group, as its view shows it (negative: the other way). */
async function owed(deps: Pick<UseCaseDeps, 'prisma' | 'sql'>, target: SettlementTarget): Promise<Decimal> {
  return owedInGroup(deps, { groupId: target.groupId, debtorId: target.from.id, creditorId: target.to.id });
}

/** /undo of a settlement: its sender, its receiver, whoever recorded it, or a group admin. */
export async function undoSettlement(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'clock'>,
  input: UndoSettlementRequest,
): Promise<UndoneSettlement> {
  const target = await findSettlementUndoTarget(deps, input);
  return reverse(deps, target, input.requesterId);
}

/**
 * The other party says it did not happen ("Not received" after /settle, "Not paid" after
 * /received): only they may, and the settlement is undone in their name.
 */
export async function disputeSettlement(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'clock'>,
  input: { groupId: number; requesterId: number; settlementId: number },
): Promise<UndoneSettlement> {
  const target = await getSettlement(deps, input);
  const asked = otherParty(target);
  if (asked.id !== input.requesterId) {
    throw new UseCaseError('NOT_THE_OTHER_PARTY', {
      name: asked.lastName ? `${asked.firstName} ${asked.lastName}` : asked.firstName,
    });
  }
  if (target.undone) throw new UseCaseError('SETTLEMENT_ALREADY_UNDONE', { id: String(target.number) });
  return reverse(deps, target, input.requesterId);
}
