// A /paid the bot asks about before recording anything: the answers (each a complete expense to
// record) are kept in PostgreSQL (PaidQuestion), so a restart or another instance still knows them,
// and the button carries only the question's id and the answer's number. A press is checked against
// the row: the chat, the presser (only the sender of the /paid), the age (it expires like the guided
// /paid) and that nobody answered it already (the row is deleted by the press that takes it).
import { Decimal } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import { GUIDED_PAID_TIMEOUT_MS } from './paid-draft.js';
import type { RecordExpenseInput } from './record-expense.js';

/** At most this many answers besides Cancel (Telegram shows them in one row). */
export const MAX_ANSWERS = 3;

export interface PaidAnswer {
  /** The button's text. */
  label: string;
  input: RecordExpenseInput;
}

export interface AskPaidInput {
  chatId: number | bigint;
  ownerTelegramId: number | bigint;
  sourceMessageId: number;
  answers: readonly PaidAnswer[];
}

/** Stores the question (once per source message: a redelivered /paid gets the same one); its id. */
export async function askPaid(
  deps: Pick<UseCaseDeps, 'prisma' | 'clock'>,
  input: AskPaidInput,
): Promise<number> {
  const now = deps.clock();
  const chatId = BigInt(input.chatId);
  // Questions nobody answered in time are of no use to anyone: cleared as new ones are asked.
  await deps.prisma.paidQuestion.deleteMany({
    where: { chatId, createdAt: { lt: new Date(now.getTime() - GUIDED_PAID_TIMEOUT_MS) } },
  });
  const options = JSON.parse(
    JSON.stringify(
      input.answers.slice(0, MAX_ANSWERS).map((a) => ({ label: a.label, input: stored(a.input) })),
    ),
  );
  const row = await deps.prisma.paidQuestion.upsert({
    where: { chatId_sourceMessageId: { chatId, sourceMessageId: input.sourceMessageId } },
    create: {
      chatId,
      telegramId: BigInt(input.ownerTelegramId),
      sourceMessageId: input.sourceMessageId,
      options,
      createdAt: now,
    },
    update: {},
    select: { id: true },
  });
  return row.id;
}

export type PaidQuestionAnswer =
  | { status: 'chosen'; input: RecordExpenseInput; label: string }
  | { status: 'cancelled' }
  | { status: 'expired' }
  | { status: 'gone' }
  | { status: 'not-yours'; ownerTelegramId: bigint };

/**
 * A press on a question's button: `choice` is the answer's number, or null for Cancel. Only the
 * person who sent the /paid may answer; the first answer takes the question (deletes it).
 */
export async function answerPaid(
  deps: Pick<UseCaseDeps, 'prisma' | 'clock'>,
  press: {
    questionId: number;
    chatId: number | bigint;
    presserTelegramId: number | bigint;
    choice: number | null;
  },
): Promise<PaidQuestionAnswer> {
  const row = await deps.prisma.paidQuestion.findUnique({ where: { id: press.questionId } });
  if (!row || row.chatId !== BigInt(press.chatId)) return { status: 'gone' };
  if (row.telegramId !== BigInt(press.presserTelegramId)) {
    return { status: 'not-yours', ownerTelegramId: row.telegramId };
  }
  const { count } = await deps.prisma.paidQuestion.deleteMany({ where: { id: row.id } });
  if (count === 0) return { status: 'gone' };
  if (deps.clock().getTime() - row.createdAt.getTime() > GUIDED_PAID_TIMEOUT_MS) return { status: 'expired' };
  if (press.choice === null) return { status: 'cancelled' };
  const options = row.options as unknown as { label: string; input: StoredInput }[];
  const option = Array.isArray(options) ? options[press.choice] : undefined;
  if (!option) return { status: 'gone' };
  return { status: 'chosen', label: option.label, input: restored(option.input) };
}

// RecordExpenseInput as JSON: money as decimal strings, the chat id as a string (it may be a bigint).
type StoredInput = Record<string, unknown> & {
  amount: string;
  rate?: string;
  participants: { person: unknown; value?: string }[];
  payers?: { person: unknown; paid: string }[];
  adjustments?: { person: unknown; amount: string }[];
  source: { chatId: string; messageId: number };
};

function stored(input: RecordExpenseInput): StoredInput {
  return JSON.parse(
    JSON.stringify({
      ...input,
      amount: input.amount.toFixed(),
      ...(input.rate === undefined ? {} : { rate: input.rate.toFixed() }),
      participants: input.participants.map((p) => ({
        person: p.person,
        ...(p.value === undefined ? {} : { value: p.value.toFixed() }),
      })),
      ...(input.payers
        ? { payers: input.payers.map((p) => ({ person: p.person, paid: p.paid.toFixed() })) }
        : {}),
      source: { chatId: String(input.source.chatId), messageId: input.source.messageId },
    }),
  );
}

function restored(row: StoredInput): RecordExpenseInput {
  const { amount, rate, participants, payers, adjustments, source, ...rest } = row;
  return {
    ...(rest as unknown as Omit<
      RecordExpenseInput,
      'amount' | 'rate' | 'participants' | 'payers' | 'source'
    >),
    ...(payers
      ? {
          payers: payers.map((p) => ({
            person: p.person as RecordExpenseInput['participants'][number]['person'],
            paid: new Decimal(p.paid),
          })),
        }
      : {}),
    amount: new Decimal(amount),
    ...(rate === undefined ? {} : { rate: new Decimal(rate) }),
    participants: participants.map((p) => ({
      person: p.person as RecordExpenseInput['participants'][number]['person'],
      ...(p.value === undefined ? {} : { value: new Decimal(p.value) }),
    })),
    source: { chatId: BigInt(source.chatId), messageId: source.messageId },
  };
}
