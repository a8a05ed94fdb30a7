// Who owes whom in a group, as everyone is told it: the one use case through which /balances,
// /balance, /settleup, the /settle and /received replies, the dispute buttons, /remind, nudges, the
// digest and the Mini App read a group's debts, so they say the same figure for the same pair.
//
// Balances are read from PairBalance, the netted table every write maintains, so a group with
// 100,000 expenses costs one small indexed read, not a sum over every share. What people are shown
// is decided by the pure whoOwesWhom (src/ledger/view.ts) in the group's view: pairwise with cycles
// of debts cancelled (the default; the brief's worked example reads exactly as netted), or the fewest
// payments (`/simplify on`), keeping the unpaid rows of the group's latest /settleup while they still
// settle everyone. PairBalance itself stays the plain netting of what was recorded.
import { createHash } from 'node:crypto';
import { groupViewsSql } from '../db/queries/balances.js';
import {
  type Debt,
  type DebtView,
  Decimal,
  ledgerStateText,
  owedBetween,
  type Transfer,
  type WhoOwesWhom,
  whoOwesWhom,
} from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import type { Person } from './members.js';

export interface GroupView extends WhoOwesWhom<number> {
  groupId: number;
  currency: string;
  /** The state of the balances this was read from (hisaab_ledger_state's md5): a plan is tied to it. */
  state: string;
}

export interface GroupBalances extends GroupView {
  people: Map<number, Person>;
}

type Deps = Pick<UseCaseDeps, 'prisma' | 'sql'>;

/** Each group's debts in its view, read at once for many groups (the digest reads pages of people). */
export async function viewsOfGroups(
  deps: Deps,
  groupIds: readonly number[],
): Promise<Map<number, GroupView>> {
  const views = new Map<number, GroupView>();
  for (const { view } of await readViews(deps, groupIds, false)) views.set(view.groupId, view);
  return views;
}

/** The groups' views, and with `withPeople` the people each names, in one statement. */
async function readViews(
  deps: Pick<UseCaseDeps, 'sql'>,
  groupIds: readonly number[],
  withPeople: boolean,
): Promise<{ view: GroupView; people: Map<number, Person> }[]> {
  const ids = [...new Set(groupIds)];
  if (ids.length === 0) return [];
  const rows = await deps.sql.run(groupViewsSql, [ids, withPeople]);
  return rows.map((row) => {
    const pairs = (row.pairs as [number, number, string][]).map(([lowUserId, highUserId, amount]) => ({
      lowUserId,
      highUserId,
      amount: new Decimal(amount),
    }));
    const paid = new Set((row.paid as [number, number][]).map(([from, to]) => `${from}:${to}`));
    const plan = planTransfers(row.plan).filter((t) => !paid.has(`${t.from}:${t.to}`));
    const viewName: DebtView = row.simplify ? 'simplified' : 'pairwise';
    const view: GroupView = {
      ...whoOwesWhom(pairs.map(toDebt), viewName, plan),
      groupId: row.id,
      currency: row.currency,
      state: ledgerState(pairs),
    };
    return { view, people: peopleOfRows(row.people as PersonRow[]) };
  });
}

type PersonRow = [
  id: number,
  telegramId: string,
  firstName: string,
  lastName: string | null,
  username: string | null,
];

function peopleOfRows(rows: readonly PersonRow[]): Map<number, Person> {
  return new Map(
    rows.map(([id, telegramId, firstName, lastName, username]) => [
      id,
      { id, telegramId: BigInt(telegramId), firstName, lastName, username },
    ]),
  );
}

/** md5 of the balances' state text: what hisaab_ledger_state computes in the database. */
export function ledgerState(pairs: Parameters<typeof ledgerStateText>[0]): string {
  return createHash('md5').update(ledgerStateText(pairs)).digest('hex');
}

function toDebt(row: { lowUserId: number; highUserId: number; amount: Decimal }): Debt<number> {
  return row.amount.isPositive()
    ? { debtor: row.lowUserId, creditor: row.highUserId, amount: row.amount }
    : { debtor: row.highUserId, creditor: row.lowUserId, amount: row.amount.neg() };
}

