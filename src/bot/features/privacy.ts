// People's data, in a private chat: /privacy says what is kept, why, for how long and whom to
// write to; /mydata sends a file with everything stored about the sender; /forget erases who they
// are after a confirmation (their amounts stay, as "Former member N"). In a group these point to
// the private chat: personal data is not for the group.
import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { forgetPerson, myData } from '../../usecases/personal-data.js';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';
import { answer, editAnswer } from '../reply.js';

export const privacy = new Composer<BotContext>();
const inPrivate = privacy.chatType('private');

inPrivate.command('privacy', (ctx) => {
  const contact = ctx.services.config.privacyContact;
  answer(ctx, [
    '<b>What Hisaab keeps about you, and why</b>',
    '• Your Telegram name, username and id: to name you in the groups you share expenses with.',
    '• What you record and what is recorded with you (expenses, shares, payments, receipts): the ledger, kept while the group uses it.',
    `• Your email, mobile and UPI id, only if you give them in /profile: the UPI id for pay links; email and mobile go into the weekly user export (a file the operator keeps for ${ctx.services.config.export.retentionWeeks} weeks).`,
    '• An unfinished /profile is dropped after an hour.',
    '/mydata sends you all of it as a file. /profile corrects it. /forget erases your name, username, email, mobile, UPI id and receipts; the amounts stay, under "Former member", because the others\' balances depend on them.',
    contact
      ? `Questions or grievances: ${escapeHtml(contact)}.`
      : 'Questions or grievances: write to whoever runs this bot.',
  ]);
});

inPrivate.command('mydata', async (ctx) => {
  const data = await myData(ctx.services, { telegramId: ctx.from.id });
  if (!data) return answer(ctx, 'I have nothing stored about you.');
  const bytes = new TextEncoder().encode(`${JSON.stringify(data, null, 2)}\n`);
  await ctx.replyWithDocument(new InputFile(bytes, 'hisaab-my-data.json'), {
    caption: 'Everything Hisaab stores about you. /forget erases it; /privacy says why it is kept.',
  });
});

inPrivate.command('forget', (ctx) =>
  answer(
    ctx,
    'Erase you from Hisaab? Your name, username, email, mobile, UPI id and the receipts you attached are deleted, and you become "Former member" in every group. The amounts stay, because the others\' balances depend on them. This cannot be undone.',
    { keyboard: new InlineKeyboard().text('Yes, erase me', 'forget:yes').text('Keep me', 'forget:no') },
  ),
);

// In a private chat the presser is the chat's own person, and the data names nobody: a press can
// only ever erase the one pressing.
inPrivate.callbackQuery(/^forget:(yes|no)$/, async (ctx) => {
  if (ctx.match[1] === 'no') {
    await ctx.answerCallbackQuery({ text: 'Kept.' });
    editAnswer(ctx, 'Kept: nothing was erased.');
    return;
  }
  const receipts = ctx.services.receipts;
  const gone = await forgetPerson(ctx.services, {
    telegramId: ctx.from.id,
    ...(receipts ? { removeStored: (keys: string[]) => receipts.remove(keys) } : {}),
  });
  ctx.recorded = 'your erasure';
  await ctx.answerCallbackQuery({ text: 'Erased.' });
  editAnswer(
    ctx,
    `Done: you are now "${gone.name}" in ${gone.groups === 1 ? '1 group' : `${gone.groups} groups`}; your name, username, email, mobile, UPI id and ${gone.receipts === 1 ? '1 receipt' : `${gone.receipts} receipts`} are gone. The amounts stay, because the others' balances depend on them. If you write to me again, I will know you as a new person.`,
  );
});

privacy
  .chatType(['group', 'supergroup'])
  .command(['privacy', 'mydata', 'forget'], (ctx) =>
    answer(ctx, 'Send that to me in a private chat: your data is not for the group.'),
  );
