// The flood guard counts every command, however it is sent: a /paid as a photo's caption (each
// one downloads and stores the photo), a file's caption, a file sent in reply to the bot, a button
// press, not only typed text (issue 25, finding 3: eight captioned /paid in a minute with a limit of
// three were all recorded).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floodSenderOf } from '../../src/usecases/flood-guard.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, newFlat, replyTo } from '../support/flat.js';

function photoBytes(seed: number): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.alloc(2048, seed),
    Buffer.from([0xff, 0xd9]),
  ]);
}

describe('the flood guard', () => {
  let h: TestBot;
  beforeAll(async () => {
    h = await startTestBot({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('counts /paid sent as photo captions: over the limit they are skipped, once said', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true });
    // newFlat's /start was Asha's first command of the window.
    for (let i = 0; i < 6; i++) {
      h.emulator.sendPhoto(asha, group, photoBytes(i), {
        caption: `/paid 100 equal @asha_k @ravi_m snack ${i}`,
      });
    }
    await h.emulator.waitFor((m) => m.chat.id === group.id && /too fast/.test(h.emulator.textOf(m)));
    // Someone else's command after the flood: a chat's updates are handled in order, so once it is
    // answered all six photos have been handled.
    await replyTo(h, ravi, group, '/balances', /^Balances|All settled/);
    const texts = h.emulator.sent({ chatId: group.id }).map((m) => h.emulator.textOf(m));
    expect(await expensesIn(h, group)).toHaveLength(2);
    expect(texts.join('\n').match(/too fast/g)).toHaveLength(1);
  });

  it('counts commands in captions, files sent in reply to the bot and presses; not ordinary chat', () => {
    const from = { id: 42, is_bot: false, first_name: 'Asha' };
    const chat = { id: -1, type: 'group' };
    const bot = { id: 7, is_bot: true, first_name: 'Hisaab' };
    const document = { file_id: 'f', file_unique_id: 'u' };
    const photo = [{ file_id: 'p', file_unique_id: 'q', width: 1, height: 1 }];
    const message = (rest: object) => ({
      update_id: 1,
      message: { message_id: 1, date: 0, chat, from, ...rest },
    });
    expect(floodSenderOf(message({ text: '/balances' }))).toBe('42');
    expect(floodSenderOf(message({ photo, caption: '/paid 100 lunch' }))).toBe('42');
    expect(floodSenderOf(message({ document, caption: '/import' }))).toBe('42');
    expect(
      floodSenderOf(message({ document, reply_to_message: { message_id: 2, date: 0, chat, from: bot } })),
    ).toBe('42');
    expect(
      floodSenderOf(message({ photo, reply_to_message: { message_id: 2, date: 0, chat, from: bot } })),
    ).toBe('42');
    expect(
      floodSenderOf({ update_id: 2, callback_query: { id: 'c', from, chat_instance: 'i', data: 'x' } }),
    ).toBe('42');
    expect(floodSenderOf(message({ text: 'good morning' }))).toBeNull();
    expect(
      floodSenderOf(message({ photo, reply_to_message: { message_id: 2, date: 0, chat, from } })),
    ).toBeNull();
  });
});
