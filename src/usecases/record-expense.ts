// Records one expense with all its shares in one transaction, idempotent per source message:
// Telegram may deliver the same message twice, and the second delivery records nothing new.
import type { PrismaClient } from '../generated/prisma/client.js';
import { Decimal, expenseDebts, type Share, type SplitType } from '../ledger/index.js';
import { applyLedgerMoves, lockPeople } from './ledger-writes.js';

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
  return prisma.$transaction(
    async (tx) => {
      const nets = await lockPeople(tx, [
        input.payerId,
        input.recordedById,
        ...input.shares.map((s) => s.participant),
      ]);
      const inserted = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO "Expense" ("groupId", "payerId", "amount", "splitType", "description", "recordedById", "createdAt", "sourceChatId", "sourceMessageId")
      VALUES (${input.groupId}::int, ${input.payerId}::int, ${input.amount.toFixed(2)}::numeric, ${input.splitType}::"SplitType",
              ${input.description}, ${input.recordedById}::int, ${at}::timestamp, ${BigInt(input.source.chatId)}::bigint, ${input.source.messageId}::int)
      ON CONFLICT ("sourceChatId", "sourceMessageId") DO NOTHING
      RETURNING id`;
      const expenseId = inserted[0]?.id;
      if (expenseId === undefined) {
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
      }

      const userIds = input.shares.map((s) => s.participant);
      const shares = input.shares.map((s) => s.share.toFixed(2));
      const typed = input.shares.map((s) => (s.typed === undefined ? null : s.typed.toFixed(2)));
      await tx.$executeRaw`
      INSERT INTO "ExpenseShare" ("expenseId", "userId", "share", "typed")
      SELECT ${expenseId}::int, s.user_id, s.share, s.typed
      FROM unnest(${userIds}::int[], ${shares}::numeric[], ${typed}::numeric[]) AS s(user_id, share, typed)`;

      await applyLedgerMoves(tx, {
        groupId: input.groupId,
        source: { kind: 'EXPENSE', expenseId },
        pairs: expenseDebts({
          payer: input.payerId,
          shares: input.shares.map((s) => ({ participant: s.participant, share: s.share })),
        }),
        people: expenseMoves(input.payerId, input.amount, input.shares),
        sign: 1,
        at,
        nets,
      });
      return { id: expenseId, created: true, createdAt: at };
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
