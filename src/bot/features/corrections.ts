// Corrections: an edited /paid message, or /edit <id> <the /paid arguments>, changes the expense
// (amount, split type, people, description) through reviseExpense. The bot edits its confirmation
// to the new split when it knows that message, and says in a new message what changed. An edit
// that no longer reads as a /paid is refused in one sentence and changes nothing; an edit of a
// message that recorded no expense is ignored.
import { Composer, InlineKeyboard } from 'grammy';
import { parseEdit } from '../../commands/edit.js';
import {
  type CommandInput,
  commandName,
  type PaidIntent,
  parsePaid,
  resolveSpentOn,
  unambiguous,
} from '../../commands/index.js';
import type { Decimal } from '../../ledger/index.js';
import {
  type AskedCorrection,
  answerCorrection,
  askBeforeOldCorrection,
  OLD_EXPENSE_DAYS,
} from '../../usecases/correction-question.js';
import { UseCaseError } from '../../usecases/errors.js';
import { findExpenseByNumber } from '../../usecases/find-by-number.js';
import type { Person } from '../../usecases/members.js';
import { GUIDED_PAID_TIMEOUT_MS } from '../../usecases/paid-draft.js';
import {
  type ExpenseVersion,
  findExpenseBySource,
  type RevisedExpense,
  reviseExpense,
} from '../../usecases/revise-expense.js';
import { offeredOnMessage, pressedByOwner } from '../buttons.js';
import { categoryButton } from '../category-buttons.js';
import { confirmationOf, trackConfirmation } from '../confirmations.js';
import type { BotContext } from '../context.js';
import {
  escapeHtml,
  formatDate,
  money,
  nameBook,
  originalShown,
  renumbered,
  SPLIT_WORDS,
} from '../format.js';
import { editNumber, repliedInput } from '../replied.js';
import { answer, answerTracked, commandInput, editAnswer, editOwnMessage } from '../reply.js';
import { groupIdOf } from './balances.js';
import { telegramGroup, telegramPerson } from './members.js';
import { expenseSummary } from './paid.js';

/** Beyond this many people whose part changed, the change line says how many more. */
const NAMED_CHANGES = 8;

export const corrections = new Composer<BotContext>();
const inGroup = corrections.chatType(['group', 'supergroup']);

async function isGroupAdmin(ctx: BotContext): Promise<boolean> {
  if (!ctx.chat || !ctx.from) return false;
  const member = await ctx.api.getChatMember(ctx.chat.id, ctx.from.id);
  return member.status === 'creator' || member.status === 'administrator';
}

inGroup.on('edited_message:text', async (ctx) => {
  const message = ctx.editedMessage;
  if (!ctx.sender) return; // posted as a chat or by a bot: never a /paid we recorded
  const input = commandInput(ctx);
  const source = { chatId: ctx.chat.id, messageId: message.message_id };
  const intent = await editedIntent(ctx, input, source);
  if (!intent) return;
  // An old expense is corrected only once its editor says so (a year-old /paid edited by mistake).
  const asked = await askBeforeOldCorrection(ctx.services, {
    groupId: groupIdOf(ctx),
    source,
    editorTelegramId: ctx.from.id,
    editDate: message.edit_date,
    edit: { text: input.text, entities: [...(input.entities ?? [])], date: message.date },
  });
  if (asked) {
    if (asked.created) askAboutOldExpense(ctx, asked);
    return;
  }
  await applyEdit(ctx, intent, { ...source, editDate: message.edit_date, sentAt: message.date });
});

/**
 * The edited message as a /paid, or null when it is no /paid and recorded nothing (not ours). An
 * edit of a message that recorded an expense but no longer reads as a /paid is refused.
 */
async function editedIntent(
  ctx: BotContext,
  input: CommandInput,
  source: { chatId: number; messageId: number },
): Promise<PaidIntent | null> {
  const command = commandName(input.text, input.entities, input.botUsername);
  try {
    if (command?.name !== 'paid' || command.forOtherBot) {
      const recorded = await findExpenseBySource(ctx.services, { groupId: groupIdOf(ctx), source });
      if (recorded)
        throw new UseCaseError(recorded.itemised ? 'EDIT_BILL' : 'EDIT_NOT_PAID', {
          id: String(recorded.number),
        });
      return null;
    }
    return unambiguous(parsePaid(input));
  } catch (error) {
    // A refusal only for a message that recorded an expense; any other edited text is not ours.
    if (error instanceof UseCaseError) throw error;
    if (!(await findExpenseBySource(ctx.services, { groupId: groupIdOf(ctx), source }))) return null;
    throw error;
  }
}

