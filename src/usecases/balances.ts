// Balances are read from PairBalance, the netted table every write maintains, so a group with
// 100,000 expenses costs one small indexed read, not a sum over every share.
//
// What people are shown is that netting with its cycles of debts cancelled (cancelCycles in
// src/ledger): A owes B, B owes C and C owes A the same amount is nobody owing anybody. It keeps
// every net and every debt that lies on no cycle, so a group without a cycle (the brief's worked
// example) reads exactly as netted, and a group whose nets are all zero (everyone paid what
// /settleup proposed) reads as all settled. PairBalance itself stays the plain netting of what was
// recorded; /balances, /balance, /settleup and /settle's "where the pair now stands" all read
// through here, so they agree.
import {
  cancelCycles,
  type Debt,
  Decimal,
  netBalances,
  settleUpPlan,
  type Transfer,
} from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import type { Person } from './members.js';

export interface GroupBalances {
  /**
   * Non-zero pairwise balances, netted per pair with cycles cancelled, largest first (with a
   * userId, only that person's).
   */
  debts: Debt<number>[];
  /** Each person's net in the group: positive when they are owed overall. */
  nets: Map<number, Decimal>;
  people: Map<number, Person>;
}

export async function groupBalances(
  deps: Pick<UseCaseDeps, 'prisma'>,
  options: { groupId: number; userId?: number },
): Promise<GroupBalances> {
  const { prisma } = deps;
  const { userId } = options;
  const all = await shownDebts(prisma, options.groupId);
  const nets = netBalances(all);
  const debts = userId === undefined ? all : all.filter((d) => d.debtor === userId || d.creditor === userId);
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
  return { debts, nets, people };
}

/**
 * The group's pair balances with cycles cancelled. The whole group even when one person asks: a
 * cycle through them may run through anyone.
 */
async function shownDebts(prisma: UseCaseDeps['prisma'], groupId: number): Promise<Debt<number>[]> {
  const rows = await prisma.pairBalance.findMany({ where: { groupId, NOT: { amount: 0 } } });
  return cancelCycles(
    rows.map((row): Debt<number> => {
      const amount = new Decimal(row.amount.toString());
      return amount.isPositive()
        ? { debtor: row.lowUserId, creditor: row.highUserId, amount }
        : { debtor: row.highUserId, creditor: row.lowUserId, amount: amount.neg() };
    }),
  );
}

/** What `debtorId` owes `creditorId` in the group as /balances shows it (negative: the other way). */
export async function owedInGroup(
  deps: Pick<UseCaseDeps, 'prisma'>,
  options: { groupId: number; debtorId: number; creditorId: number },
): Promise<Decimal> {
  const debts = await shownDebts(deps.prisma, options.groupId);
  const line = debts.find(
    (d) =>
      (d.debtor === options.debtorId && d.creditor === options.creditorId) ||
      (d.debtor === options.creditorId && d.creditor === options.debtorId),
  );
  if (!line) return new Decimal(0);
  return line.debtor === options.debtorId ? line.amount : line.amount.neg();
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

/**
 * Where one person stands in the group (someone leaving, say): their net, whether any balance
 * involves them, and the payments of the settle-up plan they are part of.
 */
export async function personStanding(
  deps: Pick<UseCaseDeps, 'prisma'>,
  options: { groupId: number; userId: number },
): Promise<{ net: Decimal; involved: boolean; transfers: Transfer<number>[]; people: Map<number, Person> }> {
  const { debts, nets, people } = await groupBalances(deps, { groupId: options.groupId });
  const { userId } = options;
  const transfers = settleUpPlan(nets, debts).filter((t) => t.from === userId || t.to === userId);
  return {
    net: nets.get(userId) ?? new Decimal(0),
    involved: debts.some((d) => d.debtor === userId || d.creditor === userId),
    transfers,
    people,
  };
}
