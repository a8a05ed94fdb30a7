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

import { pairBalancesWithPeopleSql } from '../db/queries/balances.js';
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
  deps: Pick<UseCaseDeps, 'prisma'> & Partial<Pick<UseCaseDeps, 'sql'>>,
  options: { groupId: number; userId?: number },
): Promise<GroupBalances> {
  const { prisma } = deps;
  const { userId } = options;
  // With the driver at hand, the pairs and their people come in one statement (/balances's budget).
  const read = deps.sql ? await pairsWithPeople(deps.sql, options.groupId) : undefined;
  const all = read ? read.debts : await shownDebts(prisma, options.groupId);
  const nets = netBalances(all);
  const debts = userId === undefined ? all : all.filter((d) => d.debtor === userId || d.creditor === userId);
  debts.sort((a, b) => b.amount.comparedTo(a.amount) || a.debtor - b.debtor || a.creditor - b.creditor);
  const ids = [...new Set(debts.flatMap((d) => [d.debtor, d.creditor]))];
  if (read) {
    const people = new Map<number, Person>();
    for (const id of ids) people.set(id, read.people.get(id) as Person);
    return { debts, nets, people };
  }
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

/** The group's pair balances with cycles cancelled, and everyone they name, in one statement. */
async function pairsWithPeople(
  sql: UseCaseDeps['sql'],
  groupId: number,
): Promise<{ debts: Debt<number>[]; people: Map<number, Person> }> {
  const rows = await sql.run(pairBalancesWithPeopleSql, [groupId]);
  const people = new Map<number, Person>();
  const person = (id: number, [telegramId, firstName, lastName, username]: (string | null)[]): Person => ({
    id,
    telegramId: BigInt(telegramId as string),
    firstName: firstName as string,
    lastName: lastName ?? null,
    username: username ?? null,
  });
  for (const row of rows) {
    people.set(row.lowUserId, person(row.lowUserId, row.low as (string | null)[]));
    people.set(row.highUserId, person(row.highUserId, row.high as (string | null)[]));
  }
  const debts = cancelCycles(
    rows.map((row) => debtOf(row.lowUserId, row.highUserId, new Decimal(row.amount))),
  );
  return { debts, people };
}

function debtOf(lowUserId: number, highUserId: number, amount: Decimal): Debt<number> {
  return amount.isPositive()
    ? { debtor: lowUserId, creditor: highUserId, amount }
    : { debtor: highUserId, creditor: lowUserId, amount: amount.neg() };
}

/**
 * The group's pair balances with cycles cancelled. The whole group even when one person asks: a
 * cycle through them may run through anyone.
 */
async function shownDebts(prisma: UseCaseDeps['prisma'], groupId: number): Promise<Debt<number>[]> {
  const rows = await prisma.pairBalance.findMany({ where: { groupId, NOT: { amount: 0 } } });
  return cancelCycles(
    rows.map((row) => debtOf(row.lowUserId, row.highUserId, new Decimal(row.amount.toString()))),
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
