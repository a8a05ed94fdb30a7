// /receipt 12: attaches a photo of the bill to an expense recorded earlier, sent as a reply to the
// photo or as its caption (the payer, the recorder or a group admin). A /paid sent as a photo's
// caption keeps the photo already (paid.ts); /expense 12 shows it (expense-detail.ts).
import { Composer } from 'grammy';
import { CommandError, parseExpenseId } from '../../commands/index.js';
import { attachReceipt } from '../../usecases/receipts.js';
import { isGroupAdmin } from '../buttons.js';
import type { BotContext } from '../context.js';
import { largestPhoto } from '../files.js';
import { copyReceipt } from '../receipts.js';
import { anyArgument, repliedInput } from '../replied.js';
import { answer } from '../reply.js';
import { groupIdOf } from './balances.js';

const USAGE = '/receipt 12 (as a reply to the photo of the bill, or as its caption)';

export const receipts = new Composer<BotContext>();

receipts.chatType(['group', 'supergroup']).command('receipt', async (ctx) => {
  const { expenseId } = parseExpenseId(await repliedInput(ctx, anyArgument), USAGE);
  const photo = largestPhoto(ctx.msg.photo) ?? largestPhoto(ctx.msg.reply_to_message?.photo);
  if (!photo) {
    throw new CommandError(
      'BAD_RECEIPT',
      `Send /receipt ${expenseId} as a reply to the photo of the bill, or as the photo's caption`,
      USAGE,
      {},
      `Send /receipt ${expenseId} as a reply to the photo of the bill, or as the photo's caption.`,
    );
  }
  const by = ctx.sender;
  if (!by) throw new Error('the members middleware sets the sender');
  const attached = await attachReceipt(ctx.services, {
    groupId: groupIdOf(ctx),
    expenseId,
    byId: by.id,
    byAdmin: await isGroupAdmin(ctx),
    photo,
  });
  ctx.recorded = `the receipt of expense #${attached.expenseId}`;
  if (!attached.copied) copyReceipt(ctx, attached.expenseId, photo);
  answer(ctx, `🧾 Receipt attached to #${attached.expenseId}: /expense ${attached.expenseId} shows it.`);
});
