// Correcting an expense (its /paid message edited, or /edit <id>): the new amount, split type,
// people and description are split by the ledger engine as /paid would, and hisaab_revise_expense
// keeps what the expense was as a revision, replaces it and posts only the difference through the
// one ledger writer, in one statement. The payer stays the payer, and the day spent stays that day:
// a correction that names another (`by`, a date) is refused rather than silently ignored. Idempotent per request (chat,
// message, edit date): Telegram may deliver an edit twice, and it is applied once.
import { type Category, guessCategory } from '../commands/categories.js';
import { reviseExpenseWithOriginalSql } from '../db/queries/currency.js';
import { Decimal, type SplitType, splitExpense } from '../ledger/index.js';
import { type OriginalAmount, originalSharesJson, priceExpense } from './currency.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import type { NameCandidate, Person, PersonRef, TelegramGroup, TelegramPerson } from './members.js';
import {
  asCategory,
  convertedInput,
  type SourceMessage,
  splitPeople,
  splitRequest,
} from './record-expense.js';

export interface ExpenseVersion {
  /** In the group's currency. */
  amount: Decimal;
  /** What was typed in another currency, and the rate (absent: typed in the group's). */
  original?: OriginalAmount;
  splitType: SplitType;
  description: string;
  /** In the order named (after), or by user id (before). */
  shares: { participant: number; share: Decimal; typed?: Decimal }[];
}

export interface ReviseExpenseInput {
  group: TelegramGroup;
  editor: TelegramPerson;
  /** The expense: by its number (/edit), or by the /paid message it was recorded from. */
  expense: { id: number } | { source: SourceMessage };
  /** Asked only when the editor neither paid nor recorded the expense (it costs a Telegram call). */
  editorIsAdmin?: () => Promise<boolean>;
  amount: Decimal;
  /** Another currency the correction is typed in: converted at `rate`, else the expense's own rate for
   * that currency (kept frozen through corrections), else the group's. */
  currency?: string;
  rate?: Decimal;
  splitType: SplitType;
  everyone: boolean;
  participants: readonly { person: PersonRef; value?: Decimal }[];
  description: string;
  /** Words that may be members' names (see RecordExpenseInput). */
  candidates?: readonly NameCandidate[];
  /** `by …` in the corrected command: must be the expense's payer. */
  paidBy?: PersonRef;
  /** Several payers or an equal split's adjustments in the corrected command: refused (not yet corrected). */
  payers?: readonly unknown[];
  adjustments?: readonly unknown[];
  /** The day in the corrected command (YYYY-MM-DD): must be the day it was spent. */
  spentOn?: string;
  /** The message asking for the change and its edit date (0 for a command): applied once. */
  request: SourceMessage & { editDate: number };
}

export interface RevisedExpense {
  id: number;
  /** The group's number for it (#3). */
  number: number;
  /** revised: applied now; repeated: this request was applied before; unchanged: nothing differs. */
  status: 'revised' | 'repeated' | 'unchanged';
  /** The correction's number (1 for the first), null when unchanged. */
  revision: number | null;
  payer: Person;
  before: ExpenseVersion;
  after: ExpenseVersion;
  /** Everyone in either version, and the payer. */
  people: ReadonlyMap<number, Person>;
  /** The bot's confirmation of the expense, when it was delivered alone (so it can be edited). */
  confirmationMessageId: number | null;
  /** Its category after the correction. */
  category: Category;
}

interface StoredShare {
  userId: number;
  share: string | number;
  typed: string | number | null;
}

/**
 * Applies a correction. Resolves null when the expense is addressed by a source message that
 * recorded none (an edit of some other message: nothing to do). Throws EXPENSE_NOT_FOUND for an
 * unknown number, NOT_ALLOWED_TO_EDIT, EDIT_UNDONE, and the refusals /paid gives for its people.
 */
