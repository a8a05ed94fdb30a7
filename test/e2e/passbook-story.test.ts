// The passbook explains itself, through the Bot API emulator: one date header per day, every amount
// in its group's currency, nets per currency (a rupee flat and a euro trip are never added up), an
// undone expense said to be undone beside its reversal, a correction as its own line.
import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { newFlat, replyTo } from '../support/flat.js';

describe('the passbook', () => {
  let h: TestBot;
  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const text = (m: Message) => h.emulator.textOf(m);

  it('keeps each group’s currency, nets per currency, and says what was undone', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true, kabir: false });
    const trip = h.emulator.createGroup({ title: 'Trip', members: [asha, ravi], admins: [asha] });
    for (const user of [asha, ravi]) await replyTo(h, user, trip, '/start', /Hello/);
    await replyTo(h, asha, trip, '/currency EUR', /now keeps/);
    await replyTo(h, asha, group, '/paid 1000 equal @asha_k @ravi_m rent', /Recorded/);
    await replyTo(h, asha, trip, '/paid 100 equal @asha_k @ravi_m museum', /Recorded/);
    await replyTo(h, asha, group, '/paid 300 equal @asha_k @ravi_m chai', /Recorded/);
    const question = await replyTo(h, asha, group, '/undo', /^Undo expense/);
    const yes = question.reply_markup?.inline_keyboard.flat().find((b) => b.text === 'Yes, undo it');
    const undone = h.emulator.waitFor((m) => m.message_id === question.message_id && /Undone/.test(text(m)));
    h.emulator.pressButton(asha, question, (yes as { callback_data: string }).callback_data);
    await undone;

    await replyTo(h, ravi, 'private', '/start', /./);
    const passbook = text(await replyTo(h, ravi, 'private', '/passbook', /Your passbook/));
    // Nets per currency, never ₹ plus €.
    expect(passbook).toContain('Net in INR: you owe ₹500.00');
    expect(passbook).toContain('Net in EUR: you owe EUR 50.00');
    expect(passbook).not.toContain('₹550.00');
    // The euro expense in euros, with the running net in euros.
    expect(passbook).toMatch(
      /#\d+ museum: Asha paid EUR 100\.00, your share EUR 50\.00 · net −EUR 50\.00 · Trip/,
    );
    expect(passbook).toMatch(/#\d+ rent: Asha paid ₹1,000\.00, your share ₹500\.00 · net −₹500\.00 · Flat/);
    // The undone expense says so, and its reversal is not a charge.
    expect(passbook).toMatch(
      /#\d+ chai: Asha paid ₹300\.00, your share ₹150\.00 · later undone · net −₹650\.00/,
    );
    expect(passbook).toMatch(
      /↩️ #\d+ chai undone: Asha's ₹300\.00 reversed, \+₹150\.00 to you · net −₹500\.00/,
    );
    // One date header for the day.
    const headers = passbook.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2}$/.test(l));
    expect(headers).toHaveLength(1);
  });
});
