// Who owes whom, per person across their groups, a page of people at a time: what the weekly digest,
// /remind and the automatic nudges say to each person who owes. Debts are the ones /balances shows,
// read through the same use case (viewsOfGroups: each group in its own view, so the whole group is
// read for anyone in it), with how long each debt has stood.
import { debtSinceSql, groupsByIdSql, memberPageSql, peopleByIdSql } from '../db/queries/reminders.js';
import type { RowOf } from '../db/sql.js';
import type { Debt, Decimal } from '../ledger/index.js';
import { viewsOfGroups } from './balances.js';
import type { UseCaseDeps } from './deps.js';
import type { Person } from './members.js';

export type Reachable = Person & { startedBot: boolean; digestMuted: boolean };

export interface OwedLine {
  creditor: Person;
  groupId: number;
  groupTitle: string;
  /** The group's currency: the amount is in it. */
  currency: string;
  amount: Decimal;
  /** Since when (null: a debt that only netting made, with no expense to date it). */
  since: Date | null;
}

export interface DebtorLines {
  debtor: Reachable;
  lines: OwedLine[];
}

/** The debts of the people after `afterUserId` (a page of `limit` people), and where the next page starts. */
export async function debtsOfPeople(
  deps: Pick<UseCaseDeps, 'sql' | 'prisma'>,
  input: { afterUserId: number; limit: number },
): Promise<{ debtors: DebtorLines[]; nextAfter: number | null }> {
  const page = await deps.sql.run(memberPageSql, [input.afterUserId, input.limit]);
  if (page.length === 0) return { debtors: [], nextAfter: null };
  const ids = page.map((r) => r.userId);
  const debtors = await debtsOf(deps, ids);
  return { debtors, nextAfter: page.length < input.limit ? null : (ids[ids.length - 1] as number) };
}

/** What these people owe, as /balances shows it, in every group they are in. */
export async function debtsOf(
  deps: Pick<UseCaseDeps, 'sql' | 'prisma'>,
  ids: readonly number[],
  options: { groupIds?: readonly number[] } = {},
): Promise<DebtorLines[]> {
  const wanted = new Set(ids);
  const groupIds =
    options.groupIds ??
    (
      await deps.prisma.membership.findMany({
        where: { userId: { in: [...ids] } },
        distinct: ['groupId'],
        select: { groupId: true },
      })
    ).map((m) => m.groupId);
  const views = await viewsOfGroups(deps, groupIds);
  const owed: { groupId: number; debt: Debt<number> }[] = [];
  const currencyOf = new Map<number, string>();
  for (const [groupId, view] of views) {
    currencyOf.set(groupId, view.currency);
    for (const debt of view.debts) if (wanted.has(debt.debtor)) owed.push({ groupId, debt });
  }
  if (owed.length === 0) return [];
  const debtorIds = [...new Set(owed.map((o) => o.debt.debtor))];
  const peopleIds = [...new Set([...debtorIds, ...owed.map((o) => o.debt.creditor)])];
  const [people, groups, since] = await Promise.all([
    deps.sql.run(peopleByIdSql, [peopleIds]),
    deps.sql.run(groupsByIdSql, [[...new Set(owed.map((o) => o.groupId))]]),
    deps.sql.run(debtSinceSql, [debtorIds]),
  ]);
  const person = new Map(people.map((p) => [p.id, reachable(p)]));
  const title = new Map(groups.map((g) => [g.id, g.title]));
  const sinceOf = new Map(since.map((s) => [`${s.debtor}:${s.creditor}:${s.groupId}`, new Date(s.since)]));
  const lines = new Map<number, OwedLine[]>();
  for (const { groupId, debt } of owed) {
    const list = lines.get(debt.debtor) ?? [];
    list.push({
      creditor: person.get(debt.creditor) as Person,
      groupId,
      groupTitle: title.get(groupId) ?? 'a group',
      currency: currencyOf.get(groupId) ?? 'INR',
      amount: debt.amount,
      since: sinceOf.get(`${debt.debtor}:${debt.creditor}:${groupId}`) ?? null,
    });
    lines.set(debt.debtor, list);
  }
  return debtorIds
    .sort((a, b) => a - b)
    .map((id) => ({
      debtor: person.get(id) as Reachable,
      lines: (lines.get(id) ?? []).sort((a, b) => b.amount.comparedTo(a.amount)),
    }));
}

function reachable(row: RowOf<typeof peopleByIdSql.columns>): Reachable {
  return {
    id: row.id,
    telegramId: BigInt(row.telegramId),
    firstName: row.firstName,
    lastName: row.lastName,
    username: row.username,
    startedBot: row.startedBot,
    digestMuted: row.digestMuted,
  };
}