/** Read with the expense: whether it has several payers (no correction for those). */
const PAYER_COUNT = { _count: { select: { payers: true, items: true } } } as const;

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: on the list of long functions to split (test/structure/complexity-exceptions.test.ts)
export async function reviseExpense(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'members' | 'clock'>,
  input: ReviseExpenseInput,
): Promise<RevisedExpense | null> {
  const { groupId, person: editor } = await deps.members.learnMember(input.group, input.editor);
  const expense =
    'id' in input.expense
      ? await deps.prisma.expense.findFirst({
          where: { id: input.expense.id, groupId },
          include: PAYER_COUNT,
        })
      : await deps.prisma.expense.findUnique({
          where: {
            sourceChatId_sourceMessageId: {
              sourceChatId: BigInt(input.expense.source.chatId),
              sourceMessageId: input.expense.source.messageId,
            },
          },
          include: PAYER_COUNT,
        });
  if (!expense || expense.groupId !== groupId) {
    if ('source' in input.expense) return null;
    throw new UseCaseError('EXPENSE_NOT_FOUND', { id: String(input.expense.id) });
  }
  const id = String(expense.number);
  const mayEdit =
    expense.payerId === editor.id ||
    expense.recordedById === editor.id ||
    (input.editorIsAdmin !== undefined && (await input.editorIsAdmin()));
  if (!mayEdit) throw new UseCaseError('NOT_ALLOWED_TO_EDIT', { id });
  if (expense.deletedAt) throw new UseCaseError('EDIT_UNDONE', { id });
  // hisaab_post refuses to post a correction of an expense with several payers (its debts were
  // apportioned once): say so before trying.
  if (expense._count.payers > 0) throw new UseCaseError('EDIT_SEVERAL_PAYERS', { id });
  // Its shares were split from its lines (/bill); a /paid correction would leave them behind.
  if (expense._count.items > 0) throw new UseCaseError('EDIT_BILL', { id });
  // Not silently dropped: a correction to several payers or adjusted shares is refused in words.
  if (input.payers?.length || input.adjustments?.length) throw new UseCaseError('EDIT_TO_NEW_FORM', { id });
  if (input.paidBy) {
    const [named] = await deps.members.resolve(input.group, [input.paidBy]);
    if (named && named.id !== expense.payerId) {
      const payer = await deps.prisma.user.findUnique({ where: { id: expense.payerId } });
      throw new UseCaseError('EDIT_PAYER', { id, name: payer?.firstName ?? 'its payer' });
    }
  }
  const day = expense.spentOn.toISOString().slice(0, 10);
  if (input.spentOn !== undefined && input.spentOn !== day)
    throw new UseCaseError('EDIT_SPENT_ON', { id, day });

  // Names are read as /paid reads them, so an edit means what the same /paid would have meant.
  const { people, description } = await splitPeople(deps, groupId, expense.payerId, input);
  const frozen =
    expense.originalCurrency !== null && expense.rate !== null
      ? { currency: expense.originalCurrency, rate: new Decimal(expense.rate.toString()) }
      : undefined;
  const priced = await priceExpense(deps, {
    groupId,
    amount: input.amount,
    ...(input.currency === undefined ? {} : { currency: input.currency }),
    ...(input.rate === undefined ? {} : { rate: input.rate }),
    splitType: input.splitType,
    values: input.participants.map((p) => p.value),
    ...(frozen ? { fallback: frozen } : {}),
  });
  const converted = convertedInput(input, priced);
  // Seeded by the original message, as when it was recorded: an edit that changes nothing splits
  // the odd paisa the same way, and is seen as unchanged.
  const shares = splitExpense(splitRequest(converted, people), { seed: expense.sourceMessageId });
  const typedValues = input.participants.map((p) => p.value);
  const original: OriginalAmount | undefined = priced.original
    ? {
        ...priced.original,
        ...(priced.values
          ? { shares: people.map((p, i) => ({ userId: p.id, typed: typedValues[i] as Decimal })) }
          : {}),
      }
    : undefined;

  const [row] = await deps.sql.run(reviseExpenseWithOriginalSql, [
    expense.id,
    groupId,
    editor.id,
    converted.amount.toFixed(2),
    input.splitType,
    description,
    shares.map((s) => s.participant),
    shares.map((s) => s.share.toFixed(2)),
    shares.map((s) => (s.typed === undefined ? null : s.typed.toFixed(2))),
    String(input.request.chatId),
    input.request.messageId,
    input.request.editDate,
    deps.clock().toISOString(),
    original?.currency ?? null,
    original ? original.amount.toFixed() : null,
    original ? original.rate.toFixed() : null,
    originalSharesJson(
      original,
      people.map((p) => p.id),
      priced.values ? typedValues : undefined,
    ),
    // Guessed again from the new description, unless someone chose the category by hand.
    guessCategory(description),
  ]);
  if (!row) throw new Error('hisaab_revise_expense returned no row');
  if (row.status === 'not_found') throw new UseCaseError('EXPENSE_NOT_FOUND', { id });
  if (row.status === 'undone') throw new UseCaseError('EDIT_UNDONE', { id });

  const previousShares = (row.previousShares ?? []) as StoredShare[];
  const previousOriginal =
    row.status === 'unchanged'
      ? frozen && expense.originalAmount !== null
        ? { ...frozen, amount: new Decimal(expense.originalAmount.toString()) }
        : undefined
      : row.previousOriginalCurrency !== null &&
          row.previousOriginalAmount !== null &&
          row.previousRate !== null
        ? {
            currency: row.previousOriginalCurrency,
            amount: new Decimal(row.previousOriginalAmount),
            rate: new Decimal(row.previousRate),
          }
        : undefined;
  const before: ExpenseVersion = {
    amount: new Decimal(row.previousAmount ?? expense.amount.toString()),
    ...(previousOriginal ? { original: previousOriginal } : {}),
    splitType: (row.previousSplitType ?? expense.splitType) as SplitType,
    description: row.previousDescription ?? expense.description,
    shares: previousShares.map((s) => ({
      participant: s.userId,
      share: new Decimal(s.share),
      ...(s.typed === null ? {} : { typed: new Decimal(s.typed) }),
    })),
  };
  const known = new Map(people.map((p) => [p.id, p]));
  known.set(editor.id, editor);
  const missing = [...before.shares.map((s) => s.participant), expense.payerId].filter((u) => !known.has(u));
  if (missing.length > 0) {
    const rows = await deps.prisma.user.findMany({ where: { id: { in: [...new Set(missing)] } } });
    for (const u of rows)
      known.set(u.id, {
        id: u.id,
        telegramId: u.telegramId,
        firstName: u.firstName,
        lastName: u.lastName,
        username: u.username,
      });
  }
  return {
    id: expense.id,
    number: expense.number,
    status: row.status as RevisedExpense['status'],
    revision: row.revision,
    payer: known.get(expense.payerId) as Person,
    before,
    after: {
      amount: converted.amount,
      ...(original ? { original } : {}),
      splitType: input.splitType,
      description,
      shares: shares.map((s) => ({ participant: s.participant, share: s.share, typed: s.typed })),
    },
    people: known,
    confirmationMessageId: expense.confirmationMessageId,
    category: asCategory(row.category),
  };
}

