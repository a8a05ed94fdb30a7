// The /bill grammar: one item a line (what, the amount, who had it), charges as +/- lines, the
// first line's description, total and payer; every refusal one sentence naming the line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpTopic } from '../../src/bot/help-topics.js';
import { BILL_EXAMPLE, parseBill } from '../../src/commands/index.js';
import { input, refusal, show, textMention } from './helpers.js';

const bill = (...lines: string[]) => parseBill(input(lines.join('\n')));

describe('parseBill', () => {
  it('reads items, who had each, and the charges in order', () => {
    const b = bill(
      '/bill Barbeque Nation',
      'Paneer tikka 320 @ravi_m me',
      'Beer 2 x 200 = 400 ravi, kabir',
      'Dal makhani - 280 - everyone',
      '+5% GST',
      '+10% service charge',
      '+40 tip',
      '-50 discount',
    );
    expect(b.description).toBe('Barbeque Nation');
    expect(b.total).toBeUndefined();
    expect(b.payer).toBeUndefined();
    expect(
      b.items.map((i) => [i.line, i.description, i.amount.toFixed(2), i.everyone, i.people.map(show)]),
    ).toEqual([
      [2, 'Paneer tikka', '320.00', false, ['@ravi_m', '#1']],
      [3, 'Beer 2 x 200', '400.00', false, ['name:ravi', 'name:kabir']],
      [4, 'Dal makhani', '280.00', true, []],
    ]);
    expect(b.charges.map((c) => [c.line, c.label, c.percent?.toFixed(), c.amount?.toFixed(2)])).toEqual([
      [5, 'GST', '5', undefined],
      [6, 'service charge', '10', undefined],
      [7, 'tip', undefined, '40.00'],
      [8, 'discount', undefined, '-50.00'],
    ]);
  });

  it('reads a total and a payer on the first line', () => {
    const b = bill('/bill Dinner at Toit 1,090 paid by @ravi_m', 'Pizza 1090 everyone');
    expect(b.description).toBe('Dinner at Toit');
    expect(b.total?.toFixed(2)).toBe('1090.00');
    expect(b.payer && show(b.payer)).toBe('@ravi_m');
    const t = bill('/bill lunch by me total 500', 'Thali 500 me');
    expect(t.total?.toFixed(2)).toBe('500.00');
    expect(t.description).toBe('lunch');
    expect(t.payer && show(t.payer)).toBe('#1');
  });

  it('keeps `by Kabir` both ways: Kabir paid, or it is part of the description', () => {
    const b = bill('/bill dinner by Kabir 900', 'Thali 900 everyone');
    expect(b.payerName).toEqual({ name: 'Kabir', descriptionWithout: 'dinner' });
    expect(b.description).toBe('dinner by Kabir');
    expect(b.total?.toFixed(2)).toBe('900.00');
  });

  it('takes a text mention as one person', () => {
    const text = '/bill chai\nChai 60 Meera Iyer me';
    const b = parseBill(input(text, [textMention(text, 'Meera Iyer', { id: 7, first_name: 'Meera' })]));
    expect(b.items[0]?.people.map(show)).toEqual(['#7', '#1']);
  });

  it('refuses an item without people, naming the line and saying how to write it', () => {
    const e = refusal(() => bill('/bill dinner', 'Paneer 320 @ravi_m', 'Coke 60'));
    expect(e.message).toBe(
      'Line 3 ("Coke 60") names nobody who had it; write them after the amount, like: Paneer tikka 320 @ravi me',
    );
    const tip = refusal(() => bill('/bill dinner', 'Paneer 320 @ravi_m', 'tip 40'));
    expect(tip.message).toContain('a charge starts with + or -, like +40 tip');
  });

  it('refuses a line without an amount, a person named twice, and everyone with names', () => {
    expect(refusal(() => bill('/bill x', 'Paneer @ravi_m')).message).toMatch(
      /^Line 2 \("Paneer @ravi_m"\) has no amount/,
    );
    expect(refusal(() => bill('/bill x', 'Paneer 200 @ravi_m @Ravi_M')).message).toMatch(
      /names @Ravi_M twice/,
    );
    expect(refusal(() => bill('/bill x', 'Paneer 200 everyone @ravi_m')).message).toMatch(
      /names everyone and some people/,
    );
    expect(refusal(() => bill('/bill x', '@ravi_m Paneer 200 me')).message).toMatch(
      /names someone before the amount/,
    );
  });

  it('refuses a bad charge and a bill with no items', () => {
    expect(refusal(() => bill('/bill x', 'Paneer 200 me', '+500% GST')).message).toMatch(
      /^Line 3 \("\+500% GST"\): A percentage can be at most 100/,
    );
    expect(refusal(() => bill('/bill x', '+5% GST')).code).toBe('BILL_NO_ITEMS');
    expect(refusal(() => bill('/bill dinner')).code).toBe('BILL_NO_ITEMS');
  });

  it('refuses more than 100 lines', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `item${i} 10 me`);
    expect(refusal(() => bill('/bill big', ...lines)).code).toBe('BILL_TOO_LONG');
  });

  it('skips blank lines but keeps counting them', () => {
    const b = bill('/bill x', '', 'Paneer 200 me');
    expect(b.items[0]?.line).toBe(3);
  });
});

describe('the /bill example', () => {
  it('parses, and is in /help bill; the README shows a bill and the /help bill topic', () => {
    const b = parseBill(input(BILL_EXAMPLE.join('\n')));
    expect(b.items).toHaveLength(3);
    expect(b.charges).toHaveLength(3);
    expect(helpTopic('bill')?.lines.join('\n')).toContain(BILL_EXAMPLE[1]);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('/bill Barbeque Nation\nPaneer tikka 600 everyone');
    expect(readme).toContain('`/help bill`');
  });
});
