// /expenses [all] [page]: the group's story, a page at a time: expenses and payments (settlements,
// marked 💸 with a P number) together, newest first; undone entries only with `all`. Buttons page
// through. /expense 12: one expense in full (src/bot/features/expense-detail.ts).
import { Composer, InlineKeyboard } from 'grammy';
import { parseExpensesList } from '../../commands/index.js';
import type { Decimal } from '../../ledger/index.js';
import { type HistoryItem, listHistory } from '../../usecases/list-history.js';
import type { BotContext } from '../context.js';
import { clipText, escapeHtml, formatDate, moneyIn } from '../format.js';
import { answer, commandInput, editAnswer } from '../reply.js';
import { groupIdOf } from './balances.js';

/** How much of a description and a name a list line shows (the whole is in the expense itself). */
const LIST_TEXT = 80;
const LIST_NAME = 40;

const SPLIT_LABEL = { EQUAL: 'equal', EXACT: 'exact', PERCENT: 'percent', SHARES: 'shares' } as const;

export const expenses = new Composer<BotContext>();
const inGroup = expenses.chatType(['group', 'supergroup']);

inGroup.command('expenses', async (ctx) => {
  const { page, all } = parseExpensesList(commandInput(ctx));
  const view = await expensesPage(ctx, page, all);
  answer(ctx, view.text, { keyboard: view.keyboard });
});

inGroup.callbackQuery(/^exp(a?):(\d+)$/, async (ctx) => {
  const view = await expensesPage(ctx, Number(ctx.match[2]), ctx.match[1] === 'a');
  await ctx.answerCallbackQuery();
  editAnswer(ctx, view.text, { keyboard: view.keyboard });
});

/** " (spent 2026-11-28)" when an expense was spent on another day than it was recorded (UTC days). */
export function spent(spentOn: string | null, at: Date): string {
  return spentOn && spentOn !== formatDate(at) ? ` (spent ${spentOn})` : '';
}

function line(item: HistoryItem, money: (amount: Decimal) => string): string {
  // Clipped so that a page of the longest descriptions and names still fits one message.
  const name = (text: string) => escapeHtml(clipText(text, LIST_NAME));
  const text =
    item.kind === 'expense'
      ? `#${item.number} ${formatDate(item.at)}${spent(item.spentOn, item.at)} ${money(item.amount)}${item.description ? ` ${escapeHtml(clipText(item.description, LIST_TEXT))}` : ''}, paid by ${name(item.payerName)} (${SPLIT_LABEL[item.splitType]}, ${item.participants} ${item.participants === 1 ? 'person' : 'people'})`
      : `💸 P${item.number} ${formatDate(item.at)} ${money(item.amount)} payment: ${name(item.fromName)} paid ${name(item.toName)}${item.note ? ` (${escapeHtml(clipText(item.note, LIST_TEXT))})` : ''}`;
  return item.undone ? `<s>${text}</s> undone` : text;
}

async function expensesPage(ctx: BotContext, requested: number, all: boolean) {
  const list = await listHistory(ctx.services, { groupId: groupIdOf(ctx), page: requested, all });
  if (list.total === 0) {
    const hidden = list.hidden > 0 ? ` (${list.hidden} undone: /expenses all shows them)` : '';
    return {
      text: `No expenses yet${hidden}. Record one with /paid 1200 equal @asha @ravi dinner.`,
      keyboard: undefined,
    };
  }
  const keyboard = new InlineKeyboard();
  const mark = all ? 'expa' : 'exp';
  if (list.page > 1) keyboard.text('‹ Newer', `${mark}:${list.page - 1}`);
  if (list.page < list.pages) keyboard.text('Older ›', `${mark}:${list.page + 1}`);
  const footer =
    list.hidden > 0
      ? [
          `<i>${list.hidden} undone ${list.hidden === 1 ? 'entry' : 'entries'} hidden: /expenses all shows them.</i>`,
        ]
      : [];
  return {
    text: [
      `<b>Expenses</b> and 💸 payments${all ? ', undone ones too' : ''} (page ${list.page} of ${list.pages}, ${list.total} in all)`,
      ...list.items.map((item) => line(item, moneyIn(ctx))),
      ...footer,
      '<i>/expense 12 shows one expense in full.</i>',
    ].join('\n'),
    keyboard: keyboard.inline_keyboard.flat().length > 0 ? keyboard : undefined,
  };
}
