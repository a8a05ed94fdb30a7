// /erasegroup: a group admin erases the group's whole ledger. The bot asks for a confirmation whose
// buttons carry only the stored request's id (usecases/erase-group.ts checks the presser, chat, age
// and that it was not answered); on Erase it checks with Telegram that the presser is still an admin,
// sends them the group's final CSV export in private, and only once Telegram took that file erases
// the group. If the file cannot be delivered, nothing is erased.
import { Composer, GrammyError, InlineKeyboard, InputFile } from 'grammy';
import { groupFile } from '../../export/groups.js';
import {
  answerGroupErasure,
  askGroupErasure,
  ERASE_QUESTION_MS,
  eraseGroup,
  type GroupToErase,
} from '../../usecases/erase-group.js';
import { isGroupAdmin, offeredOnMessage, pressedByOwner } from '../buttons.js';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';
import { answer, editAnswer } from '../reply.js';
import { groupIdOf } from './balances.js';

export const eraseGroupFeature = new Composer<BotContext>();
const inGroup = eraseGroupFeature.chatType(['group', 'supergroup']);

inGroup.command('erasegroup', async (ctx) => {
  const requestId = await askGroupErasure(ctx.services, {
    groupId: groupIdOf(ctx),
    chatId: ctx.chat.id,
    requesterTelegramId: ctx.from.id,
    isAdmin: await isGroupAdmin(ctx),
  });
  answer(
    ctx,
    "Erase this group's whole ledger (every expense, payment, balance, receipt and setting)? I will first send you its final export privately. This cannot be undone.",
    {
      keyboard: new InlineKeyboard()
        .text('Erase the group', `eg:${requestId}:y`)
        .text('Keep it', `eg:${requestId}:n`),
    },
  );
});

inGroup.callbackQuery(/^eg:(\d{1,9}):(y|n)$/, async (ctx) => {
  if (!offeredOnMessage(ctx)) {
    await ctx.answerCallbackQuery({
      text: 'That button is not on this message; nothing was changed.',
      show_alert: true,
    });
    return;
  }
  const answered = await answerGroupErasure(ctx.services, {
    requestId: Number(ctx.match[1]),
    chatId: ctx.chat.id,
    presserTelegramId: ctx.from.id,
    erase: ctx.match[2] === 'y',
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
      `This question expired after ${ERASE_QUESTION_MS / 60_000} minutes without an answer; nothing was erased. Send /erasegroup again.`,
    );
    return;
  }
  if (answered.status === 'cancelled') {
    editAnswer(ctx, 'Kept: nothing was erased.');
    return;
  }
  await eraseConfirmed(ctx, answered.group);
});

/** Still an admin, the final export delivered privately, then the erasure; otherwise nothing. */
async function eraseConfirmed(ctx: BotContext, group: GroupToErase): Promise<void> {
  if (!ctx.chat || !ctx.from) return;
  if (!(await isGroupAdmin(ctx))) {
    editAnswer(ctx, "Only a group admin can erase the group's ledger; nothing was erased.");
    return;
  }
  const csv = await groupFile(ctx.services.sql, group);
  const name = `hisaab-group-${group.id}-final.csv`;
  try {
    await ctx.api.sendDocument(ctx.from.id, new InputFile(new TextEncoder().encode(csv), name), {
      caption: `The final export of ${group.title} (Splitwise's layout), sent before its ledger is erased.`,
    });
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    editAnswer(
      ctx,
      "I could not send you the group's final export privately, so nothing was erased: open a private chat with me, send /start, then /erasegroup here again.",
    );
    return;
  }
  const receipts = ctx.services.receipts;
  const erased = await eraseGroup(ctx.services, {
    groupId: group.id,
    chatIds: [ctx.chat.id],
    ...(receipts ? { removeStored: (keys: string[]) => receipts.remove(keys) } : {}),
  });
  ctx.recorded = `the erasure of group ${group.id}`;
  editAnswer(
    ctx,
    `Erased: ${escapeHtml(group.title)}'s ledger is gone (${plural(erased.expenses, 'expense')}, ${plural(erased.payments, 'payment')}, ${plural(erased.receipts, 'receipt')}); its final export was sent to you privately. A new /paid here starts a new ledger.`,
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
