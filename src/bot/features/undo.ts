// /undo [12 | P3]: asks to confirm, then undoes the sender's latest expense or payment (whichever
// came last), or the one named. An expense: its payer, whoever recorded it, or a group admin; a
// payment: its sender, its receiver, whoever recorded it, or a group admin. The question's buttons
// belong to the person who asked (their Telegram id is in the callback data); permission is
// checked again on press.
import { Composer, InlineKeyboard } from 'grammy';
import { parseUndo } from '../../commands/index.js';
import { findLatestUndoable, type Undoable } from '../../usecases/latest-undoable.js';
import { findUndoTarget, undoExpense } from '../../usecases/undo-expense.js';
import { findSettlementUndoTarget, undoSettlement } from '../../usecases/undo-settlement.js';
import { isGroupAdmin, ownedButton, pressedByOwner } from '../buttons.js';
import type { BotContext } from '../context.js';
import { clipText, escapeHtml, moneyIn, nameBook } from '../format.js';
import { anyArgument, repliedInput } from '../replied.js';
import { answer, editAnswer } from '../reply.js';
import { groupIdOf } from './balances.js';
import { pairStanding } from './settle.js';

export const undo = new Composer<BotContext>();
const inGroup = undo.chatType(['group', 'supergroup']);

/** How much of a description or note the question shows. */
const SHOWN = 120;

inGroup.command('undo', async (ctx) => {
  const { expenseId, settlementId } = parseUndo(await repliedInput(ctx, anyArgument));
  const sender = ctx.sender;
  if (!sender) return;
  const groupId = groupIdOf(ctx);
  const named = expenseId !== undefined || settlementId !== undefined;
  const requesterIsAdmin = named && (await isGroupAdmin(ctx));
  const target: Undoable =
    expenseId !== undefined
      ? {
          kind: 'expense',
          expense: await findUndoTarget(ctx.services, {
            groupId,
            requesterId: sender.id,
            requesterIsAdmin,
            expenseId,
          }),
        }
      : settlementId !== undefined
        ? {
            kind: 'settlement',
            settlement: await findSettlementUndoTarget(ctx.services, {
              groupId,
              requesterId: sender.id,
              requesterIsAdmin,
              settlementId,
            }),
          }
        : await findLatestUndoable(ctx.services, { groupId, requesterId: sender.id });
  const owner = ctx.from?.id ?? sender.telegramId;
  if (target.kind === 'expense') {
    const e = target.expense;
    const what = e.description ? ` ${escapeHtml(clipText(e.description, SHOWN))}` : '';
    answer(ctx, `Undo expense <b>#${e.id}</b>: ${moneyIn(ctx)(e.amount)}${what}?`, {
      keyboard: new InlineKeyboard()
        .text('Yes, undo it', ownedButton('undo:e', e.id, owner))
        .text('Keep it', ownedButton('keep:e', e.id, owner)),
    });
    return;
  }
  const s = target.settlement;
  const name = nameBook([s.from, s.to]);
  const note = s.note ? ` (${escapeHtml(clipText(s.note, SHOWN))})` : '';
  answer(
    ctx,
    `Undo payment <b>P${s.id}</b>: ${name(s.from.id)} paid ${name(s.to.id)} ${moneyIn(ctx)(s.amount)}${note}?`,
    {
      keyboard: new InlineKeyboard()
        .text('Yes, undo it', ownedButton('undo:p', s.id, owner))
        .text('Keep it', ownedButton('keep:p', s.id, owner)),
    },
  );
});

inGroup.callbackQuery(/^undo:e:(\d+):(\d+)$/, async (ctx) => {
  if (!(await pressedByOwner(ctx, ctx.match[2] as string))) return;
  await confirmExpenseUndo(ctx, Number(ctx.match[1]));
});

inGroup.callbackQuery(/^undo:p:(\d+):(\d+)$/, async (ctx) => {
  if (!(await pressedByOwner(ctx, ctx.match[2] as string))) return;
  const sender = ctx.sender;
  if (!sender) return;
  const undone = await undoSettlement(ctx.services, {
    groupId: groupIdOf(ctx),
    requesterId: sender.id,
    requesterIsAdmin: await isGroupAdmin(ctx),
    settlementId: Number(ctx.match[1]),
  });
  ctx.recorded = `undid payment P${undone.id}`;
  const name = nameBook([undone.from, undone.to]);
  editAnswer(
    ctx,
    [
      `↩️ Undone <b>P${undone.id}</b>: ${name(undone.from.id)} paid ${name(undone.to.id)} ${moneyIn(ctx)(undone.amount)}. It stays in /expenses all.`,
      pairStanding(undone.owedAfter, name(undone.from.id), name(undone.to.id)),
    ].join('\n'),
  );
  await ctx.answerCallbackQuery({ text: `Payment P${undone.id} undone.` });
});

inGroup.callbackQuery(/^keep:([ep]):(\d+):(\d+)$/, async (ctx) => {
  if (!(await pressedByOwner(ctx, ctx.match[3] as string))) return;
  const label = ctx.match[1] === 'p' ? `payment P${ctx.match[2]}` : `expense #${ctx.match[2]}`;
  await ctx.answerCallbackQuery({ text: 'Kept.' });
  editAnswer(ctx, `Kept ${label}; nothing changed.`);
});

// Questions asked before buttons carried their owner: whoever may undo the expense may answer.
inGroup.callbackQuery(/^undo:(\d+)$/, (ctx) => confirmExpenseUndo(ctx, Number(ctx.match[1])));

inGroup.callbackQuery(/^keep:(\d+)$/, async (ctx) => {
  const sender = ctx.sender;
  if (!sender) return;
  await findUndoTarget(ctx.services, {
    groupId: groupIdOf(ctx),
    requesterId: sender.id,
    requesterIsAdmin: await isGroupAdmin(ctx),
    expenseId: Number(ctx.match[1]),
  });
  await ctx.answerCallbackQuery({ text: 'Kept.' });
  editAnswer(ctx, `Kept expense #${ctx.match[1]}; nothing changed.`);
});

async function confirmExpenseUndo(ctx: BotContext, expenseId: number): Promise<void> {
  const sender = ctx.sender;
  if (!sender) return;
  const target = await undoExpense(ctx.services, {
    groupId: groupIdOf(ctx),
    requesterId: sender.id,
    requesterIsAdmin: await isGroupAdmin(ctx),
    expenseId,
  });
  ctx.recorded = `undid expense #${target.id}`;
  const what = target.description ? ` ${escapeHtml(clipText(target.description, SHOWN))}` : '';
  editAnswer(
    ctx,
    `↩️ Undone <b>#${target.id}</b>: ${moneyIn(ctx)(target.amount)}${what}. Balances are back to what they were without it.`,
  );
  await ctx.answerCallbackQuery({ text: `Expense #${target.id} undone.` });
}
