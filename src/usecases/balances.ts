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

type Deps = Pick<UseCaseDeps, 'prisma'>;

/** Each group's debts in its view, read at once for many groups (the digest reads pages of people). */
export async function viewsOfGroups(
  deps: Deps,
  groupIds: readonly number[],
): Promise<Map<number, GroupView>> {
  const { prisma } = deps;
  const ids = [...new Set(groupIds)];
  if (ids.length === 0) return new Map();
  const [rows, groups, plans] = await Promise.all([
    prisma.pairBalance.findMany({ where: { groupId: { in: ids }, NOT: { amount: 0 } } }),
    prisma.group.findMany({
      where: { id: { in: ids } },
      select: { id: true, simplifyDebts: true, currency: true },
    }),
    latestPlans(deps, ids),
  ]);
  const views = new Map<number, GroupView>();
  for (const group of groups) {
    const pairs = rows
      .filter((r) => r.groupId === group.id)
      .map((r) => ({
        lowUserId: r.lowUserId,
        highUserId: r.highUserId,
        amount: new Decimal(r.amount.toString()),
      }));
    const view: DebtView = group.simplifyDebts ? 'simplified' : 'pairwise';
    views.set(group.id, {
      ...whoOwesWhom(pairs.map(toDebt), view, plans.get(group.id) ?? []),
      groupId: group.id,
      currency: group.currency,
      state: ledgerState(pairs),
    });
  }
  return views;
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

/**
 * The rows of each group's latest /settleup not yet paid by its buttons (a payment undone since, by
 * "Not received", counts as unpaid): what the group is following, kept while it still fits.
 */
async function latestPlans(deps: Deps, groupIds: number[]): Promise<Map<number, Transfer<number>[]>> {
  const plans = await deps.prisma.settleUpPlan.findMany({
    where: { groupId: { in: groupIds } },
    orderBy: [{ groupId: 'asc' }, { id: 'desc' }],
    distinct: ['groupId'],
    include: { offers: { where: { settlementId: { not: null } } } },
  });
  const settlementIds = plans.flatMap((p) => p.offers.map((o) => o.settlementId as number));
  const live = new Set(
    settlementIds.length === 0
      ? []
      : (
          await deps.prisma.settlement.findMany({
            where: { id: { in: settlementIds }, deletedAt: null },
            select: { id: true },
          })
        ).map((s) => s.id),
  );
  const result = new Map<number, Transfer<number>[]>();
  for (const plan of plans) {
    const paid = new Set(
      plan.offers
        .filter((o) => live.has(o.settlementId as number))
        .map((o) => `${o.fromUserId}:${o.toUserId}`),
    );
    result.set(
      plan.groupId,
      planTransfers(plan.transfers).filter((t) => !paid.has(`${t.from}:${t.to}`)),
    );
  }
  return result;
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
  const view = (await viewsOfGroups(deps, [options.groupId])).get(options.groupId);
  if (view) return view;
  return {
    ...whoOwesWhom([], 'pairwise'),
    groupId: options.groupId,
    currency: 'INR',
    state: ledgerState([]),
  };
}

/**
 * The group's debts in its view, with the people they name (with a userId, only that person's
 * debts; the nets and the plan stay the whole group's).
 */
export async function groupBalances(
  deps: Deps,
  options: { groupId: number; userId?: number },
): Promise<GroupBalances> {
  const view = await groupView(deps, options);
  const { userId } = options;
  const debts =
    userId === undefined
      ? view.debts
      : view.debts.filter((d) => d.debtor === userId || d.creditor === userId);
  const ids = [
    ...new Set(
      [...view.debts, ...view.plan.map((t) => ({ debtor: t.from, creditor: t.to }))].flatMap((d) => [
        d.debtor,
        d.creditor,
      ]),
    ),
  ];
  return { ...view, debts, people: await peopleById(deps, ids) };
}

export async function peopleById(deps: Deps, ids: readonly number[]): Promise<Map<number, Person>> {
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
