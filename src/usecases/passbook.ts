// A user's passbook across all their groups: every expense or settlement they paid or share in,
// and every undo, newest first, paged by cursor (the entry id), each line with its running net.
import type { PrismaClient } from '../generated/prisma/client.js';
import { Decimal } from '../ledger/index.js';

export type EntryKind = 'EXPENSE' | 'EXPENSE_UNDONE' | 'SETTLEMENT' | 'SETTLEMENT_UNDONE';

export interface PassbookLine {
  id: bigint;
  at: Date;
  kind: EntryKind;
  groupTitle: string;
  /** The expense's description, or empty for settlements. */
  description: string;
  expenseId: number | null;
  /** Who paid: the expense's payer or the settlement's sender. */
  paidBy: string;
  /** The settlement's receiver (null for expenses). */
  paidTo: string | null;
  amount: Decimal;
  paid: Decimal;
  share: Decimal;
  delta: Decimal;
  runningNet: Decimal;
}

export interface PassbookTotals {
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

interface LineRow {
  id: bigint;
  at: Date;
  kind: EntryKind;
  group_title: string;
  description: string | null;
  expense_id: number | null;
  paid_by: string;
  paid_to: string | null;
  amount: string;
  paid: string;
  share: string;
  delta: string;
  running_net: string;
}

/**
 * One page of the passbook. `before` gives entries older than that id, `after` entries newer than
 * it (for going back); neither gives the newest page.
 */
export async function passbookPage(
  prisma: PrismaClient,
  userId: number,
  options: { before?: bigint; after?: bigint; limit?: number } = {},
): Promise<PassbookPage> {
  const limit = options.limit ?? 10;
  const goingBack = options.after !== undefined;
  const bound = options.after ?? options.before ?? null;
  // Fetch one extra row to know whether there is a further page in that direction.
  const rows = await prisma.$queryRaw<LineRow[]>`
    SELECT e.id, e."createdAt" AS at, e.kind::text AS kind, g.title AS group_title,
           x.description, e."expenseId" AS expense_id,
           COALESCE(xp."firstName", sf."firstName") || COALESCE(' ' || COALESCE(xp."lastName", sf."lastName"), '') AS paid_by,
           CASE WHEN s.id IS NULL THEN NULL ELSE st."firstName" || COALESCE(' ' || st."lastName", '') END AS paid_to,
           COALESCE(x.amount, s.amount)::text AS amount,
           e.paid::text AS paid, e.share::text AS share, e.delta::text AS delta, e."runningNet"::text AS running_net
    FROM "PassbookEntry" e
    JOIN "Group" g ON g.id = e."groupId"
    LEFT JOIN "Expense" x ON x.id = e."expenseId"
    LEFT JOIN "User" xp ON xp.id = x."payerId"
    LEFT JOIN "Settlement" s ON s.id = e."settlementId"
    LEFT JOIN "User" sf ON sf.id = s."fromUserId"
    LEFT JOIN "User" st ON st.id = s."toUserId"
    WHERE e."userId" = ${userId}::int
      AND (${bound}::bigint IS NULL OR (${goingBack} AND e.id > ${bound}::bigint) OR (NOT ${goingBack} AND e.id < ${bound}::bigint))
    ORDER BY CASE WHEN ${goingBack} THEN e.id END ASC, CASE WHEN NOT ${goingBack} THEN e.id END DESC
    LIMIT ${limit + 1}::int`;
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  if (goingBack) pageRows.reverse();
  const lines = pageRows.map(toLine);
  const newest = lines[0]?.id ?? null;
  const oldest = lines.at(-1)?.id ?? null;
  return {
    lines,
    olderCursor: oldest !== null && (goingBack || more) ? await olderExists(prisma, userId, oldest) : null,
    newerCursor: newest !== null && (!goingBack ? bound !== null : more) ? newest : null,
  };
}

async function olderExists(prisma: PrismaClient, userId: number, oldest: bigint): Promise<bigint | null> {
  const older = await prisma.passbookEntry.findFirst({
    where: { userId, id: { lt: oldest } },
    select: { id: true },
  });
  return older ? oldest : null;
}

function toLine(row: LineRow): PassbookLine {
  return {
    id: BigInt(row.id),
    at: new Date(row.at),
    kind: row.kind,
    groupTitle: row.group_title,
    description: row.description ?? '',
    expenseId: row.expense_id,
    paidBy: row.paid_by,
    paidTo: row.paid_to,
    amount: new Decimal(row.amount),
    paid: new Decimal(row.paid),
    share: new Decimal(row.share),
    delta: new Decimal(row.delta),
    runningNet: new Decimal(row.running_net),
  };
}

/** Totals across all the user's groups; undo lines carry negated amounts, so sums are what stands. */
export async function passbookTotals(prisma: PrismaClient, userId: number): Promise<PassbookTotals> {
  const [row] = await prisma.$queryRaw<
    {
      expenses_paid: string;
      expense_shares: string;
      settlements_paid: string;
      settlements_received: string;
      entries: bigint;
    }[]
  >`
    SELECT COALESCE(SUM(paid) FILTER (WHERE kind IN ('EXPENSE', 'EXPENSE_UNDONE')), 0)::text AS expenses_paid,
           COALESCE(SUM(share) FILTER (WHERE kind IN ('EXPENSE', 'EXPENSE_UNDONE')), 0)::text AS expense_shares,
           COALESCE(SUM(paid) FILTER (WHERE kind IN ('SETTLEMENT', 'SETTLEMENT_UNDONE')), 0)::text AS settlements_paid,
           COALESCE(SUM(share) FILTER (WHERE kind IN ('SETTLEMENT', 'SETTLEMENT_UNDONE')), 0)::text AS settlements_received,
           COUNT(*) AS entries
    FROM "PassbookEntry" WHERE "userId" = ${userId}::int`;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { net: true } });
  return {
    expensesPaid: new Decimal(row?.expenses_paid ?? 0),
    expenseShares: new Decimal(row?.expense_shares ?? 0),
    settlementsPaid: new Decimal(row?.settlements_paid ?? 0),
    settlementsReceived: new Decimal(row?.settlements_received ?? 0),
    net: new Decimal(user ? user.net.toString() : 0),
    entries: Number(row?.entries ?? 0),
  };
}
