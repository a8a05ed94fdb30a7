// Records one expense with all its shares in one transaction, idempotent per source message:
// Telegram may deliver the same message twice, and the second delivery records nothing new.
import type { Sql } from '../db/sql.js';
import { Decimal, expenseDebts, type Share, type SplitType } from '../ledger/index.js';
import { LOCK_PEOPLE, lockOrder, pairRows } from './ledger-writes.js';

export interface SourceMessage {
  chatId: number | bigint;
  messageId: number;
}

export interface RecordExpenseInput {
  groupId: number;
  payerId: number;
  recordedById: number;
  amount: Decimal;
  splitType: SplitType;
  description: string;
  /** Already split by the ledger engine: they add up to `amount`. */
  shares: readonly Share<number>[];
  source: SourceMessage;
}

export interface RecordedExpense {
  id: number;
  /** False when this source message had already been recorded (a redelivery). */
  created: boolean;
  createdAt: Date;
}

export async function recordExpense(
  sql: Sql,
  input: RecordExpenseInput,
  clock: () => Date = () => new Date(),
): Promise<RecordedExpense> {
  const total = input.shares.reduce((sum, s) => sum.plus(s.share), new Decimal(0));
  if (!total.equals(input.amount)) {
    // The engine guarantees this; a mismatch here is a programming error, never a user's.
    throw new Error(`shares add up to ${total.toFixed(2)}, not ${input.amount.toFixed(2)}`);
  }
  const at = clock();
  const shareUsers = input.shares.map((s) => s.participant);
  const shareAmounts = input.shares.map((s) => s.share.toFixed(2));
  const typed = input.shares.map((s) => (s.typed === undefined ? null : s.typed.toFixed(2)));
  const pairs = pairRows(
    expenseDebts({
      payer: input.payerId,
      shares: input.shares.map((s) => ({ participant: s.participant, share: s.share })),
    }),
    1,
  );
  const moves = expenseMoves(input.payerId, input.amount, input.shares);
  return sql.transaction(async (tx) => {
    await tx.query(LOCK_PEOPLE, [lockOrder([input.payerId, input.recordedById, ...shareUsers])]);
    // Everything else in one statement (fewer round trips on the hot path). Each part reads the
    // expense it inserted, so a redelivered message (ON CONFLICT DO NOTHING) writes nothing at all.
    // Running nets read the users' nets as they were before this statement, under our locks.
    const inserted = await tx.query<{ id: number }>(
      `WITH exp AS (
        INSERT INTO "Expense" ("groupId", "payerId", "amount", "splitType", "description", "recordedById", "createdAt", "sourceChatId", "sourceMessageId")
        VALUES ($1::int, $2::int, $3::numeric, $4::"SplitType", $5, $6::int, $7::timestamp, $8::bigint, $9::int)
        ON CONFLICT ("sourceChatId", "sourceMessageId") DO NOTHING
        RETURNING id
      ), shares AS (
        INSERT INTO "ExpenseShare" ("expenseId", "userId", "share", "typed")
        SELECT exp.id, s.user_id, s.share, s.typed
        FROM exp, unnest($10::int[], $11::numeric[], $12::numeric[]) AS s(user_id, share, typed)
      ), pairs AS (
        INSERT INTO "PairBalance" ("groupId", "lowUserId", "highUserId", "amount")
        SELECT $1::int, p.low, p.high, p.amount
        FROM exp, unnest($13::int[], $14::int[], $15::numeric[]) AS p(low, high, amount)
        ON CONFLICT ("groupId", "lowUserId", "highUserId") DO UPDATE SET amount = "PairBalance".amount + EXCLUDED.amount
      ), moves AS (
        SELECT m.user_id, m.paid, m.share, m.paid - m.share AS delta
        FROM exp, unnest($16::int[], $17::numeric[], $18::numeric[]) AS m(user_id, paid, share)
      ), entries AS (
        INSERT INTO "PassbookEntry" ("userId", "groupId", "kind", "expenseId", "paid", "share", "delta", "runningNet", "createdAt")
        SELECT moves.user_id, $1::int, 'EXPENSE', exp.id, moves.paid, moves.share, moves.delta, u.net + moves.delta, $7::timestamp
        FROM exp, moves JOIN "User" u ON u.id = moves.user_id
      ), nets AS (
        UPDATE "User" u SET net = u.net + moves.delta, "updatedAt" = $7::timestamp
        FROM moves WHERE u.id = moves.user_id
      )
      SELECT id FROM exp`,
      [
        input.groupId,
        input.payerId,
        input.amount.toFixed(2),
        input.splitType,
        input.description,
        input.recordedById,
        at.toISOString(),
        String(input.source.chatId),
        input.source.messageId,
        shareUsers,
        shareAmounts,
        typed,
        pairs.map((r) => r.low),
        pairs.map((r) => r.high),
        pairs.map((r) => r.amount.toFixed(2)),
        moves.map((m) => m.userId),
        moves.map((m) => m.paid.toFixed(2)),
        moves.map((m) => m.share.toFixed(2)),
      ],
    );
    const expenseId = inserted[0]?.id;
    if (expenseId !== undefined) return { id: expenseId, created: true, createdAt: at };
    const [existing] = await tx.query<{ id: number; createdAt: string }>(
      `SELECT id, to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
       FROM "Expense" WHERE "sourceChatId" = $1::bigint AND "sourceMessageId" = $2::int`,
      [String(input.source.chatId), input.source.messageId],
    );
    if (!existing) throw new Error('an expense vanished between its insert and its lookup');
    return { id: existing.id, created: false, createdAt: new Date(existing.createdAt) };
  });
}

/** How each person's passbook moves for an expense: the payer paid the amount, everyone consumed a share. */
export function expenseMoves(
  payerId: number,
  amount: Decimal,
  shares: readonly { participant: number; share: Decimal }[],
): { userId: number; paid: Decimal; share: Decimal }[] {
  const zero = new Decimal(0);
  const moves = shares.map((s) => ({
    userId: s.participant,
    paid: s.participant === payerId ? amount : zero,
    share: s.share,
  }));
  if (!shares.some((s) => s.participant === payerId))
    moves.push({ userId: payerId, paid: amount, share: zero });
  return moves;
}
