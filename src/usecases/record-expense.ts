// Records one expense with all its shares in one transaction, idempotent per source message:
// Telegram may deliver the same message twice, and the second delivery records nothing new.
import { isoUtc, type Sql } from '../db/sql.js';
import { Decimal, expenseDebts, type Share, type SplitType } from '../ledger/index.js';
import { lockOrder, pairRows } from './ledger-writes.js';

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
  // One statement, atomic on its own: the lock, the expense, its shares, pair balances, passbook
  // lines and nets (hisaab_record_expense, in prisma/migrations/*_record_expense_function).
  const [row] = await sql.query<{ id: number | null }>(
    `SELECT hisaab_record_expense($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) AS id`,
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
      lockOrder([input.payerId, input.recordedById, ...shareUsers]),
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
  if (row?.id != null) return { id: row.id, created: true, createdAt: at };
  // This source message was recorded before (Telegram delivered it again): report that expense.
  const [existing] = await sql.query<{ id: number; createdAt: string }>(
    `SELECT id, ${isoUtc('"createdAt"')} AS "createdAt"
     FROM "Expense" WHERE "sourceChatId" = $1::bigint AND "sourceMessageId" = $2::int`,
    [String(input.source.chatId), input.source.messageId],
  );
  if (!existing) throw new Error('the expense of a redelivered message is missing');
  return { id: existing.id, created: false, createdAt: new Date(existing.createdAt) };
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
