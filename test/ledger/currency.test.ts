// Converting amounts typed in other currencies into the group's, at the limits: the largest amount
// the ledger holds, zero- and three-decimal currencies, rates with many digits, half-even rounding,
// and exact shares that still add up to the converted amount.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkForeignAmount,
  convertAmount,
  convertExpense,
  convertShares,
  Decimal,
  formatForeign,
  LedgerError,
  MAX_AMOUNT,
  minorUnits,
  parseRate,
} from '../../src/ledger/index.js';

const d = (v: string | number) => new Decimal(v);

function refusal(run: () => unknown): LedgerError {
  try {
    run();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('convertAmount: original × rate, half-even to the paisa', () => {
  it.each([
    ['1', '0.125', '0.12'], // half-way: to the even paisa
    ['1', '0.135', '0.14'],
    ['1', '0.115', '0.12'],
    ['1', '0.1251', '0.13'], // above half-way: up
    ['45', '83.20', '3744.00'],
    ['45', '83.337', '3750.16'], // 3750.165
    ['3', '0.0055', '0.02'], // 0.0165
  ])('%s at %s is %s', (original, rate, converted) => {
    expect(convertAmount(d(original), d(rate)).toFixed(2)).toBe(converted);
  });

  it('is exact for the largest amounts and the longest rates (no float, no lost digits)', () => {
    // A trillion dong with a 12-digit rate: 10^12 × 0.0000033333 = 3,333,330 exactly.
    expect(convertAmount(d('1000000000000'), d('0.0000033333')).toFixed(2)).toBe('3333300.00');
    // 1,234,567,890,119.99876543…: every digit of the product is kept before rounding.
    expect(convertAmount(d('999999999999.999'), d('1.23456789012')).toFixed(2)).toBe('1234567890120.00');
    expect(convertAmount(d('999999999999.999'), d('0.00000123457')).toFixed(2)).toBe('1234570.00');
    // Half a paisa less a trillionth stays down, a hundred-billionth more goes up.
    expect(convertAmount(d('0.999'), d('0.005005005')).toFixed(2)).toBe('0.00');
    expect(convertAmount(d('0.999'), d('0.0050050051')).toFixed(2)).toBe('0.01');
    expect(convertAmount(d('0.001'), d('0.0000000001')).toFixed(2)).toBe('0.00');
  });
});

describe('convertExpense: the ledger limits apply after conversion', () => {
  it('allows up to one crore after rounding and refuses more', () => {
    expect(convertExpense(d('1000000000000'), 'JPY', d('0.00001')).equals(MAX_AMOUNT)).toBe(true);
    expect(convertExpense(d('120192.30'), 'USD', d('83.2')).toFixed(2)).toBe('9999999.36');
    // 10,000,000.005 rounds half-even down to one crore, allowed; 10,000,000.015 rounds up, refused.
    expect(convertExpense(d('100000000050'), 'KRW', d('0.0001')).equals(MAX_AMOUNT)).toBe(true);
    expect(refusal(() => convertExpense(d('100000000150'), 'KRW', d('0.0001'))).code).toBe(
      'CONVERTED_TOO_LARGE',
    );
    const over = refusal(() => convertExpense(d('120192.32'), 'USD', d('83.2')));
    expect(over.code).toBe('CONVERTED_TOO_LARGE');
    expect(over.message).toBe(
      'USD 120,192.32 at 83.2 comes to 1,00,00,001.02, and an expense can be at most 1,00,00,000.00 (one crore); check the rate.',
    );
  });

  it('refuses an amount that comes to less than half a paisa', () => {
    const tiny = refusal(() => convertExpense(d('1'), 'VND', d('0.0031')));
    expect(tiny.code).toBe('CONVERTED_TOO_SMALL');
    expect(tiny.message).toBe('VND 1 at 0.0031 comes to less than a paisa; check the rate.');
    expect(convertExpense(d('2'), 'VND', d('0.0031')).toFixed(2)).toBe('0.01');
  });
});

describe('minor units (ISO 4217)', () => {
  it('zero-decimal currencies take whole units only', () => {
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('KRW')).toBe(0);
    expect(minorUnits('VND')).toBe(0);
    expect(checkForeignAmount(d('4500'), 'JPY', '4500 JPY').toFixed()).toBe('4500');
    const precise = refusal(() => checkForeignAmount(d('4500.5'), 'JPY', '4500.5 JPY'));
    expect(precise.code).toBe('FOREIGN_AMOUNT_TOO_PRECISE');
    expect(precise.message).toBe('"4500.5 JPY" has too many decimal places: JPY amounts have no decimals.');
    expect(formatForeign(d('1234567'), 'JPY')).toBe('JPY 1,234,567');
  });

  it('three-decimal currencies take three', () => {
    for (const code of ['BHD', 'KWD', 'OMR']) expect(minorUnits(code)).toBe(3);
    expect(checkForeignAmount(d('1.255'), 'BHD', 'BHD 1.255').toFixed()).toBe('1.255');
    expect(refusal(() => checkForeignAmount(d('1.2555'), 'BHD', 'BHD 1.2555')).message).toBe(
      '"BHD 1.2555" has too many decimal places: BHD amounts have at most 3 decimals.',
    );
    expect(formatForeign(d('1.25'), 'KWD')).toBe('KWD 1.250');
    expect(convertAmount(d('1.255'), d('220.123')).toFixed(2)).toBe('276.25');
  });

  it('refuses more than a trillion units', () => {
    expect(refusal(() => checkForeignAmount(d('1000000000000.01'), 'USD', 'x')).code).toBe(
      'FOREIGN_AMOUNT_TOO_LARGE',
    );
  });
});

describe('parseRate', () => {
  it.each([
    ['83.20', '83.2'],
    ['0.0031', '0.0031'],
    ['1,234.5', '1234.5'],
    ['83.1234567891', '83.1234567891'], // 12 significant digits
    ['0.0000000001', '0.0000000001'], // 10 decimals
    ['1000000', '1000000'],
  ])('reads %s', (typed, value) => {
    expect(parseRate(typed).toFixed()).toBe(value);
  });

  it.each([
    ['0', 'RATE_NOT_POSITIVE'],
    ['-83', 'RATE_NOT_A_NUMBER'],
    ['1e3', 'RATE_NOT_A_NUMBER'],
    ['83.12345678912', 'RATE_TOO_PRECISE'], // 13 significant digits
    ['0.00000000001', 'RATE_TOO_PRECISE'], // 11 decimals
    ['123456.1234567', 'RATE_TOO_PRECISE'],
    ['1000001', 'RATE_TOO_LARGE'],
  ])('refuses %s (%s)', (typed, code) => {
    expect(refusal(() => parseRate(typed)).code).toBe(code);
  });
});

describe('convertShares: exact shares typed in another currency', () => {
  it('gives the paise left over to the largest remainders, adding up to the converted total', () => {
    // 3 × 33.335 at 1: each 3333.5 paise; total 100.005 → 100.00 (half-even); floors give 99.99.
    const shares = [1, 2, 3].map((participant) => ({ participant, amount: d('33.335') }));
    const total = convertExpense(d('100.005'), 'BHD', d('1'));
    expect(total.toFixed(2)).toBe('100.00');
    const converted = convertShares(shares, d('1'), total);
    expect(converted.map((s) => s.share.toFixed(2))).toEqual(['33.34', '33.33', '33.33']);
  });

  it('refuses a share that comes to nothing', () => {
    const shares = [
      { participant: 1, amount: d('1') },
      { participant: 2, amount: d('99999') },
    ];
    expect(
      refusal(() => convertShares(shares, d('0.0031'), convertAmount(d('100000'), d('0.0031')))).code,
    ).toBe('SHARE_NOT_POSITIVE');
  });

  it('always adds up exactly, each share within a paisa of its exact conversion', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.constantFrom(0, 2, 3),
        (units, rateDigits, decimals) => {
          const scale = 10 ** decimals;
          const amounts = units.map((u) => d(u).dividedBy(scale));
          const original = amounts.reduce((a, b) => a.plus(b), d(0));
          const rate = d(rateDigits).dividedBy(1_000_000); // up to 99.999999, six decimals
          const total = convertAmount(original, rate);
          if (total.gt(MAX_AMOUNT)) return;
          let converted: { share: Decimal }[];
          try {
            converted = convertShares(
              amounts.map((amount, participant) => ({ participant, amount })),
              rate,
              total,
            );
          } catch (error) {
            if (error instanceof LedgerError && error.code === 'SHARE_NOT_POSITIVE') return;
            throw error;
          }
          expect(converted.reduce((a, s) => a.plus(s.share), d(0)).equals(total)).toBe(true);
          converted.forEach((s, i) => {
            expect(
              s.share
                .minus((amounts[i] as Decimal).times(rate))
                .abs()
                .lte('0.01'),
            ).toBe(true);
          });
        },
      ),
      { numRuns: 300, seed: 18 },
    );
  });
});
