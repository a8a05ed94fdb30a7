// Commands typed the way people type them on a phone. Amounts in shorthand, sums and
// Indian digits; plain words that name people; near-miss command names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePaid, parseSettle, readAmount, suggestCommand } from '../../src/commands/index.js';
import { Decimal } from '../../src/ledger/index.js';
import { input, refusal, show } from './helpers.js';

function people(text: string): string[] {
  return parsePaid(input(text)).participants.map((p) => show(p.person));
}

describe('amounts as people write them', () => {
  it.each([
    ['/paid 1.5k chai', '1500', '1.5k'],
    ['/paid 12K rent', '12000', '12K'],
    ['/paid 2.5L deposit', '250000', '2.5L'],
    ['/paid 1L deposit', '100000', '1L'],
    ['/paid 1 lakh deposit', '100000', '1 lakh'],
    ['/paid 2 lakhs deposit', '200000', '2 lakhs'],
    ['/paid 1cr flat', '10000000', '1cr'],
    ['/paid 1 crore flat', '10000000', '1 crore'],
    ['/paid 250+180+90 veggies', '520', '250+180+90'],
    ['/paid 250 + 180 + 90 veggies', '520', '250 + 180 + 90'],
    ['/paid ₹1.2k+300 dinner', '1500', '₹1.2k+300'],
    ['/paid ५०० सब्ज़ी', '500', '५००'],
    ['/paid ₹१,२५०.५० सब्ज़ी', '1250.5', '₹१,२५०.५०'],
    ['/paid 1.25k chai', '1250', '1.25k'],
  ])('%s is %s, and the form is kept to show back', (text, amount, typed) => {
    const intent = parsePaid(input(text));
    expect(intent.amount.toString()).toBe(amount);
    expect(intent.amountTyped).toBe(typed);
  });

  it('does not echo plain amounts', () => {
    for (const text of ['/paid 1000 x', '/paid 1,000.50 x', '/paid Rs 500 x', '/paid 500rs x']) {
      expect(parsePaid(input(text)).amountTyped, text).toBeUndefined();
    }
  });

  it('never records 1 lakh as one rupee', () => {
    const intent = parsePaid(input('/paid 1 lakh deposit'));
    expect(intent.amount.toString()).toBe('100000');
    expect(intent.description).toBe('deposit');
  });

  it.each([
    ['/paid 1.5cr flat', 'AMOUNT_TOO_LARGE'],
    ['/paid 1.234567k x', 'AMOUNT_TOO_PRECISE'],
    ['/paid 0k x', 'AMOUNT_NOT_POSITIVE'],
    ['/paid 99999999+2 x', 'AMOUNT_TOO_LARGE'],
    ['/paid 250++90 x', 'AMOUNT_NOT_A_NUMBER'],
    ['/paid 250+ x', 'AMOUNT_NOT_A_NUMBER'],
  ])('keeps the limits: %s', (text, ledgerCode) => {
    const error = refusal(() => parsePaid(input(text)));
    expect(error.details.ledgerCode).toBe(ledgerCode);
    expect(error.message).not.toMatch(/undefined|NaN/);
  });

  it('reads shorthand in exact shares and settlements, and Indian digits in percentages', () => {
    expect(
      parsePaid(input('/paid 2k exact @ravi_m 1.5k @meera_i 500')).participants.map((p) =>
        p.value?.toString(),
      ),
    ).toEqual(['1500', '500']);
    expect(parseSettle(input('/settle @ravi_m 1.5k')).amount?.toString()).toBe('1500');
    expect(
      parsePaid(input('/paid 100 percent @ravi_m ४० @meera_i 60')).participants.map((p) =>
        p.value?.toString(),
      ),
    ).toEqual(['40', '60']);
  });

  it('reads back every amount in each form to the same Decimal', () => {
    const paise = fc.integer({ min: 1, max: 1_000_000_000 });
    const devanagari = (text: string) => text.replace(/\d/g, (d) => String.fromCodePoint(0x0966 + Number(d)));
    fc.assert(
      fc.property(paise, fc.integer({ min: 1, max: 1_000_000 }), (cents, other) => {
        const value = new Decimal(cents).dividedBy(100);
        const plain = value.toFixed(2);
        expect(readAmount(plain).value.eq(value)).toBe(true);
        expect(readAmount(devanagari(plain)).value.eq(value)).toBe(true);
        expect(readAmount(`${value.dividedBy(1000).toFixed()}k`).value.eq(value)).toBe(true);
        expect(readAmount(`${value.dividedBy(100000).toFixed()} lakh`).value.eq(value)).toBe(true);
        expect(readAmount(`${value.dividedBy(10000000).toFixed()}cr`).value.eq(value)).toBe(true);
        const part = new Decimal(Math.min(other, cents - 1 > 0 ? cents - 1 : 1)).dividedBy(100);
        if (part.lt(value)) {
          const sum = readAmount(`${part.toFixed()}+${value.minus(part).toFixed()}`);
          expect(sum.value.eq(value)).toBe(true);
          expect(sum.plain).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('words that name people', () => {
  it('reads a plain word before a person as a name, not as the description', () => {
    const intent = parsePaid(input('/paid 300 Meera me auto fare'));
    expect(intent.participants.map((p) => show(p.person))).toEqual(['name:Meera', '#1']);
    expect(intent.everyone).toBe(false);
    expect(intent.description).toBe('auto fare');
    expect(people('/paid 300 Meera, Ravi and me auto')).toEqual(['name:Meera', 'name:Ravi', '#1']);
  });

  it('splits people joined by a comma without a space', () => {
    const intent = parsePaid(input('/paid 600 me,@u3 ola'));
    expect(intent.participants.map((p) => show(p.person))).toEqual(['#1', '@u3']);
    expect(intent.description).toBe('ola');
    expect(parsePaid(input('/paid 1,000 @u3,@u4,me x')).amount.toString()).toBe('1000');
    expect(people('/paid 1,000 @u3,@u4,me x')).toEqual(['@u3', '@u4', '#1']);
  });

  it('offers the words after the people as names for the members to decide', () => {
    const intent = parsePaid(input('/paid 300 Meera auto fare'));
    expect(intent.participants).toEqual([]);
    expect(intent.everyone).toBe(true);
    expect(intent.description).toBe('Meera auto fare');
    expect(intent.candidates).toEqual([
      { name: 'Meera', joinsNext: true, descriptionAfter: 'auto fare' },
      { name: 'auto', joinsNext: true, descriptionAfter: 'fare' },
      { name: 'fare', joinsNext: false, descriptionAfter: '' },
    ]);
    const after = parsePaid(input('/paid 300 @ravi_m Meera Iyer, dinner'));
    expect(after.candidates.map((c) => c.name)).toEqual(['Meera', 'Iyer', 'dinner']);
    expect(after.candidates[1]?.joinsNext).toBe(false);
  });

  it('offers no names after everyone, and none in exact splits', () => {
    expect(parsePaid(input('/paid 300 everyone Meera birthday')).candidates).toEqual([]);
    expect(parsePaid(input('/paid 300 exact @ravi_m 300 dinner')).candidates).toEqual([]);
  });

  it('reads a plain name followed by a share in exact and percent splits', () => {
    expect(people('/paid 1000 exact Meera 400 me 600 rent')).toEqual(['name:Meera', '#1']);
    expect(people('/paid 1000 percent Meera 40 Ravi 60')).toEqual(['name:Meera', 'name:Ravi']);
  });

  it('refuses a plain name written twice', () => {
    expect(refusal(() => parsePaid(input('/paid 300 Meera meera me'))).code).toBe('DUPLICATE_PERSON');
  });
});

describe('near-miss commands', () => {
  it.each([
    ['pay', 'paid'],
    ['spent', 'paid'],
    ['spend', 'paid'],
    ['add', 'paid'],
    ['bal', 'balance'],
    ['settle_up', 'settleup'],
    ['balnce', 'balance'],
    ['blances', 'balances'],
    ['expnses', 'expenses'],
    ['recieved', 'received'],
    ['eddit', 'edit'],
    ['piad', 'paid'],
    ['paidd', 'paid'],
    ['setle', 'settle'],
    ['passbok', 'passbook'],
  ])('/%s points to /%s', (typed, command) => {
    expect(suggestCommand(typed)?.command).toBe(command);
  });

  it('names an example with the command, and points /got at /received', () => {
    expect(suggestCommand('pay')?.example).toMatch(/^\/paid \d/);
    expect(suggestCommand('got')?.sentence).toMatch(/send \/received, like: \/received @ravi 500/);
  });

  it.each(['todo', 'weather', 'kick', 'ban', 'a', 'x', 'poll', 'stats'])('leaves /%s alone', (typed) => {
    expect(suggestCommand(typed)).toBeNull();
  });
});
