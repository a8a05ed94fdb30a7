// Reminders end to end, with the app's clock moved by the test: the weekly digest reaches each
// debtor who can be written to, once a week even across a restart, and not after Mute; /remind
// nudges one debtor once a day per pair and tells the asker whether it could be delivered; a
// group's automatic nudges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { type Flat, newFlat, replyTo } from '../support/flat.js';

describe('reminders', () => {
  let h: TestBot;
  let flat: Flat;
  // Monday 30 Nov 2026, 08:00 UTC (the digest goes out on Mondays at 10:00 in EXPORT_TZ, UTC here).
  let now = new Date('2026-11-18T08:00:00Z');

  const dmsTo = (userId: number, pattern: RegExp) =>
    h.emulator.sent({ chatId: userId }).filter((m) => pattern.test(h.emulator.textOf(m)));

  const say = (from: Flat['asha'], text: string, expected: RegExp) =>
    replyTo(h, from, flat.group, text, expected);

  beforeAll(async () => {
    h = await startTestBot({ clock: () => now });
    flat = await newFlat(h, { usernames: true });
    const { asha, ravi, kabir, group } = flat;
    // Ravi and Kabir opened a private chat with the bot; Meera never did.
    await replyTo(h, ravi, 'private', '/start', /./);
    await replyTo(h, kabir, 'private', '/start', /./);
    await replyTo(h, asha, group, '/paid 1200 equal @asha_k @ravi_m @meera_i @kabir_r groceries', /Recorded/);
    now = new Date('2026-11-30T08:00:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the weekly digest reaches each debtor who can be written to, once, even after a restart', async () => {
    const { ravi, meera, kabir, asha } = flat;
    await h.app.reminders.tick();
    expect(dmsTo(ravi.id, /^💸 Your weekly reminder/)).toHaveLength(0); // 08:00: not yet
    now = new Date('2026-11-30T10:05:00Z');
    // A tick resolves once its messages were delivered (or given up).
    await h.app.reminders.tick();
    const [digest] = dmsTo(ravi.id, /^💸 Your weekly reminder/);
    expect(dmsTo(kabir.id, /^💸 Your weekly reminder/)).toHaveLength(1);
    expect(digest && h.emulator.textOf(digest)).toContain('you owe Asha ₹300.00 in Flat, for 12 days');
    expect(dmsTo(meera.id, /./)).toHaveLength(0);
    expect(dmsTo(asha.id, /./)).toHaveLength(0);

    await h.app.reminders.tick();
    await h.restart();
    await h.app.reminders.runDigest();
    expect(dmsTo(ravi.id, /^💸 Your weekly reminder/)).toHaveLength(1);
  });

  it('Mute stops the digest for that person only', async () => {
    const { ravi, kabir } = flat;
    const [digest] = dmsTo(ravi.id, /^💸 Your weekly reminder/);
    if (!digest) throw new Error('no digest');
    h.emulator.pressButton(ravi, digest, `mute:digest:${ravi.id}`);
    await h.emulator.waitFor((m) => m.message_id === digest.message_id && /Muted/.test(h.emulator.textOf(m)));
    now = new Date('2026-12-07T10:05:00Z');
    await h.app.reminders.tick();
    expect(dmsTo(ravi.id, /^💸 Your weekly reminder/)).toHaveLength(1);
    expect(dmsTo(kabir.id, /^💸 Your weekly reminder/)).toHaveLength(2);
  });

  it('/remind nudges once a day per pair and says when someone cannot be reached', async () => {
    const { asha, ravi } = flat;
    const told = await say(asha, '/remind @ravi_m', /reminded|started/);
    expect(h.emulator.textOf(told)).toBe('📨 I reminded Ravi privately that they owe you ₹300.00.');
    const [nudge] = dmsTo(ravi.id, /reminds you/);
    expect(nudge && h.emulator.textOf(nudge)).toBe(
      '👋 Asha reminds you: you owe Asha ₹300.00 in Flat, for 19 days. Pay them and record it there with /settle.',
    );

    const again = await say(asha, '/remind @ravi_m', /already reminded/);
    expect(h.emulator.textOf(again)).toBe(
      'You already reminded Ravi today; you can remind them again tomorrow.',
    );
    expect(dmsTo(ravi.id, /reminds you/)).toHaveLength(1);

    const meera = await say(asha, '/remind @meera_i', /Meera/);
    expect(h.emulator.textOf(meera)).toBe(
      'Meera has not started a chat with me; ask them to open @HisaabTestBot and press Start.',
    );
    const none = await say(ravi, '/remind @meera_i', /owe/);
    expect(h.emulator.textOf(none)).toBe(
      "Meera doesn't owe you anything in this group, so there is nothing to remind them of.",
    );

    now = new Date('2026-12-08T10:05:00Z');
    await say(asha, '/remind @ravi_m', /I reminded Ravi/);
    expect(dmsTo(ravi.id, /reminds you/)).toHaveLength(2);
  });

  it('a group can nudge debtors by itself above an amount, once a week', async () => {
    const { asha, kabir, ravi, group } = flat;
    const set = await replyTo(h, asha, group, '/reminders above 250', /remind/);
    expect(h.emulator.textOf(set)).toBe(
      '⏰ Done: I remind people privately, at most once a week, when a debt is above ₹250.00. /reminders off stops it.',
    );
    now = new Date('2026-12-09T10:05:00Z');
    await h.app.reminders.tick();
    expect(dmsTo(kabir.id, /A reminder from Flat/)).toHaveLength(1);
    expect(dmsTo(ravi.id, /A reminder from Flat/)).toHaveLength(1);
    now = new Date('2026-12-10T10:05:00Z');
    await h.app.reminders.tick();
    expect(dmsTo(kabir.id, /A reminder from Flat/)).toHaveLength(1);
    await replyTo(h, asha, group, '/reminders off', /off/);
  });
});
