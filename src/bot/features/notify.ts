// /notify on|off, in a private chat: private notes when someone else records, corrects or undoes an
// expense or a payment that involves you (off by default; see bot/change-notes.ts).
import { Composer } from 'grammy';
import { setChangeNotes } from '../../usecases/change-notes.js';
import type { BotContext } from '../context.js';
import { answer } from '../reply.js';

export const notify = new Composer<BotContext>();

notify.chatType('private').command('notify', async (ctx) => {
  const word = ctx.match.trim().toLowerCase();
  if (word !== '' && word !== 'on' && word !== 'off') {
    answer(
      ctx,
      'Send /notify on to get a note when someone else records something that involves you, or /notify off to stop.',
    );
    return;
  }
  const on = await setChangeNotes(ctx.services, {
    telegramId: ctx.from.id,
    ...(word === '' ? {} : { on: word === 'on' }),
  });
  answer(
    ctx,
    on
      ? `${word === '' ? 'Notes are on' : '✅ Notes on'}: when someone else records, corrects or undoes an expense or a payment that involves you, I tell you here (changes within a couple of minutes come together). /notify off stops them.`
      : `${word === '' ? 'Notes are off' : '✅ Notes off'}. /notify on sends you a note here when someone else records, corrects or undoes something that involves you.`,
  );
});

notify
  .chatType(['group', 'supergroup'])
  .command('notify', (ctx) => answer(ctx, 'Send /notify on to me in a private chat: the notes come there.'));
