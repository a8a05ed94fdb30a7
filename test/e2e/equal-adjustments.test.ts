// An equal split with adjustments, as a flat types it: `/paid 1200 equal everyone +200 @ravi -100
// @meera dinner`: the adjustments first, the rest shared equally; said in the confirmation, shown in
// /expense, and refused in one sentence where it cannot be recorded.
import type { Chat } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/ledger/index.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, type Flat, newFlat, replyTo } from '../support/flat.js';

describe('equal with adjustments', () => {
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

  const say = async (text: string, expected: RegExp) =>
    h.emulator.textOf(await replyTo(h, flat.asha, group, text, expected));

  it('takes the adjustments first and shares the rest equally, and shows them', async () => {
    // 1200 - 200 + 100 = 1100 shared by four: 275 each; Ravi 475, Meera 175.
    const reply = await say('/paid 1200 equal everyone +200 @ravi_m -100 @meera_i dinner', /Recorded/);
    expect(reply).toMatch(/split equally among all 4: .*, with Ravi \+₹200\.00 and Meera −₹100\.00\./);
    expect(reply).toContain('Ravi owes Asha: ₹475.00');
    expect(reply).toContain('Meera owes Asha: ₹175.00');
    expect(reply).toContain('Kabir owes Asha: ₹275.00');
    const [expense] = await expensesIn(h, group);
    const shares = expense?.shares.map((s) => new Decimal(s.share.toString())) ?? [];
    expect(shares.reduce((sum, x) => sum.plus(x), new Decimal(0)).toFixed(2)).toBe('1200.00');
    const number = Number(/#(\d+)/.exec(reply)?.[1]);
    const detail = await say(`/expense ${number}`, new RegExp(`#${number}`));
    expect(detail).toContain('split equally with adjustments among 4:');
    expect(detail).toContain('Ravi: ₹475.00 (+₹200.00)');
    expect(detail).toContain('Meera: ₹175.00 (−₹100.00)');
  });

  it('refuses adjustments that take more than the amount, or leave someone owing nothing, in one sentence', async () => {
    const before = (await expensesIn(h, group)).length;
    expect(await say('/paid 300 equal everyone +400 @ravi_m taxi', /./)).toBe(
      'The adjustments add up to more than ₹300.00, the whole amount; make them smaller.',
    );
    expect(await say('/paid 400 equal everyone -200 @kabir_r chai', /./)).toBe(
      "Kabir's share must be more than zero.",
    );
    expect(await say('/paid 400 equal @asha_k @ravi_m +100 @kabir_r chai', /./)).toBe(
      'Kabir has an adjustment but is not in the split; name them among the people who share.',
    );
    expect(await expensesIn(h, group)).toHaveLength(before);
  });

  it('refuses to add adjustments by a correction rather than dropping them', async () => {
    const reply = await say('/paid 900 equal everyone groceries', /Recorded/);
    const number = Number(/#(\d+)/.exec(reply)?.[1]);
    expect(await say(`/edit ${number} 900 equal everyone +100 @ravi_m groceries`, /./)).toBe(
      `A correction cannot add several payers or adjusted shares to #${number} yet; send /undo ${number} and record it again with them.`,
    );
  });
});
