// /summary as a group meets it, over HTTP through the Bot API emulator, with the app's clock set
// (mid-November 2026, groups in Asia/Kolkata): a month with known expenses summed up exactly (by
// the day spent, undone ones left out), an empty month, months refused in one sentence, and the
// summary posted by itself on the 1st from 09:00 local time, once, not again after a restart.
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { idOfNumber, newFlat, replyTo } from '../support/flat.js';

describe('/summary', () => {
  let h: TestBot;
  let now = new Date('2026-11-15T06:30:00Z');

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '', EXPORT_TZ: 'Asia/Kolkata' }, clock: () => now });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const text = (m: Message) => h.emulator.textOf(m);

  async function paid(from: User, group: Chat, line: string): Promise<number> {
    const confirmation = await replyTo(h, from, group, line, /Recorded #\d+/);
    return Number(/#(\d+)/.exec(text(confirmation))?.[1]);
  }

  /** October: rent, groceries and dinner (an undone delivery); September: wifi; November: chai. */
  async function octoberFlat() {
    const flat = await newFlat(h, { usernames: true, kabir: false });
    const { group, asha, ravi, meera } = flat;
    const rent = await paid(
      asha,
      group,
      '/paid 30000 2026-10-01 exact @ravi_m 10000 @meera_i 10000 me 10000 rent',
    );
    const sabzi = await paid(ravi, group, '/paid 1200 2026-10-05 equal @asha_k @meera_i me sabzi');
    const dinner = await paid(meera, group, '/paid 900 2026-10-20 @asha_k @ravi_m me dinner');
    const swiggy = await paid(asha, group, '/paid 450 2026-10-21 @ravi_m me swiggy');
    const question = await replyTo(h, asha, group, `/undo ${swiggy}`, /Undo/);
    h.emulator.pressButton(asha, question, `undo:e:${await idOfNumber(h, group, swiggy)}:${asha.id}`);
    await h.emulator.waitFor((m) => m.message_id === question.message_id && /Undone/.test(text(m)));
    await paid(ravi, group, '/paid 2000 2026-09-10 @asha_k me wifi');
    await paid(asha, group, '/paid 99 chai');
    return { ...flat, rent, sabzi, dinner };
  }

  it('sums up a month exactly: total, change, paid and share, categories, biggest expenses', async () => {
    const { group, ravi, rent, sabzi, dinner } = await octoberFlat();
    const summary = text(await replyTo(h, ravi, group, '/summary 2026-10', /October 2026/));
    expect(summary.split('\n')).toEqual([
      '📊 October 2026 in Flat',
      'Spent ₹32,100.00 in 3 expenses.',
      '▲ ₹30,100.00 (+1505%) from September 2026 (₹2,000.00).',
      '',
      'Paid and share (share: what their part of the expenses came to)',
      'Asha: paid ₹30,000.00 · share ₹10,700.00 · +₹19,300.00',
      'Ravi: paid ₹1,200.00 · share ₹10,700.00 · −₹9,500.00',
      'Meera: paid ₹900.00 · share ₹10,700.00 · −₹9,800.00',
      '',
      'Top categories',
      '🏠 Rent: ₹30,000.00 · 93%',
      '🛒 Groceries: ₹1,200.00 · 4%',
      '🍽 Eating out: ₹900.00 · 3%',
      '',
      'Biggest expenses',
      `#${rent} ₹30,000.00 rent · Asha · 1 Oct`,
      `#${sabzi} ₹1,200.00 sabzi · Ravi · 5 Oct`,
      `#${dinner} ₹900.00 dinner · Meera · 20 Oct`,
    ]);
    // The same month, written the other ways.
    expect(text(await replyTo(h, ravi, group, '/summary oct', /October 2026/))).toBe(summary);
    expect(text(await replyTo(h, ravi, group, '/summary last', /October 2026/))).toBe(summary);
    expect(text(await replyTo(h, ravi, group, '/summary October 2026', /October 2026/))).toBe(summary);
    // This month so far: the chai, split among the three.
    const november = text(await replyTo(h, ravi, group, '/summary', /November 2026 so far/));
    expect(november).toContain('Spent ₹99.00 in 1 expense.');
    expect(november).toContain('▼ ₹32,001.00 (−100%) from October 2026 (₹32,100.00).');
    expect(november).toContain('Asha: paid ₹99.00 · share ₹33.00 · +₹66.00');
    expect(november).toContain('🍽 Eating out: ₹99.00 · 100%');
  });

  it('says so for a month with no expenses', async () => {
    const { group, ravi } = await newFlat(h, { usernames: true, kabir: false });
    expect(text(await replyTo(h, ravi, group, '/summary 2026-08', /August/)).split('\n')).toEqual([
      '📊 August 2026 in Flat: no expenses (undone ones do not count).',
      '/summary last shows last month; /summary 2026-10 or /summary oct another.',
    ]);
  });

  it('refuses a month it cannot read, or one that has not begun, in one sentence', async () => {
    const { group, ravi } = await newFlat(h, { usernames: true, kabir: false });
    expect(text(await replyTo(h, ravi, group, '/summary banana', /month/))).toBe(
      'I can\'t read "banana" as a month: write /summary (this month), /summary last, /summary oct or /summary 2026-10.',
    );
    expect(text(await replyTo(h, ravi, group, '/summary 2026-13', /month/))).toMatch(
      /^I can't read "2026-13"/,
    );
    expect(text(await replyTo(h, ravi, group, '/summary 2027-01', /begun/))).toBe(
      'January 2027 has not begun yet, so there is nothing to sum up; try /summary or /summary last.',
    );
    expect(text(await replyTo(h, ravi, group, '/summary auto maybe', /auto/))).toMatch(
      /^Write \/summary auto on/,
    );
  });

  it('posts last month on the 1st from 09:00 in the time zone, once, and not again after a restart', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true, kabir: false });
    expect(text(await replyTo(h, ravi, group, '/summary auto on', /admin/))).toBe(
      'Only a group admin can turn the monthly summary on.',
    );
    expect(text(await replyTo(h, asha, group, '/summary auto on', /On:/))).toMatch(
      /^📊 On: I post last month's summary here on the 1st of each month \(from 9:00, Asia\/Kolkata\)/,
    );
    await paid(ravi, group, '/paid 600 @asha_k me groceries');
    const posts = () =>
      h.emulator.sent({ chatId: group.id }).filter((m) => /^📊 November 2026 in Flat\n/.test(text(m)));

    // 08:30 on 1 December in Kolkata (03:00 UTC): not yet.
    now = new Date('2026-12-01T03:00:00Z');
    expect(await h.app.summaries.runDue()).toBe(0);
    // 09:15 in Kolkata: due.
    now = new Date('2026-12-01T03:45:00Z');
    // It resolves once Telegram took the message.
    expect(await h.app.summaries.runDue()).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(text(posts()[0] as Message)).toContain('Spent ₹600.00 in 1 expense.');

    // Later that day, and after a restart (which checks at once): nothing more.
    now = new Date('2026-12-01T10:00:00Z');
    expect(await h.app.summaries.runDue()).toBe(0);
    await h.restart();
    expect(await h.app.summaries.runDue()).toBe(0);
    expect(posts()).toHaveLength(1);
    const post = await h.db.prisma.summaryPost.findMany({ where: { group: { chatId: BigInt(group.id) } } });
    expect(post.map((p) => [p.month, p.sentAt !== null])).toEqual([['2026-11', true]]);
    now = new Date('2026-11-15T06:30:00Z');
  });
});
