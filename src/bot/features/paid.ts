// /paid: parse the command, record the expense, reply with its split summary.
import { Composer } from 'grammy';
import { CATEGORY_LABELS, PAID_FORMS, parsePaid } from '../../commands/index.js';
import { Decimal } from '../../ledger/index.js';
import { markEveryoneSplit } from '../../usecases/everyone-split.js';
import type { Person } from '../../usecases/members.js';
import { GUIDED_PAID_TIMEOUT_MS } from '../../usecases/paid-draft.js';
import { answerPaid, askPaid } from '../../usecases/paid-question.js';
import { readPaid } from '../../usecases/read-paid.js';
import {
  type RecordExpenseInput,
  type RecordedExpense,
  recordExpense,
} from '../../usecases/record-expense.js';
import { pressedByOwner } from '../buttons.js';
import { categoryButton } from '../category-buttons.js';
import { trackConfirmation } from '../confirmations.js';
import type { BotContext } from '../context.js';
import { largestPhoto } from '../files.js';
import {
  clipText,
  escapeHtml,
  formatDate,
  money,
  nameBook,
  originalShown,
  SPLIT_WORDS,
  signedMoney,
} from '../format.js';
import { questionKeyboard, wordQuestion } from '../paid-questions.js';
import { copyReceipt } from '../receipts.js';
import { answer, answerTracked, commandInput, editAnswer } from '../reply.js';
import type { AnswerSummary } from '../sender.js';
import { telegramGroup, telegramPerson } from './members.js';

/** Beyond this many people, the summary groups equal shares instead of listing everyone. */
const LIST_LIMIT = 25;
/** Beyond this many, an everyone-split names the first few and counts the rest. */
const EVERYONE_NAMES = 10;
/** A question about a /paid expires like the guided /paid. */
const QUESTION_MINUTES = GUIDED_PAID_TIMEOUT_MS / 60_000;

/** What a bare /paid (tapped in Telegram's command menu) answers: each form, with an example. */
export const PAID_HELP = [
  '<b>Record an expense</b> with the amount, who shares it, and what it was for:',
  ...PAID_FORMS.map((form) => `<code>${escapeHtml(form.example)}</code> ${escapeHtml(form.meaning)}`),
];

/** How the confirmation shows an amount typed in shorthand: "₹1,500.00 (1.5k)". */
export interface SummaryOptions {
  amountTyped?: string;
  /** Everyone-splits: the people in it who joined since the group's previous everyone-split. */
  joined?: readonly number[];
}

export const paid = new Composer<BotContext>();

/**
 * A forwarded command is someone else's words (or old ones of one's own): recording it would record
 * an expense again, paid by whoever forwarded it. Forwarded commands are refused, whatever they are.
 */
export const forwardedCommands = new Composer<BotContext>();
forwardedCommands.on('message', async (ctx, next) => {
  const text = ctx.msg.text ?? ctx.msg.caption ?? '';
  if (!ctx.msg.forward_origin || !text.startsWith('/')) return next();
  const command = /^\/[A-Za-z_]+/.exec(text)?.[0] ?? 'that command';
  answer(
    ctx,
    `That ${escapeHtml(command)} was forwarded, so I did nothing with it; to record it, type it as your own message.`,
  );
});

const inGroup = paid.chatType(['group', 'supergroup']);

inGroup.command('paid', async (ctx) => {
  if (ctx.match.trim() === '') {
    answer(ctx, PAID_HELP);
    return;
  }
  const intent = parsePaid(commandInput(ctx));
  const receipt = largestPhoto(ctx.msg.photo);
  const source = { chatId: ctx.chat.id, messageId: ctx.msg.message_id };
  const reading = await readPaid(ctx.services, {
    group: telegramGroup(ctx.chat),
    sender: telegramPerson(ctx.from),
    intent,
    source,
    // A /paid written as a photo's caption keeps the photo as the expense's receipt.
    ...(receipt ? { receipt } : {}),
  });
  if (reading.kind === 'ask') {
    // Recorded as meant, or not at all: the sender chooses; nothing is recorded until then.
    const { lines, answers } = wordQuestion(reading, ctx.groupCurrency ?? 'INR', ctx.services.clock());
    const id = await askPaid(ctx.services, {
      chatId: ctx.chat.id,
      ownerTelegramId: ctx.from.id,
      sourceMessageId: ctx.msg.message_id,
      answers,
    });
    answer(ctx, lines, { keyboard: questionKeyboard(id, answers) });
    return;
  }
  await recordAndConfirm(ctx, reading.input, { amountTyped: intent.amountTyped, active: reading.members });
});

