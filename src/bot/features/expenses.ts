// /expenses: the group's recent expenses, a page at a time, with buttons to page through.
import { Composer, InlineKeyboard } from 'grammy';
import { parsePage } from '../../commands/index.js';
import { listExpenses } from '../../usecases/list-expenses.js';
import type { BotContext } from '../context.js';
import { clipText, escapeHtml, formatDate, money } from '../format.js';
import { answer, commandInput, editAnswer } from '../reply.js';
import { groupIdOf } from './balances.js';

/** How much of a description and a name a list line shows (the whole is in the expense itself). */
const LIST_TEXT = 80;
const LIST_NAME = 40;

const SPLIT_LABEL = { EQUAL: 'equal', EXACT: 'exact', PERCENT: 'percent' } as const;

export const expenses = new Composer<BotContext>();
const inGroup = expenses.chatType(['group', 'supergroup']);

inGroup.command('expenses', async (ctx) => {
  const { page } = parsePage(commandInput(ctx));
  const view = await expensesPage(ctx, page);
  answer(ctx, view.text, { keyboard: view.keyboard });
});

inGroup.callbackQuery(/^exp:(\d+)$/, async (ctx) => {
  const view = await expensesPage(ctx, Number(ctx.match[1]));
  await ctx.answerCallbackQuery();
  editAnswer(ctx, view.text, { keyboard: view.keyboard });
});

async function expensesPage(ctx: BotContext, requested: number) {
  const list = await listExpenses(ctx.services, { groupId: groupIdOf(ctx), page: requested });
  if (list.total === 0) {
    return {
      text: 'No expenses yet. Record one with /paid 1200 equal @asha @ravi dinner.',
      keyboard: undefined,
    };
  }
  const lines = list.items.map((e) => {
    // Clipped so that a page of the longest descriptions and names still fits one message.
    const what = e.description ? ` ${escapeHtml(clipText(e.description, LIST_TEXT))}` : '';
    const line = `#${e.id} ${formatDate(e.at)} ${money(e.amount)}${what}, paid by ${escapeHtml(clipText(e.payerName, LIST_NAME))} (${SPLIT_LABEL[e.splitType]}, ${e.participants} ${e.participants === 1 ? 'person' : 'people'})`;
    return e.undone ? `<s>${line}</s> undone` : line;
  });
  const keyboard = new InlineKeyboard();
  if (list.page > 1) keyboard.text('‹ Newer', `exp:${list.page - 1}`);
  if (list.page < list.pages) keyboard.text('Older ›', `exp:${list.page + 1}`);
  return {
    text: [`<b>Expenses</b> (page ${list.page} of ${list.pages}, ${list.total} in all)`, ...lines].join('\n'),
    keyboard: keyboard.inline_keyboard.flat().length > 0 ? keyboard : undefined,
  };
}
