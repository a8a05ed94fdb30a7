// An edited /paid whose expense is old (recorded more than OLD_EXPENSE_DAYS ago) is not applied at
// once: its editor is asked first, and the edit waits in PostgreSQL (CorrectionQuestion) as typed,
// so a restart or another instance still knows it. The buttons carry only the question's id and
// Apply or Keep; a press is checked against the row, as a /paid question's is (paid-question.ts):
// the chat, the presser (only the editor), the age (it expires like the guided /paid) and that
// nobody answered it already (the press that takes it deletes it).
import type { UseCaseDeps } from './deps.js';
import { GUIDED_PAID_TIMEOUT_MS } from './paid-draft.js';

/** An expense recorded longer ago than this is corrected only after its editor confirms. */
export const OLD_EXPENSE_DAYS = 30;
const DAY_MS = 86_400_000;

/** The edited message as Telegram delivered it: read again (by the bot) when Apply is pressed. */
export interface StoredEdit {
  text: string;
  entities: unknown[];
  /** When the message was first sent (unix seconds): "yesterday" in it means the day before that. */
  date: number;
}

export interface AskedCorrection {
  questionId: number;
  /** The group's number of the expense (#3), and when it was recorded. */
  number: number;
  recordedAt: Date;
  /** False when this edit was asked about before (Telegram delivered it again): ask nothing new. */
  created: boolean;
}

type Deps = Pick<UseCaseDeps, 'prisma' | 'clock'>;

/**
 * When the /paid message `source` recorded an expense (not undone) of this group more than
 * OLD_EXPENSE_DAYS ago, stores the question about this edit of it and returns it; otherwise null
 * (the edit is applied as usual).
 */
export async function askBeforeOldCorrection(
  deps: Deps,
  input: {
    groupId: number;
    source: { chatId: number | bigint; messageId: number };
    editorTelegramId: number | bigint;
    editDate: number;
    edit: StoredEdit;
  },
): Promise<AskedCorrection | null> {
  const chatId = BigInt(input.source.chatId);
  const expense = await deps.prisma.expense.findUnique({
    where: {
      sourceChatId_sourceMessageId: { sourceChatId: chatId, sourceMessageId: input.source.messageId },
    },
    select: { id: true, number: true, groupId: true, createdAt: true, deletedAt: true },
  });
  const now = deps.clock();
  if (!expense || expense.groupId !== input.groupId || expense.deletedAt) return null;
  if (now.getTime() - expense.createdAt.getTime() <= OLD_EXPENSE_DAYS * DAY_MS) return null;
  // Questions nobody answered in time are of no use to anyone: cleared as new ones are asked.
  await deps.prisma.correctionQuestion.deleteMany({
    where: { chatId, createdAt: { lt: new Date(now.getTime() - GUIDED_PAID_TIMEOUT_MS) } },
  });
  const key = { chatId, sourceMessageId: input.source.messageId, editDate: input.editDate };
  const before = await deps.prisma.correctionQuestion.findUnique({
    where: { chatId_sourceMessageId_editDate: key },
    select: { id: true },
  });
  const row =
    before ??
    (await deps.prisma.correctionQuestion.upsert({
      where: { chatId_sourceMessageId_editDate: key },
      create: {
        ...key,
        telegramId: BigInt(input.editorTelegramId),
        expenseId: expense.id,
        edit: JSON.parse(JSON.stringify(input.edit)),
        createdAt: now,
      },
      update: {},
      select: { id: true },
    }));
  return { questionId: row.id, number: expense.number, recordedAt: expense.createdAt, created: !before };
}

export type CorrectionAnswer =
  | {
      status: 'apply';
      number: number;
      edit: StoredEdit;
      source: { chatId: bigint; messageId: number; editDate: number };
    }
  | { status: 'kept'; number: number }
  | { status: 'expired'; number: number }
  | { status: 'gone' }
  | { status: 'not-yours'; ownerTelegramId: bigint };

/**
 * A press on a correction question's button (`apply` true for Apply, false for Keep). Only the editor
 * may answer; the first answer takes the question.
 */
export async function answerCorrection(
  deps: Deps,
  press: { questionId: number; chatId: number | bigint; presserTelegramId: number | bigint; apply: boolean },
): Promise<CorrectionAnswer> {
  const row = await deps.prisma.correctionQuestion.findUnique({
    where: { id: press.questionId },
    include: { expense: { select: { number: true } } },
  });
  if (!row || row.chatId !== BigInt(press.chatId)) return { status: 'gone' };
  if (row.telegramId !== BigInt(press.presserTelegramId)) {
    return { status: 'not-yours', ownerTelegramId: row.telegramId };
  }
  const { count } = await deps.prisma.correctionQuestion.deleteMany({ where: { id: row.id } });
  if (count === 0) return { status: 'gone' };
  const number = row.expense.number;
  if (deps.clock().getTime() - row.createdAt.getTime() > GUIDED_PAID_TIMEOUT_MS) {
    return { status: 'expired', number };
  }
  if (!press.apply) return { status: 'kept', number };
  return {
    status: 'apply',
    number,
    edit: row.edit as unknown as StoredEdit,
    source: { chatId: row.chatId, messageId: row.sourceMessageId, editDate: row.editDate },
  };
}