// An answer to a question about a /paid: checked against the stored question (chat, presser, age,
// not answered yet), never trusted from the button.
inGroup.callbackQuery(/^pq:(\d{1,9}):(\d|x)$/, async (ctx) => {
  const choice = ctx.match[2] === 'x' ? null : Number(ctx.match[2]);
  const answered = await answerPaid(ctx.services, {
    questionId: Number(ctx.match[1]),
    chatId: ctx.chat.id,
    presserTelegramId: ctx.from.id,
    choice,
  });
  if (answered.status === 'not-yours') {
    await pressedByOwner(ctx, String(answered.ownerTelegramId));
    return;
  }
  if (answered.status === 'gone') {
    await ctx.answerCallbackQuery({ text: 'This question was answered already; nothing more was recorded.' });
    return;
  }
  await ctx.answerCallbackQuery();
  if (answered.status === 'expired') {
    editAnswer(
      ctx,
      `This question expired after ${QUESTION_MINUTES} minutes without an answer; nothing was recorded. Send the /paid again.`,
    );
    return;
  }
  if (answered.status === 'cancelled') {
    editAnswer(ctx, 'Cancelled; nothing was recorded.');
    return;
  }
  editAnswer(ctx, `${escapeHtml(answered.label)}: recorded below.`);
  await recordAndConfirm(ctx, answered.input);
});

/** Records the expense and confirms it: who paid, who shares and what each owes. */
async function recordAndConfirm(
  ctx: BotContext,
  input: RecordExpenseInput,
  /** `active`: the group's members as read for this message (see readPaid). */
  read: { amountTyped?: string; active?: readonly Person[] } = {},
): Promise<void> {
  const { amountTyped, active } = read;
  const recorded = await recordExpense(ctx.services, input, active ? { active } : {});
  const receipt = input.receipt;
  ctx.recorded = `expense #${recorded.number}`;
  if (receipt && recorded.created) copyReceipt(ctx, recorded.id, receipt);
  const joined =
    recorded.created && recorded.everyone && ctx.groupId !== undefined
      ? await markEveryoneSplit(ctx.services, {
          groupId: ctx.groupId,
          at: recorded.createdAt,
          userIds: recorded.shares.map((s) => s.participant),
        })
      : [];
  const options: SummaryOptions = {
    ...(amountTyped === undefined ? {} : { amountTyped }),
    ...(joined.length > 0 ? { joined } : {}),
  };
  // The category's button goes under the confirmation; merged with others in a burst, the line
  // names the category instead (and /category changes it).
  const lines = expenseSummary(recorded, recorded.description, options);
  if (receipt) lines.push(`🧾 The photo is kept as its receipt: /expense ${recorded.number} shows it.`);
  const confirmation = answerTracked(ctx, lines, {
    summary: { ...expenseLine(recorded, recorded.description, options), keyboardOptional: true },
    keyboard: categoryButton(recorded.id, recorded.category),
  });
  // A correction (the /paid message edited, or /edit) edits this confirmation once it is delivered.
  if (recorded.created) trackConfirmation(ctx, recorded.id, confirmation);
}

paid
  .chatType('private')
  .command('paid', (ctx) =>
    answer(ctx, 'Expenses belong to a group: add me to your group and send /paid there.'),
  );

/** `, with Ravi +₹200.00 and Meera −₹100.00`: an equal split's adjustments, or nothing. */
function adjustmentWords(added: RecordedExpense, name: (id: number) => string): string {
  if (added.splitType !== 'EQUAL') return '';
  const each = added.shares
    .filter((s) => s.typed !== undefined)
    .map((s) => `${name(s.participant)} ${signedMoney(s.typed as Decimal, added.currency)}`);
  if (each.length === 0) return '';
  return `, with ${each.length === 1 ? each[0] : `${each.slice(0, -1).join(', ')} and ${each.at(-1)}`}`;
}

/** `Asha ₹2,000.00 and Ravi ₹1,000.00`: several payers with what each paid. */
function payersInWords(
  payers: readonly { person: Person; paid: Decimal }[],
  name: (id: number) => string,
  currency: string,
): string {
  const each = payers.map((p) => `${name(p.person.id)} ${money(p.paid, currency)}`);
  return each.length <= 1 ? (each[0] ?? '') : `${each.slice(0, -1).join(', ')} and ${each.at(-1)}`;
}

/** Who owes which payer for an expense several paid (at most LIST_LIMIT lines, then how many more). */
function debtLines(
  debts: readonly { debtor: number; creditor: number; amount: Decimal }[],
  name: (id: number) => string,
  currency: string,
): string[] {
  if (debts.length === 0) return ['Nobody owes anything for it.'];
  const lines = debts
    .slice(0, LIST_LIMIT)
    .map((d) => `${name(d.debtor)} owes ${name(d.creditor)}: ${money(d.amount, currency)}`);
  if (debts.length > LIST_LIMIT)
    lines.push(`… and ${debts.length - LIST_LIMIT} more; /expense shows them all.`);
  return lines;
}

/** The one-line form of a confirmation, for a message that confirms several (see the sender). */
export function expenseLine(
  added: RecordedExpense,
  description: string,
  options: SummaryOptions = {},
): AnswerSummary {
  const names = nameBook([added.payer, added.recordedBy]);
  const payer = names(added.payer.id);
  const recorder =
    added.recordedBy.id === added.payer.id ? '' : ` (recorded by ${names(added.recordedBy.id)})`;
  const what = `${description ? ` for ${escapeHtml(clipText(description, 60))}` : ''}${spentShown(added)}`;
  const mark = added.created ? '✅' : 'ℹ️ already recorded:';
  return {
    line: `${mark} <b>#${added.number}</b> ${amountShown(added, options)} paid by ${payer}${recorder}${what}, ${SPLIT_WORDS[added.splitType]} among ${added.shares.length} · ${CATEGORY_LABELS[added.category]}`,
    expense: added.created ? { id: added.number, amount: added.amount, currency: added.currency } : undefined,
  };
}

