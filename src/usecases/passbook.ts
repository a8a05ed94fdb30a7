// A user's passbook across all their groups: every expense or settlement they paid or share in,
// and every undo and correction, newest first, paged by cursor (the entry id), each line in its
// group's currency with the running net in that currency; totals and nets per currency.
import { olderPassbookLineSql, passbookLinesSql, passbookTotalsSql } from '../db/queries/passbook.js';
import type { RowOf } from '../db/sql.js';
import { Decimal } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';

export type EntryKind = 'EXPENSE' | 'EXPENSE_UNDONE' | 'EXPENSE_REVISED' | 'SETTLEMENT' | 'SETTLEMENT_UNDONE';

export interface PassbookLine {
  id: bigint;
  at: Date;
  kind: EntryKind;
  groupTitle: string;
  /** The expense's description, or empty for settlements. */
  description: string;
  expenseId: number | null;
  /** The group's number of the expense (#3) or the payment (P3) the line is about. */
  expenseNumber: number | null;
  settlementNumber: number | null;
  /** The day the expense was spent (YYYY-MM-DD, UTC); null for settlements. */
  spentOn: string | null;
  /** Who paid: the expense's payer or the settlement's sender. */
  paidBy: string;
  /** The settlement's receiver (null for expenses). */
  paidTo: string | null;
  amount: Decimal;
  paid: Decimal;
  share: Decimal;
  delta: Decimal;
  /** The running net in this line's currency. */
  runningNet: Decimal;
  /** The line's group's currency: every amount on it is in it. */
  currency: string;
  /** The expense or payment was undone since (its reversal is a line of its own). */
  undone: boolean;
}

export interface PassbookTotals {
  currency: string;
  expensesPaid: Decimal;
  expenseShares: Decimal;
  settlementsPaid: Decimal;
  settlementsReceived: Decimal;
  net: Decimal;
  entries: number;
}

export interface PassbookPage {
  lines: PassbookLine[];
  /** Cursor for the next (older) page, or null at the first entry. */
  olderCursor: bigint | null;
  /** Cursor for the previous (newer) page, or null at the newest entry. */
  newerCursor: bigint | null;
}

/**
 * One page of the passbook. `before` gives entries older than that id, `after` entries newer than
 * it (for going back); neither gives the newest page.
 */
export async function passbookPage(
  deps: Pick<UseCaseDeps, 'sql'>,
  options: { userId: number; before?: bigint; after?: bigint; limit?: number },
): Promise<PassbookPage> {
  const { userId } = options;
  const limit = options.limit ?? 10;
  const goingBack = options.after !== undefined;
  const bound = options.after ?? options.before;
  // Fetch one extra row to know whether there is a further page in that direction.
  const rows = await deps.sql.run(passbookLinesSql, [
    userId,
    bound === undefined ? null : String(bound),
    goingBack,
    limit + 1,
  ]);
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  if (goingBack) pageRows.reverse();
  const lines = pageRows.map(toLine);
  const newest = lines[0]?.id ?? null;
  const oldest = lines.at(-1)?.id ?? null;
  return {
    lines,
    olderCursor: oldest !== null && (goingBack || more) ? await olderExists(deps, userId, oldest) : null,
    newerCursor: newest !== null && (!goingBack ? bound !== undefined : more) ? newest : null,
  };
}

async function olderExists(
  deps: Pick<UseCaseDeps, 'sql'>,
  userId: number,
  oldest: bigint,
): Promise<bigint | null> {
  const [row] = await deps.sql.run(olderPassbookLineSql, [userId, String(oldest)]);
  return row?.exists ? oldest : null;
}

function toLine(row: RowOf<typeof passbookLinesSql.columns>): PassbookLine {
  return {
    id: BigInt(row.id),
    at: new Date(row.at),
    kind: row.kind as EntryKind,
    groupTitle: row.groupTitle,
    description: row.description ?? '',
    expenseId: row.expenseId,
    expenseNumber: row.expenseNumber,
    settlementNumber: row.settlementNumber,
    spentOn: row.spentOn,
    paidBy: row.paidBy,
    paidTo: row.paidTo,
    amount: new Decimal(row.amount),
    paid: new Decimal(row.paid),
    share: new Decimal(row.share),
    delta: new Decimal(row.delta),
    runningNet: new Decimal(row.runningNet),
    currency: row.currency,
    undone: row.undone,
  };
}

/**
 * Totals per currency, the most used first; undo lines carry negated amounts, so sums are what
 * stands. Amounts in different currencies are never added up.
 */
export async function passbookTotalsByCurrency(
  deps: Pick<UseCaseDeps, 'sql'>,
  options: { userId: number },
): Promise<PassbookTotals[]> {
  const rows = await deps.sql.run(passbookTotalsSql, [options.userId]);
  return rows.map((row) => ({
    currency: row.currency,
    expensesPaid: new Decimal(row.expensesPaid),
    expenseShares: new Decimal(row.expenseShares),
    settlementsPaid: new Decimal(row.settlementsPaid),
    settlementsReceived: new Decimal(row.settlementsReceived),
    net: new Decimal(row.net ?? 0),
    entries: row.entries,
  }));
}

/** The totals in the person's main currency: the one most of their lines are in (INR when none). */
export async function passbookTotals(
  deps: Pick<UseCaseDeps, 'sql'>,
  options: { userId: number },
): Promise<PassbookTotals> {
  const [main] = await passbookTotalsByCurrency(deps, options);
  const zero = new Decimal(0);
  return (
    main ?? {
      currency: 'INR',
      expensesPaid: zero,
      expenseShares: zero,
      settlementsPaid: zero,
      settlementsReceived: zero,
      net: zero,
      entries: 0,
    }
  );
}
