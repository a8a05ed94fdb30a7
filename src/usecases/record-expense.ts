// Records one expense with all its shares in one transaction, idempotent per source message:
// Telegram may deliver the same message twice, and the second delivery records nothing new.
import type { PrismaClient } from '../generated/prisma/client.js';
import { Decimal, expenseDebts, type Share, type SplitType } from '../ledger/index.js';
import { lockPeople, pairRows } from './ledger-writes.js';

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
  prisma: PrismaClient,
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
  return prisma.$transaction(
    async (tx) => {
      await lockPeople(tx, [input.payerId, input.recordedById, ...shareUsers]);
      // Everything else in one statement (fewer round trips on the hot path). Each part reads the
      // expense it inserted, so a redelivered message (ON CONFLICT DO NOTHING) writes nothing at all.
      // Running nets read the users' nets as they were before this statement, under our locks.
      const inserted = await tx.$queryRaw<{ id: number }[]>`
      WITH exp AS (
        INSERT INTO "Expense" ("groupId", "payerId", "amount", "splitType", "description", "recordedById", "createdAt", "sourceChatId", "sourceMessageId")
        VALUES (${input.groupId}::int, ${input.payerId}::int, ${input.amount.toFixed(2)}::numeric, ${input.splitType}::"SplitType",
                ${input.description}, ${input.recordedById}::int, ${at}::timestamp, ${BigInt(input.source.chatId)}::bigint, ${input.source.messageId}::int)
        ON CONFLICT ("sourceChatId", "sourceMessageId") DO NOTHING
        RETURNING id
      ), shares AS (
        INSERT INTO "ExpenseShare" ("expenseId", "userId", "share", "typed")
        SELECT exp.id, s.user_id, s.share, s.typed
        FROM exp, unnest(${shareUsers}::int[], ${shareAmounts}::numeric[], ${typed}::numeric[]) AS s(user_id, share, typed)
      ), pairs AS (
        INSERT INTO "PairBalance" ("groupId", "lowUserId", "highUserId", "amount")
        SELECT ${input.groupId}::int, p.low, p.high, p.amount
        FROM exp, unnest(${pairs.map((r) => r.low)}::int[], ${pairs.map((r) => r.high)}::int[], ${pairs.map((r) => r.amount.toFixed(2))}::numeric[])
          AS p(low, high, amount)
        ON CONFLICT ("groupId", "lowUserId", "highUserId") DO UPDATE SET amount = "PairBalance".amount + EXCLUDED.amount
      ), moves AS (
        SELECT m.user_id, m.paid, m.share, m.paid - m.share AS delta
        FROM exp, unnest(${moves.map((m) => m.userId)}::int[], ${moves.map((m) => m.paid.toFixed(2))}::numeric[],
                         ${moves.map((m) => m.share.toFixed(2))}::numeric[]) AS m(user_id, paid, share)
      ), entries AS (
        INSERT INTO "PassbookEntry" ("userId", "groupId", "kind", "expenseId", "paid", "share", "delta", "runningNet", "createdAt")
        SELECT moves.user_id, ${input.groupId}::int, 'EXPENSE', exp.id, moves.paid, moves.share, moves.delta, u.net + moves.delta, ${at}::timestamp
        FROM exp, moves JOIN "User" u ON u.id = moves.user_id
      ), nets AS (
        UPDATE "User" u SET net = u.net + moves.delta, "updatedAt" = ${at}::timestamp
        FROM moves WHERE u.id = moves.user_id
      )
      SELECT id FROM exp`;
      const expenseId = inserted[0]?.id;
      if (expenseId !== undefined) return { id: expenseId, created: true, createdAt: at };
      const existing = await tx.expense.findUniqueOrThrow({
        where: {
          sourceChatId_sourceMessageId: {
            sourceChatId: BigInt(input.source.chatId),
            sourceMessageId: input.source.messageId,
          },
        },
        select: { id: true, createdAt: true },
      });
      return { id: existing.id, created: false, createdAt: existing.createdAt };
    },
    { timeout: 20_000 },
  );
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
