// What a person types (#3, P2) to the row it names: numbers count within each group (the trigger
// in migration *_numbers_per_group gives them). Before that, the bot showed global ids, so a group
// has seen numbers like #8452. The rule for those: a number the group's own numbers never reached
// that is the old id of one of the group's own rows still finds that row, and the answer says so
// ("#8452 is now #3"); once the group's numbers reach it, it is the group's number. Ids of other
// groups never resolve.

import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';

export interface FoundByNumber {
  /** The internal id (buttons, foreign keys). */
  id: number;
  /** The group's number for it (#3, P3). */
  number: number;
  /** The old global id that was typed, when it resolved through it; null when the number was typed. */
  typedOldId: number | null;
}

interface NumberRow {
  id: number;
  number: number;
}

async function resolve(
  byNumber: () => Promise<NumberRow | null>,
  lastNumber: () => Promise<number>,
  byOldId: () => Promise<NumberRow | null>,
  typed: number,
): Promise<FoundByNumber | null> {
  const row = await byNumber();
  if (row) return { ...row, typedOldId: null };
  if (typed <= (await lastNumber())) return null;
  const old = await byOldId();
  return old ? { ...old, typedOldId: typed } : null;
}

export async function findExpenseByNumber(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; number: number },
): Promise<FoundByNumber> {
  const { prisma } = deps;
  const { groupId, number } = input;
  const select = { id: true, number: true } as const;
  const found = await resolve(
    () => prisma.expense.findUnique({ where: { groupId_number: { groupId, number } }, select }),
    async () =>
      (await prisma.group.findUnique({ where: { id: groupId }, select: { lastExpenseNumber: true } }))
        ?.lastExpenseNumber ?? 0,
    () => prisma.expense.findFirst({ where: { id: number, groupId }, select }),
    number,
  );
  if (!found) throw new UseCaseError('EXPENSE_NOT_FOUND', { id: String(number) });
  return found;
}

export async function findSettlementByNumber(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; number: number },
): Promise<FoundByNumber> {
  const { prisma } = deps;
  const { groupId, number } = input;
  const select = { id: true, number: true } as const;
  const found = await resolve(
    () => prisma.settlement.findUnique({ where: { groupId_number: { groupId, number } }, select }),
    async () =>
      (await prisma.group.findUnique({ where: { id: groupId }, select: { lastPaymentNumber: true } }))
        ?.lastPaymentNumber ?? 0,
    () => prisma.settlement.findFirst({ where: { id: number, groupId }, select }),
    number,
  );
  if (!found) throw new UseCaseError('SETTLEMENT_NOT_FOUND', { id: String(number) });
  return found;
}

/** The group's number of an expense (e) or payment (p) a button names by id; null when not this group's. */
export async function numberOfId(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; kind: 'e' | 'p'; id: number },
): Promise<number | null> {
  const where = { id: input.id, groupId: input.groupId };
  const select = { number: true } as const;
  const row =
    input.kind === 'e'
      ? await deps.prisma.expense.findFirst({ where, select })
      : await deps.prisma.settlement.findFirst({ where, select });
  return row?.number ?? null;
}
