// Balances are read from PairBalance, the netted table every write maintains, so a group with
// 100,000 expenses costs one small indexed read, not a sum over every share.
import { type Debt, Decimal, netBalances, settleUpPlan, type Transfer } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import type { Person } from './members.js';

export interface GroupBalances {
  /** Non-zero pairwise balances, netted per pair, largest first. */
  debts: Debt<number>[];
  /** Each person's net: positive when they are owed overall. */
  nets: Map<number, Decimal>;
  people: Map<number, Person>;
}

export async function groupBalances(
  deps: Pick<UseCaseDeps, 'prisma'>,
  options: { groupId: number; userId?: number },
): Promise<GroupBalances> {
  const { prisma } = deps;
  const { groupId } = options;
  const where =
    options.userId === undefined
      ? { groupId, NOT: { amount: 0 } }
      : { groupId, NOT: { amount: 0 }, OR: [{ lowUserId: options.userId }, { highUserId: options.userId }] };
  const rows = await prisma.pairBalance.findMany({ where });
  const debts: Debt<number>[] = rows.map((row) => {
    const amount = new Decimal(row.amount.toString());
    return amount.isPositive()
      ? { debtor: row.lowUserId, creditor: row.highUserId, amount }
      : { debtor: row.highUserId, creditor: row.lowUserId, amount: amount.neg() };
  });
  debts.sort((a, b) => b.amount.comparedTo(a.amount) || a.debtor - b.debtor || a.creditor - b.creditor);
  const ids = [...new Set(debts.flatMap((d) => [d.debtor, d.creditor]))];
  const users = ids.length === 0 ? [] : await prisma.user.findMany({ where: { id: { in: ids } } });
  const people = new Map<number, Person>(
    users.map((u) => [
      u.id,
      {
        id: u.id,
        telegramId: u.telegramId,
        firstName: u.firstName,
        lastName: u.lastName,
        username: u.username,
      },
    ]),
  );
  return { debts, nets: netBalances(debts), people };
}

/**
 * The fewest transfers that settle the whole group, with the people they name; among plans of that
 * length, payments between people who already owe each other come first.
 */
export async function planSettleUp(
  deps: Pick<UseCaseDeps, 'prisma'>,
  options: { groupId: number },
): Promise<{ transfers: Transfer<number>[]; people: Map<number, Person> }> {
  const { debts, nets, people } = await groupBalances(deps, options);
  return { transfers: settleUpPlan(nets, debts), people };
}
