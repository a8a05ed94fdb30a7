// A group's month in figures, for /summary and the summary posted on the 1st: the total and the
// change from the month before, each person's paid against their share, the categories, and the
// biggest expenses. Everything is added up in SQL (db/queries/summary.ts) by the day each expense
// was spent; undone expenses do not count. Which month "this" and "last" are depends on the time
// zone, which the caller gives (the group's own, else the operator's EXPORT_TZ).
import {
  type Category,
  type Month,
  type MonthSpec,
  monthKey,
  nextMonth,
  previousMonth,
  resolveMonth,
} from '../commands/index.js';
import {
  claimSummariesSql,
  monthBiggestSql,
  monthCategoriesSql,
  monthPeopleSql,
  monthTotalsSql,
  setSummaryAutoSql,
  summaryAutoSql,
  summarySentSql,
} from '../db/queries/summary.js';
import { Decimal } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import type { Person } from './members.js';
import { asCategory } from './record-expense.js';

/** How many of the month's biggest expenses a summary lists. */
export const BIGGEST_SHOWN = 3;

export interface MonthSummary {
  month: Month;
  /** The month is the current one (in the time zone): its figures are so far. */
  current: boolean;
  groupTitle: string;
  total: Decimal;
  count: number;
  previous: { month: Month; total: Decimal; count: number };
  /** Most paid first. */
  people: { person: Person; paid: Decimal; share: Decimal }[];
  /** Largest first. */
  categories: CategoryTotal[];
  biggest: {
    id: number;
    /** The group's number for it (#3). */
    number: number;
    amount: Decimal;
    description: string;
    spentOn: string;
    category: Category;
    payer: Person;
  }[];
}

function firstDay(month: Month): string {
  return `${monthKey(month)}-01`;
}

export async function monthSummary(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  input: { groupId: number; month: MonthSpec | Month; timeZone: string },
): Promise<MonthSummary> {
  const now = deps.clock();
  const month = 'kind' in input.month ? resolveMonth(input.month, now, input.timeZone) : input.month;
  const current = monthKey(resolveMonth({ kind: 'this' }, now, input.timeZone)) === monthKey(month);
  const previous = previousMonth(month);
  const range = [input.groupId, firstDay(month), firstDay(nextMonth(month))] as const;
  const [totals] = await deps.sql.run(monthTotalsSql, [...range, firstDay(previous)]);
  if (!totals) throw new Error(`no group ${input.groupId}`);
  const people = await deps.sql.run(monthPeopleSql, [...range]);
  const categories = await deps.sql.run(monthCategoriesSql, [...range]);
  const biggest = await deps.sql.run(monthBiggestSql, [...range, BIGGEST_SHOWN]);

  return {
    month,
    current,
    groupTitle: totals.title,
    total: new Decimal(totals.total),
    count: totals.count,
    previous: { month: previous, total: new Decimal(totals.previousTotal), count: totals.previousCount },
    people: people.map((row) => ({
      person: {
        id: row.id,
        telegramId: BigInt(row.telegramId),
        firstName: row.firstName,
        lastName: row.lastName,
        username: row.username,
      },
      paid: new Decimal(row.paid),
      share: new Decimal(row.share),
    })),
    categories: categoryTotals(categories),
    biggest: biggest.map((row) => ({
      id: row.id,
      number: row.number,
      amount: new Decimal(row.amount),
      description: row.description,
      spentOn: row.spentOn,
      category: asCategory(row.category),
      payer: {
        id: row.payerId,
        telegramId: BigInt(row.payerTelegramId),
        firstName: row.firstName,
        lastName: row.lastName,
        username: row.username,
      },
    })),
  };
}

export interface CategoryTotal {
  category: Category;
  total: Decimal;
  count: number;
}

/**
 * Category sums as the database gives them (stored key, total as text), as /summary and the Mini
 * App show them: a category this version does not know counts as other, added to it; largest first.
 */
export function categoryTotals(
  rows: readonly { category: string; total: string; count: number }[],
): CategoryTotal[] {
  const byCategory = new Map<Category, { total: Decimal; count: number }>();
  for (const row of rows) {
    const key = asCategory(row.category);
    const seen = byCategory.get(key);
    byCategory.set(key, {
      total: (seen?.total ?? new Decimal(0)).plus(row.total),
      count: (seen?.count ?? 0) + row.count,
    });
  }
  return [...byCategory.entries()]
    .map(([category, value]) => ({ category, ...value }))
    .sort((a, b) => b.total.comparedTo(a.total) || a.category.localeCompare(b.category));
}

/**
 * Turns the summary posted on the 1st on or off for a group. A group setting, so only a group admin
 * may change it (NOT_GROUP_ADMIN otherwise). Resolves with whether it was on before.
 */
export async function setSummaryAuto(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: { groupId: number; on: boolean; requesterIsAdmin: () => Promise<boolean> },
): Promise<{ wasOn: boolean }> {
  if (!(await input.requesterIsAdmin()))
    throw new UseCaseError('NOT_GROUP_ADMIN', {
      action: `turn the monthly summary ${input.on ? 'on' : 'off'}`,
    });
  const [row] = await deps.sql.run(setSummaryAutoSql, [input.groupId, input.on]);
  return { wasOn: row?.wasOn ?? false };
}

export async function summaryAutoIsOn(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: { groupId: number },
): Promise<boolean> {
  const [row] = await deps.sql.run(summaryAutoSql, [input.groupId]);
  return row?.on ?? false;
}

/** The local hour on the 1st from which last month's summary is posted. */
export const POST_HOUR = 9;

/**
 * The groups whose summary of last month is due now, each claimed for this caller: on the 1st of a
 * month from POST_HOUR in the time zone, every opted-in group not yet posted for last month. A
 * claim is a row per group and month, so it is made once across instances and restarts.
 */
export async function claimDueSummaries(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  input: { timeZone: string },
): Promise<{ groupId: number; chatId: string; month: Month; timeZone: string }[]> {
  const rows = await deps.sql.run(claimSummariesSql, [deps.clock().toISOString(), input.timeZone, POST_HOUR]);
  return rows.map((row) => {
    const [year, month] = row.month.split('-').map(Number);
    return {
      groupId: row.groupId,
      chatId: row.chatId,
      month: { year: year as number, month: month as number },
      timeZone: row.timeZone,
    };
  });
}

/** Records that a claimed summary was delivered. */
export async function markSummarySent(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  input: { groupId: number; month: Month },
): Promise<void> {
  await deps.sql.run(summarySentSql, [input.groupId, monthKey(input.month), deps.clock().toISOString()]);
}
