// /expense 12: one expense in full: the amount and what it was for, who paid, the split line by
// line (with what was typed for each person), its revisions, and who recorded (and undid) it.
import { Composer } from 'grammy';
import { CATEGORY_LABELS, parseExpenseId } from '../../commands/index.js';
import { chargePercentShown, type Decimal, formatForeign } from '../../ledger/index.js';
import { findExpenseByNumber } from '../../usecases/find-by-number.js';
import type { ExpenseDetail } from '../../usecases/show-expense.js';
import { showExpense } from '../../usecases/show-expense.js';
import type { BotContext } from '../context.js';
import {
  clipText,
  escapeHtml,
  formatDate,
  money,
  nameBook,
  originalShown,
  plainName,
  renumbered,
  SPLIT_WORDS,
  signedMoney,
} from '../format.js';
import { answer, answerPhoto, commandInput } from '../reply.js';
import { groupIdOf } from './balances.js';

/** A name on a share line: long names are clipped so a line never runs past a screen. */
const NAME_SHOWN = 60;

export const expenseDetail = new Composer<BotContext>();

expenseDetail.chatType(['group', 'supergroup']).command('expense', async (ctx) => {
  const { expenseId: typed } = parseExpenseId(commandInput(ctx));
  const found = await findExpenseByNumber(ctx.services, { groupId: groupIdOf(ctx), number: typed });
  const detail = await showExpense(ctx.services, { groupId: groupIdOf(ctx), expenseId: found.id });
  const lines = [...renumbered(found), ...expenseLines(detail)];
  // With a receipt, the photo carries the detail as its caption (or its first line, when too long).
  if (detail.receipt) {
    answerPhoto(ctx, detail.receipt.fileId, lines);
    return;
  }
  // answer() packs the lines into as many messages as Telegram's limit needs (1000 shares fit in a few).
  answer(ctx, lines);
});

function when(date: Date): string {
  return `${formatDate(date)} ${date.toISOString().slice(11, 16)} UTC`;
}

/** What was typed for one share, in brackets after it (nothing for a plain equal share). */
function typedShown(detail: ExpenseDetail, s: ExpenseDetail['shares'][number]): string {
  if (s.typed === null) return '';
  if (detail.splitType === 'PERCENT') return ` (${s.typed.toString()}%)`;
  if (detail.splitType === 'SHARES') return ` (${s.typed.toString()} ${s.typed.eq(1) ? 'share' : 'shares'})`;
  if (detail.splitType === 'EQUAL') return ` (${signedMoney(s.typed, detail.currency)})`;
  return s.typedOriginal && detail.original
    ? ` (${formatForeign(s.typedOriginal, detail.original.currency)})`
    : '';
}

/** How it was split: `equally`, or `equally with adjustments` when some shares were adjusted. */
function splitWords(detail: ExpenseDetail): string {
  if (detail.items.length > 0) return 'by items';
  const adjusted = detail.splitType === 'EQUAL' && detail.shares.some((s) => s.typed !== null);
  return adjusted ? `${SPLIT_WORDS.EQUAL} with adjustments` : SPLIT_WORDS[detail.splitType];
}

export function expenseLines(detail: ExpenseDetail): string[] {
  const people = [
    detail.payer,
    detail.recordedBy,
    ...detail.payers.map((p) => p.person),
    ...detail.shares.map((s) => s.person),
  ];
  if (detail.undone?.by) people.push(detail.undone.by);
  for (const revision of detail.revisions) people.push(revision.by);
  const book = nameBook(people);
  const name = (id: number) => {
    const person = people.find((p) => p.id === id);
    return person && plainName(person).length > NAME_SHOWN
      ? escapeHtml(clipText(plainName(person), NAME_SHOWN))
      : book(id);
  };
  const what = detail.description ? ` ${escapeHtml(detail.description)}` : '';
  const amount = (value: Decimal, original?: ExpenseDetail['original']) =>
    original ? originalShown(original, value, detail.currency) : money(value, detail.currency);
  const head = `<b>#${detail.number}</b> ${amount(detail.amount, detail.original)}${what}`;
  const lines = [
    detail.undone ? `<s>${head}</s> undone` : head,
    // Several payers: one line each (a line per person keeps any number within Telegram's limit).
    ...(detail.payers.length > 0
      ? [
          `Paid by ${detail.payers.length} people:`,
          ...detail.payers.map((p) => `  ${name(p.person.id)} paid ${money(p.paid, detail.currency)}`),
          `Split ${splitWords(detail)} among ${detail.shares.length}:`,
        ]
      : [`Paid by ${name(detail.payer.id)}, split ${splitWords(detail)} among ${detail.shares.length}:`]),
    ...detail.shares.map(
      (s) => `  ${name(s.person.id)}: ${money(s.share, detail.currency)}${typedShown(detail, s)}`,
    ),
  ];
  lines.push(...itemLines(detail, name));
  // Corrections, oldest first, each with what the expense was before it.
  if (detail.revisions.length > 0) {
    lines.push('Corrections:');
    for (const r of detail.revisions) {
      const what = r.before.description ? ` for ${escapeHtml(clipText(r.before.description, 60))}` : '';
      lines.push(
        `  ${when(r.at)} by ${name(r.by.id)}: it was ${amount(r.before.amount, r.before.original)}${what}, split ${SPLIT_WORDS[r.before.splitType]} among ${r.before.people}`,
      );
    }
  }
  if (detail.spentOn !== formatDate(detail.at)) lines.push(`Spent on ${detail.spentOn}.`);
  lines.push(
    `Category: ${CATEGORY_LABELS[detail.category]} (${detail.categoryByHand ? 'chosen by hand' : 'guessed'}; /category ${detail.number} &lt;category&gt; changes it).`,
  );
  lines.push(`Recorded by ${name(detail.recordedBy.id)} on ${when(detail.at)}.`);
  if (detail.undone) {
    lines.push(
      `Undone${detail.undone.by ? ` by ${name(detail.undone.by.id)}` : ''} on ${when(detail.undone.at)}.`,
    );
  }
  return lines;
}

/** Beyond this many people on one item, the first few are named and the rest counted. */
const ITEM_NAMES = 8;

/** An itemised bill's lines: each item with who had it, then each charge spread over them. */
export function itemLines(
  detail: Pick<ExpenseDetail, 'items' | 'currency'>,
  name: (id: number) => string,
): string[] {
  if (detail.items.length === 0) return [];
  const lines = ['Items:'];
  for (const item of detail.items) {
    const what = escapeHtml(clipText(item.description || 'item', 60));
    if (item.charge) {
      const percent = item.percent === null ? '' : ` ${chargePercentShown(item.percent)}`;
      lines.push(`  ${what}${percent}: ${money(item.amount, detail.currency)}`);
    } else {
      const who =
        item.userIds.length <= ITEM_NAMES
          ? item.userIds.map(name).join(', ')
          : `${item.userIds
              .slice(0, ITEM_NAMES - 2)
              .map(name)
              .join(', ')} and ${item.userIds.length - (ITEM_NAMES - 2)} more`;
      lines.push(`  ${what} ${money(item.amount, detail.currency)}: ${who}`);
    }
  }
  return lines;
}