/** Applies an edited /paid to the expense it recorded, and says what changed. */
async function applyEdit(
  ctx: BotContext,
  intent: PaidIntent,
  request: { chatId: number; messageId: number; editDate: number; sentAt: number },
): Promise<void> {
  if (!ctx.from || !ctx.chat) return;
  const source = { chatId: request.chatId, messageId: request.messageId };
  // "yesterday" in an edited /paid means the day before it was first sent (Telegram keeps that date).
  const spentOn = intent.spentOn
    ? resolveSpentOn(intent.spentOn, new Date(request.sentAt * 1000))
    : undefined;
  const revised = await reviseExpense(ctx.services, {
    group: telegramGroup({ id: ctx.chat.id, ...('title' in ctx.chat ? { title: ctx.chat.title } : {}) }),
    editor: telegramPerson(ctx.from),
    expense: { source },
    ...withoutDate(intent),
    ...(intent.payer === undefined ? {} : { paidBy: intent.payer }),
    ...(spentOn === undefined ? {} : { spentOn }),
    request: { ...source, editDate: request.editDate },
  });
  if (!revised) return;
  // A redelivered or empty edit: the person sees their own edit; nothing more to say.
  if (revised.status !== 'revised') return;
  await reportCorrection(ctx, revised);
}

const QUESTION_MINUTES = GUIDED_PAID_TIMEOUT_MS / 60_000;

function askAboutOldExpense(ctx: BotContext, asked: AskedCorrection): void {
  answer(
    ctx,
    `Expense <b>#${asked.number}</b> was recorded on ${formatDate(asked.recordedAt)}, more than ${OLD_EXPENSE_DAYS} days ago: apply your edit to it? Nothing changes until you choose.`,
    {
      keyboard: new InlineKeyboard()
        .text('Apply the correction', `fix:${asked.questionId}:a`)
        .text('Keep as it was', `fix:${asked.questionId}:k`),
    },
  );
}

// The answer to that question: checked against the stored question (chat, presser, age, not
// answered yet), never trusted from the button; the edit applied is the one stored, read again.
inGroup.callbackQuery(/^fix:(\d{1,9}):(a|k)$/, async (ctx) => {
  if (!offeredOnMessage(ctx)) {
    await ctx.answerCallbackQuery({
      text: 'That button is not on this message; nothing was changed.',
      show_alert: true,
    });
    return;
  }
  const answered = await answerCorrection(ctx.services, {
    questionId: Number(ctx.match[1]),
    chatId: ctx.chat.id,
    presserTelegramId: ctx.from.id,
    apply: ctx.match[2] === 'a',
  });
  if (answered.status === 'not-yours') {
    await pressedByOwner(ctx, String(answered.ownerTelegramId));
    return;
  }
  if (answered.status === 'gone') {
    await ctx.answerCallbackQuery({ text: 'This question was answered already; nothing more was changed.' });
    return;
  }
  await ctx.answerCallbackQuery();
  if (answered.status === 'expired') {
    editAnswer(
      ctx,
      `This question expired after ${QUESTION_MINUTES} minutes without an answer; #${answered.number} is as it was. Edit the /paid again to correct it.`,
    );
    return;
  }
  if (answered.status === 'kept') {
    editAnswer(ctx, `Kept #${answered.number} as it was; nothing changed.`);
    return;
  }
  const { edit, source } = answered;
  const from = ctx.from;
  const input: CommandInput = {
    text: edit.text,
    entities: edit.entities as CommandInput['entities'],
    sender: { id: from.id, username: from.username, first_name: from.first_name, last_name: from.last_name },
    botUsername: ctx.me.username,
  };
  const request = { chatId: Number(source.chatId), messageId: source.messageId, editDate: source.editDate };
  await applyEdit(ctx, unambiguous(parsePaid(input)), { ...request, sentAt: edit.date });
  editAnswer(ctx, `Applied your correction of #${answered.number}.`);
});

inGroup.command('edit', async (ctx) => {
  const { expenseId: typed, paid } = parseEdit(await repliedInput(ctx, editNumber));
  const found = await findExpenseByNumber(ctx.services, { groupId: groupIdOf(ctx), number: typed });
  for (const line of renumbered(found)) answer(ctx, line);
  const spentOn = paid.spentOn ? resolveSpentOn(paid.spentOn, ctx.services.clock()) : undefined;
  const revised = await reviseExpense(ctx.services, {
    group: telegramGroup(ctx.chat),
    editor: telegramPerson(ctx.from),
    expense: { id: found.id },
    editorIsAdmin: () => isGroupAdmin(ctx),
    ...withoutDate(paid),
    ...(paid.payer === undefined ? {} : { paidBy: paid.payer }),
    ...(spentOn === undefined ? {} : { spentOn }),
    request: { chatId: ctx.chat.id, messageId: ctx.msg.message_id, editDate: 0 },
  });
  if (!revised) return;
  if (revised.status === 'unchanged') {
    answer(ctx, `Expense <b>#${revised.number}</b> already says that; nothing changed.`);
    return;
  }
  if (revised.status === 'repeated') {
    answer(ctx, `ℹ️ Already corrected <b>#${revised.number}</b> (correction ${revised.revision}).`);
    return;
  }
  await reportCorrection(ctx, revised);
});

/** The intent without its typed date and payer, which reviseExpense takes resolved (or checked). */
function withoutDate(intent: PaidIntent): Omit<PaidIntent, 'spentOn' | 'payer'> {
  const { spentOn: _spentOn, payer: _payer, ...rest } = intent;
  return rest;
}