/** A stored plan's transfers (written by offerSettleUp as [{from, to, amount}]). */
export function planTransfers(json: unknown): Transfer<number>[] {
  if (!Array.isArray(json)) return [];
  return json.map((t: { from: number; to: number; amount: string }) => ({
    from: Number(t.from),
    to: Number(t.to),
    amount: new Decimal(String(t.amount)),
  }));
}

/** One group's debts in its view. */
export async function groupView(deps: Deps, options: { groupId: number }): Promise<GroupView> {
  const [read] = await readViews(deps, [options.groupId], false);
  return read?.view ?? emptyView(options.groupId);
}

function emptyView(groupId: number): GroupView {
  return { ...whoOwesWhom([], 'pairwise'), groupId, currency: 'INR', state: ledgerState([]) };
}

/**
 * The group's debts in its view, with the people they name (with a userId, only that person's
 * debts; the nets and the plan stay the whole group's). One statement (the statement budget).
 */
export async function groupBalances(
  deps: Deps,
  options: { groupId: number; userId?: number },
): Promise<GroupBalances> {
  const [read] = await readViews(deps, [options.groupId], true);
  const view = read?.view ?? emptyView(options.groupId);
  const { userId } = options;
  const debts =
    userId === undefined
      ? view.debts
      : view.debts.filter((d) => d.debtor === userId || d.creditor === userId);
  return { ...view, debts, people: read?.people ?? new Map() };
}

export async function peopleById(
  deps: Pick<UseCaseDeps, 'prisma'>,
  ids: readonly number[],
): Promise<Map<number, Person>> {
  const users = ids.length === 0 ? [] : await deps.prisma.user.findMany({ where: { id: { in: [...ids] } } });
  return new Map<number, Person>(
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
}

/** What `debtorId` owes `creditorId` in the group as its view shows it (negative: the other way). */
export async function owedInGroup(
  deps: Deps,
  options: { groupId: number; debtorId: number; creditorId: number },
): Promise<Decimal> {
  const { debts } = await groupView(deps, options);
  return owedBetween(debts, options.debtorId, options.creditorId);
}

/**
 * The fewest transfers that settle the whole group, with the people they name; among plans of that
 * length, the unpaid rows of the group's latest plan while they still fit, else payments between
 * people who already owe each other first.
 */
export async function planSettleUp(
  deps: Deps,
  options: { groupId: number },
): Promise<{ transfers: Transfer<number>[]; people: Map<number, Person>; state: string; view: DebtView }> {
  const { plan, people, state, view } = await groupBalances(deps, options);
  return { transfers: plan, people, state, view };
}

/**
 * Where one person stands in the group (someone leaving, say): their net, whether any debt in the
 * group's view involves them, and the payments of the settle-up plan they are part of.
 */
export async function personStanding(
  deps: Deps,
  options: { groupId: number; userId: number },
): Promise<{ net: Decimal; involved: boolean; transfers: Transfer<number>[]; people: Map<number, Person> }> {
  const { debts, nets, people, plan } = await groupBalances(deps, { groupId: options.groupId });
  const { userId } = options;
  return {
    net: nets.get(userId) ?? new Decimal(0),
    involved: debts.some((d) => d.debtor === userId || d.creditor === userId),
    transfers: plan.filter((t) => t.from === userId || t.to === userId),
    people,
  };
}

/** `/simplify on|off`: the group's view; returns the view now in force. */
export async function setDebtView(
  deps: Deps,
  options: { groupId: number; view?: DebtView },
): Promise<DebtView> {
  const { prisma } = deps;
  const group =
    options.view === undefined
      ? await prisma.group.findUniqueOrThrow({
          where: { id: options.groupId },
          select: { simplifyDebts: true },
        })
      : await prisma.group.update({
          where: { id: options.groupId },
          // The Mini App's cached pages follow the view (Group.viewVersion keys them).
          data: { simplifyDebts: options.view === 'simplified', viewVersion: { increment: 1 } },
          select: { simplifyDebts: true },
        });
  return group.simplifyDebts ? 'simplified' : 'pairwise';
}
