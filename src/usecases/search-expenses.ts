// A group's expenses, filtered and paged in the database (the Mini App's expense list): words in
// the description, who paid, who shares it, the days spent between two dates, undone ones or not.
// Pages go by expense id (newest first), so a page costs the same however far back it is.
import { searchExpensesSql, searchExpensesTotalSql } from '../db/queries/miniapp.js';
import { Decimal } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';

export interface ExpenseFilter {
  groupId: number;
  /** Words that must appear, in this order, in the description (any letter case). */
  text?: string;
  payerId?: number;
  /** Someone who shares the expense. */
  personId?: number;
  /** Days spent, YYYY-MM-DD, both ends included. */
  from?: string;
  to?: string;
  includeUndone?: boolean;
}

export interface ExpenseListItem {
  id: number;
  /** The group's number for it (#3). */
  number: number;
  amount: Decimal;
  description: string;
  spentOn: string;
  at: Date;
  undone: boolean;
  payerId: number;
  people: number;
}

export interface ExpenseSearchPage {
  items: ExpenseListItem[];
  /** Give as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
  /** Across every page: how many match, and the sum of those not undone. */
  count: number;
  total: Decimal;
}

const MAX_LIMIT = 100;

/** A LIKE pattern matching `text`'s words in order, with LIKE's own characters taken literally. */
export function likePattern(text: string): string | null {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return `%${words.map((w) => w.replace(/[\\%_]/g, (c) => `\\${c}`)).join('%')}%`;
}

export async function searchExpenses(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: ExpenseFilter & { before?: number; limit?: number },
): Promise<ExpenseSearchPage> {
  const limit = Math.min(Math.max(input.limit ?? 20, 1), MAX_LIMIT);
  const pattern = input.text === undefined ? null : likePattern(input.text);
  const common = [
    input.groupId,
    pattern,
    input.payerId ?? null,
    input.personId ?? null,
    input.from ?? null,
    input.to ?? null,
  ] as const;
  const [rows, [totals]] = await Promise.all([
    deps.sql.run(searchExpensesSql, [
      ...common,
      input.before ?? null,
      input.includeUndone ?? false,
      limit + 1,
    ]),
    deps.sql.run(searchExpensesTotalSql, [...common, input.includeUndone ?? false]),
  ]);
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    number: r.number,
    amount: new Decimal(r.amount),
    description: r.description,
    spentOn: r.spentOn,
    at: new Date(r.at),
    undone: r.undone,
    payerId: r.payerId,
    people: r.people,
  }));
  return {
    items,
    nextBefore: rows.length > limit ? (items.at(-1)?.id ?? null) : null,
    count: totals?.count ?? 0,
    total: new Decimal(totals?.total ?? 0),
  };
}
