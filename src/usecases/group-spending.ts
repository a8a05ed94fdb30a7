// Where a group's money went, for the Mini App's charts: per month (the day spent), per person
// (what each paid and what each consumed), and in all. Undone expenses do not count. Summed in
// the database: a group with 10,000 expenses costs three aggregate queries, not 10,000 rows. By
// category in all or in one month (by the day spent, as /summary counts a month).
import { type Month, monthKey, nextMonth } from '../commands/index.js';
import {
  spendingByCategorySql,
  spendingByMonthSql,
  spendingByPersonSql,
  spendingTotalsSql,
} from '../db/queries/miniapp.js';
import { Decimal } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import type { Person } from './members.js';
import { type CategoryTotal, categoryTotals } from './month-summary.js';

export interface GroupSpending {
  count: number;
  total: Decimal;
  firstDay: string | null;
  lastDay: string | null;
  /** Oldest month first (YYYY-MM), only months with spending, at most `months` of the latest. */
  months: { month: string; count: number; total: Decimal }[];
  /** Largest consumer first. */
  people: { person: Omit<Person, 'telegramId'>; paid: Decimal; share: Decimal }[];
}

export async function groupSpending(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: { groupId: number; months?: number },
): Promise<GroupSpending> {
  const { sql } = deps;
  const [[totals], months, people] = await Promise.all([
    sql.run(spendingTotalsSql, [input.groupId]),
    sql.run(spendingByMonthSql, [input.groupId, input.months ?? 12]),
    sql.run(spendingByPersonSql, [input.groupId]),
  ]);
  return {
    count: totals?.count ?? 0,
    total: new Decimal(totals?.total ?? 0),
    firstDay: totals?.firstDay ?? null,
    lastDay: totals?.lastDay ?? null,
    months: months.reverse().map((m) => ({ month: m.month, count: m.count, total: new Decimal(m.total) })),
    people: people.map((p) => ({
      person: { id: p.userId, firstName: p.firstName, lastName: p.lastName, username: p.username },
      paid: new Decimal(p.paid),
      share: new Decimal(p.share),
    })),
  };
}

/** How many expenses a group has (not undone), and their sum: one aggregate, for the overview. */
export async function groupSpentInAll(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: { groupId: number },
): Promise<{ count: number; total: Decimal }> {
  const [totals] = await deps.sql.run(spendingTotalsSql, [input.groupId]);
  return { count: totals?.count ?? 0, total: new Decimal(totals?.total ?? 0) };
}

/**
 * A group's spending by category, largest first: in all, or in one month by the day spent (the
 * figures /summary gives for that month). Undone expenses do not count; none recorded before
 * categories existed count as other.
 */
export async function groupSpendingByCategory(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: { groupId: number; month?: Month },
): Promise<{ total: Decimal; count: number; categories: CategoryTotal[] }> {
  const { month } = input;
  const range: [string | null, string | null] = month
    ? [`${monthKey(month)}-01`, `${monthKey(nextMonth(month))}-01`]
    : [null, null];
  const categories = categoryTotals(await deps.sql.run(spendingByCategorySql, [input.groupId, ...range]));
  return {
    total: categories.reduce((sum, c) => sum.plus(c.total), new Decimal(0)),
    count: categories.reduce((n, c) => n + c.count, 0),
    categories,
  };
}
