// Other currencies as members meet them, through the Bot API emulator: the group's rate and a rate
// typed with the expense, a refusal without a rate, exact shares typed in dollars, and the
// original amount and rate kept through a correction and an undo. The conversion's limits and
// rounding are unit-tested in test/ledger/currency.test.ts.
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, newFlat, replyTo } from '../support/flat.js';

describe('other currencies', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const text = (m: Message) => h.emulator.textOf(m);
  const say = async (from: User, chat: Chat, line: string, expected: RegExp) =>
    text(await replyTo(h, from, chat, line, expected));

  it('converts at the group rate, shows both amounts and who set the rate', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true, kabir: false });
    expect(await say(ravi, group, '/rate usd 83.20', /USD/)).toBe(
      '✅ 1 USD = 83.2 INR from now on; expenses already recorded keep their rate.',
    );
    expect(await say(asha, group, '/rate', /Rates/)).toMatch(
      /^Rates for this group \(its currency is INR\)\n1 USD = 83\.2 INR, set by Ravi on \d{4}-\d\d-\d\d$/,
    );
    const confirmation = await say(asha, group, '/paid 45 USD equal @asha_k @ravi_m taxi', /Recorded/);
    expect(confirmation).toMatch(
      /^✅ Recorded #\d+: USD 45\.00 \(₹3,744\.00 at 83\.2\) paid by Asha for taxi/,
    );
    expect(confirmation).toContain('Ravi owes Asha: ₹1,872.00');
    const [expense] = await expensesIn(h, group);
    expect(expense?.amount.toString()).toBe('3744');
    expect(expense?.originalCurrency).toBe('USD');
    expect(expense?.originalAmount?.toString()).toBe('45');
    expect(expense?.rate?.toString()).toBe('83.2');
    const balances = await say(asha, group, '/balances', /Balances/);
    expect(balances).toContain('Ravi owes Asha: ₹1,872.00');
  });

  it('takes a rate typed with the expense over the group rate, and symbols ($, €) and 45usd', async () => {
    const { group, asha, ravi, meera } = await newFlat(h, { usernames: true, kabir: false });
    await say(asha, group, '/rate USD 80', /USD/);
    expect(
      await say(asha, group, '/paid $10 @ 83.333 equal @asha_k @ravi_m @meera_i snacks', /Recorded/),
    ).toMatch(/USD 10\.00 \(₹833\.33 at 83\.333\)/);
    expect(await say(ravi, group, '/paid 20usd @asha_k cab', /Recorded/)).toMatch(
      /USD 20\.00 \(₹1,600\.00 at 80\)/,
    );
    expect(await say(meera, group, '/paid €20 at 90.5 @ravi_m tea', /Recorded/)).toMatch(
      /EUR 20\.00 \(₹1,810\.00 at 90\.5\)/,
    );
    const rows = await expensesIn(h, group);
    expect(rows.map((e) => [e.originalCurrency, e.rate?.toString(), e.amount.toFixed(2)])).toEqual([
      ['USD', '83.333', '833.33'],
      ['USD', '80', '1600.00'],
      ['EUR', '90.5', '1810.00'],
    ]);
    // Each expense's shares add up to its amount in rupees.
    for (const e of rows) {
      const sum = e.shares.reduce((a, s) => a + Math.round(Number(s.share.toString()) * 100), 0);
      expect(sum).toBe(Math.round(Number(e.amount.toString()) * 100));
    }
  });

  it('refuses a foreign amount without a rate, in one sentence saying how to give one', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    expect(await say(asha, group, '/paid 20 EUR equal @asha_k @ravi_m lunch', /rate/)).toBe(
      'This group has no rate for EUR yet: set one with /rate EUR 90.50 (INR per EUR), or give it in the expense, like /paid 45 EUR @ 90.50 ...',
    );
    expect(await expensesIn(h, group)).toHaveLength(0);
  });

  it('converts exact shares typed in dollars share by share, and /expense shows them', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    // 45 × 83.337 = 3750.165 → 3750.16 (half-even); 20 × 83.337 = 1666.74, 25 × 83.337 = 2083.425.
    const confirmation = await say(
      asha,
      group,
      '/paid 45 USD @ 83.337 exact @asha_k 20 @ravi_m 25 dinner',
      /Recorded/,
    );
    expect(confirmation).toMatch(/USD 45\.00 \(₹3,750\.16 at 83\.337\)/);
    expect(confirmation).toContain('Ravi owes Asha: ₹2,083.42');
    const id = Number(/#(\d+)/.exec(confirmation)?.[1]);
    const detail = await say(asha, group, `/expense ${id}`, new RegExp(`#${id}`));
    expect(detail).toContain('Asha: ₹1,666.74 (USD 20.00)');
    expect(detail).toContain('Ravi: ₹2,083.42 (USD 25.00)');
    expect(await say(asha, group, '/paid 45 USD @ 83 exact @asha_k 20 @ravi_m 20 x', /add up/)).toBe(
      'The exact shares add up to USD 40.00 but the amount is USD 45.00 (USD 5.00 short).',
    );
  });

  it('keeps the original amount and rate through a correction and an undo', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    await say(asha, group, '/rate USD 83.20', /USD/);
    const reply = h.emulator.waitFor((m) => m.chat.id === group.id && /Recorded/.test(text(m)));
    const sent = h.emulator.sendText(asha, group, '/paid 45 USD equal @asha_k @ravi_m taxi');
    const id = Number(/#(\d+)/.exec(text(await reply))?.[1]);
    // The group's rate changes; the expense keeps the one it was recorded at, also when corrected.
    await say(asha, group, '/rate USD 90', /USD/);
    const corrected = h.emulator.waitFor((m) => m.chat.id === group.id && /^✏️ Corrected/.test(text(m)));
    h.emulator.editText(asha, sent.message as Message, '/paid 50 USD equal @asha_k @ravi_m taxi');
    expect(text(await corrected)).toBe(
      `✏️ Corrected #${id}: USD 45.00 (₹3,744.00 at 83.2) → USD 50.00 (₹4,160.00 at 83.2); Ravi now owes ₹2,080.00.`,
    );
    // /edit with a rate of its own takes that one.
    expect(
      await say(asha, group, `/edit ${id} 50 USD @ 84 equal @asha_k @ravi_m taxi`, /Corrected/),
    ).toContain('USD 50.00 (₹4,160.00 at 83.2) → USD 50.00 (₹4,200.00 at 84)');
    await say(asha, group, `/undo ${id}`, /Undo|undo/);
    const [row] = await expensesIn(h, group);
    const detail = await say(asha, group, `/expense ${id}`, new RegExp(`#${id}`));
    expect(detail).toMatch(new RegExp(`^#${id} USD 50\\.00 \\(₹4,200\\.00 at 84\\) taxi`));
    expect(detail).toContain('it was USD 45.00 (₹3,744.00 at 83.2)');
    expect(detail).toContain('it was USD 50.00 (₹4,160.00 at 83.2)');
    expect(row?.originalAmount?.toString()).toBe('50');
    expect(row?.rate?.toString()).toBe('84');
  });

  it('sets the group currency only while nothing is recorded, and refuses zero-decimal ledgers', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    expect(await say(asha, group, '/currency', /accounts/)).toMatch(/keeps its accounts in INR/);
    expect(await say(asha, group, '/currency jpy', /decimals/)).toMatch(/JPY has none/);
    expect(await say(asha, group, '/rate EUR 0.011', /EUR/)).toMatch(/1 EUR = 0\.011 INR/);
    expect(await say(asha, group, '/currency EUR', /now keeps/)).toBe(
      '✅ This group now keeps its accounts in EUR (was INR); its rates were cleared, since they were in INR.',
    );
    expect(await say(asha, group, '/rate EUR 2', /own currency/)).toMatch(
      /^EUR is this group's own currency/,
    );
    expect(await say(asha, group, '/paid 45 USD @ 0.92 equal @asha_k @ravi_m taxi', /Recorded/)).toMatch(
      /USD 45\.00 \(EUR 41\.40 at 0\.92\)/,
    );
    expect(await say(asha, group, '/currency INR', /stays/)).toMatch(
      /^This group already has expenses or payments in EUR/,
    );
  });
});
