// /undo [id]: asks to confirm, then undoes the sender's last expense (or the one named). The payer,
// whoever recorded it, or a group admin may undo; the confirmation is checked again on press.
import { Composer, InlineKeyboard } from 'grammy';
import { parseUndo } from '../../commands/index.js';
import { findUndoTarget, undoExpense } from '../../usecases/undo-expense.js';
import type { BotContext } from '../context.js';
import { escapeHtml, money } from '../format.js';
import { answer, commandInput, editAnswer } from '../reply.js';
import { groupIdOf } from './balances.js';

export const undo = new Composer<BotContext>();
const inGroup = undo.chatType(['group', 'supergroup']);

async function isGroupAdmin(ctx: BotContext): Promise<boolean> {
  if (!ctx.chat || !ctx.from) return false;
  const member = await ctx.api.getChatMember(ctx.chat.id, ctx.from.id);
  return member.status === 'creator' || member.status === 'administrator';
}

inGroup.command('undo', async (ctx) => {
  const { expenseId } = parseUndo(commandInput(ctx));
  const sender = ctx.sender;
  if (!sender) return;
  const target = await findUndoTarget(ctx.services, {
    groupId: groupIdOf(ctx),
    requesterId: sender.id,
    requesterIsAdmin: expenseId !== undefined && (await isGroupAdmin(ctx)),
    expenseId,
  });
  const what = target.description ? ` ${escapeHtml(target.description)}` : '';
  answer(ctx, `Undo expense <b>#${target.id}</b>: ${money(target.amount)}${what}?`, {
    keyboard: new InlineKeyboard()
      .text('Yes, undo it', `undo:${target.id}`)
      .text('Keep it', `keep:${target.id}`),
  });
});

inGroup.callbackQuery(/^undo:(\d+)$/, async (ctx) => {
  const sender = ctx.sender;
  if (!sender) return;
  const target = await undoExpense(ctx.services, {
    groupId: groupIdOf(ctx),
    requesterId: sender.id,
    requesterIsAdmin: await isGroupAdmin(ctx),
    expenseId: Number(ctx.match[1]),
  });
  ctx.recorded = `undid expense #${target.id}`;
  const what = target.description ? ` ${escapeHtml(target.description)}` : '';
  editAnswer(
    ctx,
    `↩️ Undone <b>#${target.id}</b>: ${money(target.amount)}${what}. Balances are back to what they were without it.`,
  );
  await ctx.answerCallbackQuery({ text: `Expense #${target.id} undone.` });
});

inGroup.callbackQuery(/^keep:(\d+)$/, async (ctx) => {
  await ctx.answerCallbackQuery({ text: 'Kept.' });
  editAnswer(ctx, `Kept expense #${ctx.match[1]}; nothing changed.`);
});
