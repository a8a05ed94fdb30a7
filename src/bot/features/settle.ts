// /settle @person [amount]: the sender records that they paid someone (the whole debt by default).
import { Composer } from 'grammy';
import { parseSettle } from '../../commands/index.js';
import { recordSettlement } from '../../usecases/record-settlement.js';
import type { BotContext } from '../context.js';
import { money, nameBook } from '../format.js';
import { answer, commandInput } from '../reply.js';
import { groupIdOf } from './balances.js';
import { telegramGroup } from './members.js';

export const settle = new Composer<BotContext>();

settle.chatType(['group', 'supergroup']).command('settle', async (ctx) => {
  const intent = parseSettle(commandInput(ctx));
  const from = ctx.sender;
  if (!from) return;
  const [to] = await ctx.services.members.resolve(telegramGroup(ctx.chat), [intent.person]);
  if (!to) return;
  const result = await recordSettlement(ctx.services, {
    groupId: groupIdOf(ctx),
    from,
    to,
    amount: intent.amount,
    recordedById: from.id,
    source: { chatId: ctx.chat.id, messageId: ctx.msg.message_id },
  });
  ctx.recorded = 'the payment';
  const name = nameBook([from, to]);
  const after = result.owedAfter;
  const standing = after.isZero()
    ? `${name(from.id)} and ${name(to.id)} are now even.`
    : after.isPositive()
      ? `${name(from.id)} still owes ${name(to.id)}: ${money(after)}`
      : `${name(to.id)} now owes ${name(from.id)}: ${money(after.neg())}`;
  const headline = `${result.created ? '✅ Recorded' : 'ℹ️ Already recorded'}: ${name(from.id)} paid ${name(to.id)} ${money(result.amount)}.`;
  answer(ctx, [headline, standing], { summary: { line: `${headline} ${standing}` } });
});
