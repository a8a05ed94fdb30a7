// The one place that changes the maintained ledger tables (PairBalance, PassbookEntry, User.net)
// inside a caller's transaction. Expenses, settlements and their undos all reduce to "these people
// owe that person these amounts" plus "this is how each person's net moved", applied here.
//
// Locking: the users touched are locked in id order first (SELECT ... FOR UPDATE), so concurrent
// writes that share a person queue up instead of deadlocking, and each passbook line's running net
// is computed from a net nobody else can move meanwhile. A pair's balance only changes under the
// locks of both its users, so PairBalance needs no lock of its own.

import type { Prisma } from '../generated/prisma/client.js';
import { Decimal } from '../ledger/index.js';

type Tx = Prisma.TransactionClient;

export interface PairMove {
  debtor: number;
  creditor: number;
  amount: Decimal;
}

export interface PassbookMove {
  userId: number;
  paid: Decimal;
  share: Decimal;
}

export type EntrySource =
  | { kind: 'EXPENSE' | 'EXPENSE_UNDONE'; expenseId: number }
  | { kind: 'SETTLEMENT' | 'SETTLEMENT_UNDONE'; settlementId: number };

/**
 * Locks the users an event touches, in id order, before the event writes anything: inserting
 * rows that reference users takes key-share locks on them, and taking our locks only after those
 * would let two writers deadlock. Returns each user's current net.
 */
export async function lockPeople(tx: Tx, ids: Iterable<number>): Promise<Map<number, Decimal>> {
  const locked = await tx.$queryRaw<{ id: number; net: string }[]>`
    SELECT id, net::text AS net FROM "User" WHERE id = ANY(${lockOrder(ids)}::int[]) ORDER BY id FOR NO KEY UPDATE`;
  return new Map(locked.map((row) => [row.id, new Decimal(row.net)]));
}

/** The distinct user ids in the order every writer locks them. */
export function lockOrder(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/**
 * Applies pair moves and passbook moves for one event in one group, under the locks (and with the
 * nets) from lockPeople. `sign` -1 reverses an event (undo): pairs move back and each passbook
 * line records the negated amounts.
 */
export async function applyLedgerMoves(
  tx: Tx,
  input: {
    groupId: number;
    source: EntrySource;
    pairs: readonly PairMove[];
    people: readonly PassbookMove[];
    sign: 1 | -1;
    at: Date;
    nets: Map<number, Decimal>;
  },
): Promise<void> {
  const nets = input.nets;
  await upsertPairs(tx, input.groupId, input.pairs, input.sign);

  const entryUsers: number[] = [];
  const paid: string[] = [];
  const share: string[] = [];
  const delta: string[] = [];
  const running: string[] = [];
  for (const move of input.people) {
    const moveDelta = move.paid.minus(move.share).times(input.sign);
    const next = (nets.get(move.userId) ?? new Decimal(0)).plus(moveDelta);
    nets.set(move.userId, next);
    entryUsers.push(move.userId);
    paid.push(move.paid.times(input.sign).toFixed(2));
    share.push(move.share.times(input.sign).toFixed(2));
    delta.push(moveDelta.toFixed(2));
    running.push(next.toFixed(2));
  }
  const expenseId = 'expenseId' in input.source ? input.source.expenseId : null;
  const settlementId = 'settlementId' in input.source ? input.source.settlementId : null;
  await tx.$executeRaw`
    INSERT INTO "PassbookEntry" ("userId", "groupId", "kind", "expenseId", "settlementId", "paid", "share", "delta", "runningNet", "createdAt")
    SELECT e.user_id, ${input.groupId}::int, ${input.source.kind}::"EntryKind", ${expenseId}::int, ${settlementId}::int,
           e.paid, e.share, e.delta, e.running, ${input.at}::timestamp
    FROM unnest(${entryUsers}::int[], ${paid}::numeric[], ${share}::numeric[], ${delta}::numeric[], ${running}::numeric[])
      AS e(user_id, paid, share, delta, running)`;
  const changedIds = [...nets.keys()];
  const changedNets = changedIds.map((id) => (nets.get(id) as Decimal).toFixed(2));
  await tx.$executeRaw`
    UPDATE "User" AS u SET net = v.net, "updatedAt" = ${input.at}::timestamp
    FROM unnest(${changedIds}::int[], ${changedNets}::numeric[]) AS v(id, net)
    WHERE u.id = v.id`;
}

/** Adds each debt to its pair's netted balance (lowUserId < highUserId; positive = low owes high). */
/** Netted pair rows for PairBalance (lowUserId < highUserId; positive = low owes high), in lock order. */
export function pairRows(
  pairs: readonly PairMove[],
  sign: 1 | -1,
): { low: number; high: number; amount: Decimal }[] {
  const byPair = new Map<string, { low: number; high: number; amount: Decimal }>();
  for (const { debtor, creditor, amount } of pairs) {
    if (debtor === creditor || amount.isZero()) continue;
    const low = Math.min(debtor, creditor);
    const high = Math.max(debtor, creditor);
    const signed = (debtor === low ? amount : amount.neg()).times(sign);
    const key = `${low}:${high}`;
    const existing = byPair.get(key);
    byPair.set(key, { low, high, amount: existing ? existing.amount.plus(signed) : signed });
  }
  // Sorted so that concurrent upserts in one group take row locks in the same order.
  return [...byPair.values()].sort((a, b) => a.low - b.low || a.high - b.high);
}

async function upsertPairs(tx: Tx, groupId: number, pairs: readonly PairMove[], sign: 1 | -1): Promise<void> {
  const rows = pairRows(pairs, sign);
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "PairBalance" ("groupId", "lowUserId", "highUserId", "amount")
    SELECT ${groupId}::int, p.low, p.high, p.amount
    FROM unnest(${rows.map((r) => r.low)}::int[], ${rows.map((r) => r.high)}::int[], ${rows.map((r) => r.amount.toFixed(2))}::numeric[])
      AS p(low, high, amount)
    ON CONFLICT ("groupId", "lowUserId", "highUserId")
    DO UPDATE SET amount = "PairBalance".amount + EXCLUDED.amount`;
}
