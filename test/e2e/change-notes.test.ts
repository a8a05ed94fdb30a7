// Private notes of changes (/notify on): someone who asked is told, in one private message, what
// others recorded, corrected or undid that involves them and its effect on their balance; changes
// they made themselves, and people who did not ask, get nothing; each change is told once.
import type { Chat } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { type Flat, newFlat, replyTo } from '../support/flat.js';

describe('private change notes', () => {
  let h: TestBot;
  let flat: Flat;
  let group: Chat;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
    flat = await newFlat(h, { usernames: true });
    group = flat.group;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const text = (m: Parameters<TestBot['emulator']['textOf']>[0]) => h.emulator.textOf(m);

  it('tells someone who turned notes on what others changed, once, in one message', async () => {
    const { asha, ravi, meera } = flat;
    expect(text(await replyTo(h, ravi, 'private', '/notify', /Notes/))).toMatch(/^Notes are off/);
    expect(text(await replyTo(h, ravi, 'private', '/notify on', /Notes on/))).toMatch(/^✅ Notes on/);
    await replyTo(h, meera, 'private', '/start', /./); // Meera could get notes, but did not ask

    const first = text(
      await replyTo(h, asha, group, '/paid 1200 equal @asha_k @ravi_m @meera_i dinner', /Recorded/),
    );
    const number = Number(/#(\d+)/.exec(first)?.[1]);
    await replyTo(h, asha, group, `/edit ${number} 900 equal @asha_k @ravi_m @meera_i dinner`, /Corrected/);
    // Ravi's own /paid is not news to him.
    await replyTo(h, ravi, group, '/paid 300 equal @asha_k @ravi_m chai', /Recorded/);

    const note = h.emulator.waitFor((m) => m.chat.id === ravi.id && /involve you/.test(text(m)));
    expect(await h.app.changeNotes.sweep(0)).toBe(1);
    expect(text(await note)).toBe(
      [
        '🔔 Changes that involve you:',
        `• Asha recorded #${number} dinner in Flat: you owe ₹400.00 more. /expense ${number} there shows it.`,
        `• Asha corrected #${number} dinner in Flat: you are owed ₹100.00 more. /expense ${number} there shows it.`,
        '/notify off stops these notes.',
      ].join('\n'),
    );
    expect(h.emulator.sent({ chatId: meera.id }).filter((m) => /involve you/.test(text(m)))).toHaveLength(0);
    // Told once: the next sweep finds nothing new.
    expect(await h.app.changeNotes.sweep(0)).toBe(0);
  });

  it('answers /notify in a group with where to send it', async () => {
    expect(text(await replyTo(h, flat.kabir, group, '/notify on', /private/))).toBe(
      'Send /notify on to me in a private chat: the notes come there.',
    );
  });
});
