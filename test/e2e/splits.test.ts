// Weighted shares end to end: weighted shares, someone else paid, and the day it was spent. The
// app's clock is fixed, so "yesterday" is a known day (UTC). Replies are awaited by what they say.
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, newFlat as flatFor, replyTo } from '../support/flat.js';

const NOW = new Date('2026-11-29T10:00:00Z');

describe('the splits people need', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' }, clock: () => NOW });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const expenses = (group: Chat) => expensesIn(h, group);

  const newFlat = () => flatFor(h, { usernames: true, kabir: false });

  async function ask(from: User, chat: Chat | 'private', text: string, expected: RegExp): Promise<string> {
    return h.emulator.textOf(await replyTo(h, from, chat, text, expected));
  }

  it('splits by weighted shares, exactly, and shows each person’s shares in /expense and /expenses', async () => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, '/paid 1000 shares me 2 @ravi_m 1 @meera_i 1 groceries', /Recorded/);
    expect(reply).toMatch(/for groceries, split by shares among 3: Asha, Ravi, Meera\./);
    expect(reply).toContain('Ravi owes Asha: ₹250.00');
    expect(reply).toContain('Meera owes Asha: ₹250.00');
    const [expense] = await expenses(group);
    expect(expense?.splitType).toBe('SHARES');
    expect(expense?.shares.map((s) => `${s.user.firstName} ${s.share} ${s.typed}`).sort()).toEqual([
      'Asha 500 2',
      'Meera 250 1',
      'Ravi 250 1',
    ]);
    const detail = await ask(asha, group, `/expense ${expense?.number}`, /split by shares/);
    expect(detail).toMatch(/Asha: ₹500\.00 \(2 shares\)/);
    expect(detail).toMatch(/Ravi: ₹250\.00 \(1 share\)/);
    const list = await ask(asha, group, '/expenses', /groceries/);
    expect(list).toMatch(/\(shares, 3 people\)/);
  });

  it('splits 100 by shares 1, 1, 1 into 33.34, 33.33, 33.33: the shares add up to the amount', async () => {
    const { group, asha } = await newFlat();
    await ask(asha, group, '/paid 100 shares me 1 @ravi_m 1 @meera_i 1 chai', /Recorded/);
    const [expense] = await expenses(group);
    const total = expense?.shares.reduce((sum, s) => sum + Number(s.share) * 100, 0);
    expect(total).toBe(10000);
    expect(expense?.shares.map((s) => s.share.toString()).sort()).toEqual(['33.33', '33.33', '33.34']);
  });

  it('refuses a person without shares in one sentence, recording nothing', async () => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, '/paid 1000 shares me 2 @ravi_m', /Give a number of shares/);
    expect(reply.split('\n')).toHaveLength(1);
    expect(await expenses(group)).toHaveLength(0);
  });

  it('records Ravi as the payer of /paid … by @ravi_m, says who recorded it for whom, and lets Ravi undo it', async () => {
    const { group, asha, ravi } = await newFlat();
    const reply = await ask(
      asha,
      group,
      '/paid 900 by @ravi_m equal @asha_k @ravi_m @meera_i dinner',
      /Recorded/,
    );
    expect(reply).toMatch(/₹900\.00 paid by Ravi for dinner, split equally among 3/);
    expect(reply).toContain('Recorded by Asha for Ravi.');
    expect(reply).toContain('Asha owes Ravi: ₹300.00');
    expect(reply).toContain('Meera owes Ravi: ₹300.00');
    const [expense] = await expenses(group);
    expect(expense?.payer.firstName).toBe('Ravi');
    expect(expense?.recordedBy.firstName).toBe('Asha');
    await ask(asha, group, '/balances', /Asha owes Ravi ₹300\.00|Asha owes Ravi: ₹300\.00|owes Ravi/);

    h.emulator.sendText(ravi, group, `/undo ${expense?.number}`);
    const question = await h.emulator.waitFor(
      (m) =>
        m.chat.id === group.id && new RegExp(`Undo expense #${expense?.number}`).test(h.emulator.textOf(m)),
    );
    h.emulator.pressButton(ravi, question, `undo:e:${expense?.id}:${ravi.id}`);
    await h.emulator.waitFor(
      (m) => m.message_id === question.message_id && /Undone/.test(h.emulator.textOf(m)),
    );
    const [undone] = await expenses(group);
    expect(undone?.deletedAt).not.toBeNull();
  });

  it('records the day spent (yesterday, on 1 Mar, 2026-03-01) apart from the day recorded, and shows it', async () => {
    const { group, asha } = await newFlat();
    const y = await ask(asha, group, '/paid 500 yesterday equal me @ravi_m lunch', /Recorded/);
    expect(y).toMatch(/for lunch, spent on 2026-11-28, split equally among 2/);
    await ask(asha, group, '/paid 300 on 1 Mar me @ravi_m cab', /spent on 2026-03-01/);
    await ask(asha, group, '/paid 200 2026-03-02 me @ravi_m tea', /spent on 2026-03-02/);
    const today = await ask(asha, group, '/paid 100 today me @ravi_m milk', /Recorded/);
    expect(today).not.toMatch(/spent on/);
    const rows = await expenses(group);
    expect(rows.map((r) => r.spentOn.toISOString().slice(0, 10))).toEqual([
      '2026-11-28',
      '2026-03-01',
      '2026-03-02',
      '2026-11-29',
    ]);
    const first = rows[0]?.number;
    const detail = await ask(asha, group, `/expense ${first}`, /Spent on/);
    expect(detail).toContain('Spent on 2026-11-28.');
    const list = await ask(asha, group, '/expenses', /lunch/);
    expect(list).toMatch(/\(spent 2026-11-28\) ₹500\.00 lunch/);
    expect(list).toMatch(/\(spent 2026-03-01\) ₹300\.00 cab/);
    expect(list).not.toMatch(/\(spent 2026-11-29\)/);
  });

  it('refuses a day in the future in one sentence, recording nothing', async () => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, '/paid 500 2026-12-25 me @ravi_m gifts', /in the future/);
    expect(reply.split('\n')).toHaveLength(1);
    expect(await expenses(group)).toHaveLength(0);
  });

  it('shows the day spent in the passbook', async () => {
    const { group, asha, ravi } = await newFlat();
    await ask(asha, group, '/paid 500 yesterday equal me @ravi_m lunch', /Recorded/);
    const passbook = await ask(ravi, 'private', '/passbook', /lunch/);
    expect(passbook).toMatch(/lunch \(spent 2026-11-28\)/);
  });

  it('corrects an expense recorded for someone else on another day, keeping its payer and day; refuses to change them', async () => {
    const { group, asha } = await newFlat();
    const sent = h.emulator.sendText(
      asha,
      group,
      '/paid 500 2026-11-20 by @ravi_m equal @asha_k @ravi_m cab',
    );
    await h.emulator.waitFor(
      (m) => m.chat.id === group.id && /Recorded by Asha for Ravi/.test(h.emulator.textOf(m)),
    );
    const [expense] = await expenses(group);
    const message = sent.message as Message;

    const corrected = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /^✏️ Corrected #\d+: ₹500\.00 → ₹600\.00/.test(h.emulator.textOf(m)),
    );
    h.emulator.editText(asha, message, '/paid 600 2026-11-20 by @ravi_m equal @asha_k @ravi_m cab');
    await corrected;

    const payer = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /keeps who paid/.test(h.emulator.textOf(m)),
    );
    h.emulator.editText(asha, message, '/paid 600 2026-11-20 by @meera_i equal @asha_k @ravi_m cab');
    expect(h.emulator.textOf(await payer)).toBe(
      `A correction keeps who paid expense #${expense?.number} (Ravi); to change the payer, send /undo ${expense?.number} and record it again.`,
    );
    const day = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /keeps the day/.test(h.emulator.textOf(m)),
    );
    h.emulator.sendText(asha, group, `/edit ${expense?.number} 600 2026-11-21 equal @asha_k @ravi_m cab`);
    expect(h.emulator.textOf(await day)).toMatch(/\(2026-11-20\)/);

    const [after] = await expenses(group);
    expect(after?.amount.toString()).toBe('600');
    expect(after?.payer.firstName).toBe('Ravi');
    expect(after?.spentOn.toISOString().slice(0, 10)).toBe('2026-11-20');
  });
});