/** "Recorded #12: ₹1,000.00 paid by Asha for electricity, split equally among 4." then who owes what. */
export function expenseSummary(
  added: RecordedExpense,
  description: string,
  options: SummaryOptions = {},
): string[] {
  const name = nameBook([
    added.payer,
    added.recordedBy,
    ...(added.payers ?? []).map((p) => p.person),
    ...added.shares.map((s) => s.person),
  ]);
  const payer = name(added.payer.id);
  const paidBy = added.payers ? payersInWords(added.payers, name, added.currency) : payer;
  const what = `${description ? ` for ${escapeHtml(description)}` : ''}${spentShown(added)}`;
  const forSomeone = added.recordedBy.id !== added.payer.id;
  // Who shares, in words, always (a split is never recorded without saying among whom).
  const among = added.everyone
    ? `all ${added.shares.length}: ${everyoneNames(added, name)}`
    : `${added.shares.length}: ${everyoneNames(added, name)}`;
  const joined = options.joined ?? [];
  const since =
    added.everyone && joined.length > 0
      ? ` New since the last split among everyone: ${
          joined.length <= EVERYONE_NAMES
            ? joined.map(name).join(', ')
            : `${joined
                .slice(0, EVERYONE_NAMES - 2)
                .map(name)
                .join(', ')} and ${joined.length - (EVERYONE_NAMES - 2)} more`
        }.`
      : '';
  const header =
    `${added.created ? '✅ Recorded' : 'ℹ️ Already recorded'} <b>#${added.number}</b>: ${amountShown(added, options)} paid by ${paidBy}${what}, ` +
    `split ${SPLIT_WORDS[added.splitType]} among ${among}${adjustmentWords(added, name)}.${since}`;
  // An equal split the payer left themselves out of is usually a forgotten `me`.
  const notIn =
    !added.payers &&
    added.splitType === 'EQUAL' &&
    !added.shares.some((s) => s.participant === added.payer.id);
  const left = !notIn
    ? []
    : forSomeone
      ? [`${payer} paid but is not in this split; name them too to include them.`]
      : ['You are not in this split; add me to include yourself.'];
  // Someone else paid: say who wrote it down, so the payer is not surprised (they can /undo it).
  const head = forSomeone ? [header, `Recorded by ${name(added.recordedBy.id)} for ${payer}.`] : [header];
  if (added.debts) return [...head, ...debtLines(added.debts, name, added.currency)];
  const owing = added.shares.filter((s) => s.participant !== added.payer.id && s.share.gt(0));
  if (owing.length === 0) return [...head, 'Nobody owes anything for it.'];
  if (owing.length <= LIST_LIMIT) {
    return [
      ...head,
      ...owing.map((s) => `${name(s.participant)} owes ${payer}: ${money(s.share, added.currency)}`),
      ...left,
    ];
  }
  // 1000 names do not help anyone in a chat: say how many owe each distinct amount.
  const byAmount = new Map<string, number>();
  for (const s of owing) byAmount.set(s.share.toFixed(2), (byAmount.get(s.share.toFixed(2)) ?? 0) + 1);
  const groups = [...byAmount.entries()].sort((a, b) => b[1] - a[1]);
  const lines = groups
    .slice(0, 5)
    .map(
      ([share, count]) =>
        `${count} ${count === 1 ? 'person owes' : 'people owe'} ${payer} ${money(new Decimal(share), added.currency)} each`,
    );
  if (groups.length > 5)
    lines.push(`… and ${groups.length - 5} other amounts; /passbook shows each person their own share.`);
  return [...head, ...lines, ...left];
}

/** ", spent on 2026-11-28" when the expense's day is not the day it was recorded (UTC days). */
function spentShown(added: RecordedExpense): string {
  return added.spentOn && added.spentOn !== formatDate(added.createdAt) ? `, spent on ${added.spentOn}` : '';
}

/** "₹1,500.00 (1.5k)"; typed in another currency: "USD 45.00 (₹3,744.00 at 83.2)". */
function amountShown(added: RecordedExpense, options: SummaryOptions): string {
  if (added.original) return originalShown(added.original, added.amount, added.currency);
  return options.amountTyped === undefined
    ? money(added.amount, added.currency)
    : `${money(added.amount, added.currency)} (${escapeHtml(options.amountTyped)})`;
}

/** "Asha, Ravi, Meera": who everyone was, the first few and a count beyond that. */
function everyoneNames(added: RecordedExpense, name: (id: number) => string): string {
  const names = added.shares.map((s) => name(s.participant));
  if (names.length <= EVERYONE_NAMES) return names.join(', ');
  return `${names.slice(0, EVERYONE_NAMES - 2).join(', ')} and ${names.length - (EVERYONE_NAMES - 2)} more`;
}