/**
 * The expense a /paid (or /bill) message recorded in this group, or null (an edit of some other
 * message); `itemised` when it is a /bill's.
 */
export async function findExpenseBySource(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; source: SourceMessage },
): Promise<{ id: number; number: number; itemised: boolean } | null> {
  const expense = await deps.prisma.expense.findUnique({
    where: {
      sourceChatId_sourceMessageId: {
        sourceChatId: BigInt(input.source.chatId),
        sourceMessageId: input.source.messageId,
      },
    },
    select: { id: true, number: true, groupId: true, _count: { select: { items: true } } },
  });
  return expense && expense.groupId === input.groupId
    ? { id: expense.id, number: expense.number, itemised: expense._count.items > 0 }
    : null;
}

/** Remembers the bot's confirmation message of an expense, so a correction can edit it. */
export async function rememberConfirmation(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { expenseId: number; messageId: number },
): Promise<void> {
  await deps.prisma.expense.updateMany({
    where: { id: input.expenseId, confirmationMessageId: null },
    data: { confirmationMessageId: input.messageId },
  });
}

export interface ExpenseRevisionView {
  revision: number;
  revisedBy: Person;
  revisedAt: Date;
  /** What the expense was before this correction. */
  before: ExpenseVersion;
}

/** An expense's corrections, oldest first: for `/expense <id>` to show its history. */
export async function listRevisions(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { expenseId: number },
): Promise<ExpenseRevisionView[]> {
  const rows = await deps.prisma.expenseRevision.findMany({
    where: { expenseId: input.expenseId },
    orderBy: { revision: 'asc' },
    include: { revisedBy: true },
  });
  return rows.map((r) => ({
    revision: r.revision,
    revisedBy: {
      id: r.revisedBy.id,
      telegramId: r.revisedBy.telegramId,
      firstName: r.revisedBy.firstName,
      lastName: r.revisedBy.lastName,
      username: r.revisedBy.username,
    },
    revisedAt: r.revisedAt,
    before: {
      amount: new Decimal(r.previousAmount.toString()),
      ...(r.previousOriginalCurrency !== null && r.previousOriginalAmount !== null && r.previousRate !== null
        ? {
            original: {
              currency: r.previousOriginalCurrency,
              amount: new Decimal(r.previousOriginalAmount.toString()),
              rate: new Decimal(r.previousRate.toString()),
            },
          }
        : {}),
      splitType: r.previousSplitType,
      description: r.previousDescription,
      shares: (r.previousShares as unknown as StoredShare[]).map((s) => ({
        participant: s.userId,
        share: new Decimal(s.share),
        ...(s.typed === null ? {} : { typed: new Decimal(s.typed) }),
      })),
    },
  }));
}
