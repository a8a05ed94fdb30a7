// Several people paying one expense, as a group types it: `/paid 3000 by me 2000 @ravi 1000 …`.
// Recorded once, each debtor owing each payer in proportion to what that payer paid beyond their
// own share, said in the confirmation, kept in /balances and /expense; what does not add up is
// refused in one sentence and nothing is recorded.
import type { Chat } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, type Flat, newFlat, replyTo } from '../support/flat.js';

describe('several payers on one expense', () => {
  let h: TestBot;
  let flat: Flat;
  let group: Chat;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
    flat = await newFlat(h, { usernames: true, kabir: false });
    group = flat.group;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const say = async (text: string, expected: RegExp) =>
    h.emulator.textOf(await replyTo(h, flat.asha, group, text, expected));

  it('records what each paid and who owes whom, and shows it in the confirmation, /expense and /balances', async () => {
    const reply = await say(
      '/paid 3000 by me 2000 @ravi_m 1000 equal @asha_k @ravi_m @meera_i dinner',
      /Recorded/,
    );
    expect(reply).toMatch(
      /₹3,000\.00 paid by Asha ₹2,000\.00 and Ravi ₹1,000\.00 for dinner, split equally among 3/,
    );
    // Shares are 1,000 each: Ravi paid his own share, Meera owes hers to Asha.
    expect(reply).toContain('Meera owes Asha: ₹1,000.00');
    expect(reply).not.toMatch(/Ravi owes/);
    const [expense] = await expensesIn(h, group);
    expect(expense?.amount.toString()).toBe('3000');
    const number = Number(/#(\d+)/.exec(reply)?.[1]);
    const detail = await say(`/expense ${number}`, new RegExp(`#${number}`));
    expect(detail).toContain('Paid by 2 people:');
    expect(detail).toMatch(/Asha paid ₹2,000\.00/);
    expect(detail).toMatch(/Ravi paid ₹1,000\.00/);
    const balances = await say('/balances', /^Balances|All settled/);
    expect(balances).toContain('Meera owes Asha: ₹1,000.00');
  });

  it('splits the debts in proportion to what each paid beyond their share, to the paisa', async () => {
    // Shares 100 each; Asha is 75 over, Ravi 25 over: Meera's 100 goes 75 / 25.
    const reply = await say(
      '/paid 300 paid by me 175, @ravi_m 125 equal @asha_k @ravi_m @meera_i chai',
      /Recorded/,
    );
    expect(reply).toContain('Meera owes Asha: ₹75.00');
    expect(reply).toContain('Meera owes Ravi: ₹25.00');
  });

  it('refuses payers who do not add up to the amount, in one sentence, and records nothing', async () => {
    const before = (await expensesIn(h, group)).length;
    const reply = await say(
      '/paid 3000 by me 2000 @ravi_m 500 equal @asha_k @ravi_m @meera_i taxi',
      /payers/,
    );
    expect(reply).toBe(
      'The payers paid 2500 in all, not 3000: make what each paid add up to the amount, like: /paid 3000 by me 2000 @ravi 1000 equal @asha @ravi @meera dinner',
    );
    expect(await expensesIn(h, group)).toHaveLength(before);
  });
});