corrections
  .chatType('private')
  .command('edit', (ctx) => answer(ctx, 'Expenses belong to a group: send /edit in the group they are in.'));

/**
 * Edits the expense's confirmation to the new split and says what changed in a new message; when
 * the confirmation cannot be edited (merged with others, or never delivered), the new message
 * carries the whole new split and becomes the confirmation.
 */
async function reportCorrection(ctx: BotContext, revised: RevisedExpense): Promise<void> {
  ctx.recorded = `correction ${revised.revision} of expense #${revised.number}`;
  const currency = ctx.groupCurrency ?? 'INR';
  const change = changeLine(revised, currency);
  const split = correctedSummary(revised, currency);
  const confirmation = await confirmationOf(ctx, revised.id, revised.confirmationMessageId);
  // The category's button stays under the confirmation (an edit without it would remove it).
  const keyboard = categoryButton(revised.id, revised.category);
  if (confirmation !== undefined) {
    editOwnMessage(ctx, confirmation, split, { keyboard });
    answer(ctx, change, { summary: { line: change } });
    return;
  }
  trackConfirmation(ctx, revised.id, answerTracked(ctx, [change, ...split.slice(1)], { keyboard }));
}

/** The confirmation as it reads after the correction. */
function correctedSummary(revised: RevisedExpense, currency: string): string[] {
  const [, ...lines] = expenseSummary(
    {
      id: revised.id,
      number: revised.number,
      created: true,
      createdAt: new Date(),
      payer: revised.payer,
      // Only the lines after the header are kept, so neither shows; the payer keeps the plain wording.
      recordedBy: revised.payer,
      spentOn: '',
      amount: revised.after.amount,
      currency,
      splitType: revised.after.splitType,
      shares: revised.after.shares.map((s) => ({
        ...s,
        person: revised.people.get(s.participant) as Person,
      })),
      description: revised.after.description,
      // Only the header says who everyone was, and the correction writes its own header.
      everyone: false,
      category: revised.category,
    },
    revised.after.description,
  );
  const name = nameBook(revised.people.values());
  const what = revised.after.description ? ` for ${escapeHtml(revised.after.description)}` : '';
  const header =
    `✅ Recorded <b>#${revised.number}</b> (corrected): ${versionAmount(revised.after, currency)} paid by ${name(revised.payer.id)}${what}, ` +
    `split ${SPLIT_WORDS[revised.after.splitType]} among ${revised.after.shares.length}.`;
  return [header, ...lines];
}

/** "✏️ Corrected #12: ₹50.00 → ₹500.00; User2 now owes ₹250.00" */
export function changeLine(revised: RevisedExpense, currency = 'INR'): string {
  const { before, after, payer } = revised;
  const name = nameBook(revised.people.values());
  const parts: string[] = [];
  if (!before.amount.equals(after.amount) || !sameOriginal(before, after))
    parts.push(`${versionAmount(before, currency)} → ${versionAmount(after, currency)}`);
  if (before.splitType !== after.splitType)
    parts.push(`split ${SPLIT_WORDS[after.splitType]} (was ${SPLIT_WORDS[before.splitType]})`);
  if (before.description !== after.description)
    parts.push(
      after.description
        ? `for ${escapeHtml(after.description)}${before.description ? ` (was ${escapeHtml(before.description)})` : ''}`
        : 'no description',
    );
  const owed = (version: ExpenseVersion) => {
    const map = new Map<number, Decimal>();
    for (const s of version.shares)
      if (s.participant !== payer.id && s.share.gt(0)) map.set(s.participant, s.share);
    return map;
  };
  const was = owed(before);
  const now = owed(after);
  const people = [...new Set([...now.keys(), ...was.keys()])];
  const moved = people.filter((id) => {
    const a = now.get(id);
    const b = was.get(id);
    return !(a && b && a.equals(b));
  });
  for (const id of moved.slice(0, NAMED_CHANGES)) {
    const share = now.get(id);
    parts.push(
      share ? `${name(id)} now owes ${money(share, currency)}` : `${name(id)} no longer owes anything for it`,
    );
  }
  if (moved.length > NAMED_CHANGES)
    parts.push(`${moved.length - NAMED_CHANGES} more people's shares changed`);
  return `✏️ Corrected <b>#${revised.number}</b>${parts.length > 0 ? `: ${parts.join('; ')}` : ''}.`;
}

/** The amount of one version: in the group's currency, or as typed in another with its conversion. */
function versionAmount(version: ExpenseVersion, currency: string): string {
  return version.original
    ? originalShown(version.original, version.amount, currency)
    : money(version.amount, currency);
}

function sameOriginal(a: ExpenseVersion, b: ExpenseVersion): boolean {
  if (!a.original || !b.original) return !a.original && !b.original;
  return (
    a.original.currency === b.original.currency &&
    a.original.amount.equals(b.original.amount) &&
    a.original.rate.equals(b.original.rate)
  );
}
