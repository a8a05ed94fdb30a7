import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centsOf,
  Decimal,
  formatAmount,
  formatMoney,
  formatPercent,
  fromCents,
  LedgerError,
  MAX_AMOUNT,
  parseAmount,
  parsePercent,
  toCents,
} from '../../src/ledger/index.js';

function refusal(run: () => unknown): LedgerError {
  try {
    run();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseAmount', () => {
  it.each([
    ['1000', '1000'],
    ['1000.5', '1000.5'],
    ['1000.50', '1000.5'],
    ['1,000.50', '1000.5'],
    ['1,00,000', '100000'],
    ['12,34,567.89', '1234567.89'],
    ['1,00,00,000', '10000000'],
    ['1,000,000', '1000000'],
    ['10,000,000.00', '10000000'],
    ['₹1000', '1000'],
    ['₹ 1000', '1000'],
    ['₹ 1,250', '1250'],
    ['Rs 1000', '1000'],
    ['Rs.1000', '1000'],
    ['Rs. 1000', '1000'],
    ['rs.1,000', '1000'],
    ['INR 1000', '1000'],
    ['inr1000', '1000'],
    ['1000/-', '1000'],
    ['Rs. 1,000/-', '1000'],
    ['  620  ', '620'],
    ['0.01', '0.01'],
    ['10000000.00', '10000000'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseAmount(text).toFixed()).toBe(expected);
  });

  it.each([
    ['', 'AMOUNT_NOT_A_NUMBER'],
    ['   ', 'AMOUNT_NOT_A_NUMBER'],
    ['₹', 'AMOUNT_NOT_A_NUMBER'],
    ['abc', 'AMOUNT_NOT_A_NUMBER'],
    ['1e9', 'AMOUNT_NOT_A_NUMBER'],
    ['1E3', 'AMOUNT_NOT_A_NUMBER'],
    ['Infinity', 'AMOUNT_NOT_A_NUMBER'],
    ['-Infinity', 'AMOUNT_NOT_A_NUMBER'],
    ['NaN', 'AMOUNT_NOT_A_NUMBER'],
    ['0x10', 'AMOUNT_NOT_A_NUMBER'],
    ['0b101', 'AMOUNT_NOT_A_NUMBER'],
    ['1,0,0', 'AMOUNT_NOT_A_NUMBER'],
    ['12,34', 'AMOUNT_NOT_A_NUMBER'],
    ['1,000,00', 'AMOUNT_NOT_A_NUMBER'],
    ['100,00,000', 'AMOUNT_NOT_A_NUMBER'],
    [',100', 'AMOUNT_NOT_A_NUMBER'],
    ['100,', 'AMOUNT_NOT_A_NUMBER'],
    ['1.2.3', 'AMOUNT_NOT_A_NUMBER'],
    ['1 000', 'AMOUNT_NOT_A_NUMBER'],
    ['12abc', 'AMOUNT_NOT_A_NUMBER'],
    ['0', 'AMOUNT_NOT_POSITIVE'],
    ['0.00', 'AMOUNT_NOT_POSITIVE'],
    ['-5', 'AMOUNT_NOT_POSITIVE'],
    ['-₹5', 'AMOUNT_NOT_POSITIVE'],
    ['₹-5', 'AMOUNT_NOT_POSITIVE'],
    ['100.555', 'AMOUNT_TOO_PRECISE'],
    ['0.001', 'AMOUNT_TOO_PRECISE'],
    ['10000000.01', 'AMOUNT_TOO_LARGE'],
    ['1,00,00,001', 'AMOUNT_TOO_LARGE'],
    ['99999999999999999999999', 'AMOUNT_TOO_LARGE'],
  ])('refuses %j with %s', (text, code) => {
    const error = refusal(() => parseAmount(text));
    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(/undefined|NaN/);
  });

  it('keeps what was typed in the refusal and says what is wrong with it', () => {
    const error = refusal(() => parseAmount('100.555'));
    expect(error.details.text).toBe('100.555');
    expect(error.message).toBe(
      '"100.555" has more than two decimal places; amounts go to the paisa, like 120.50.',
    );
    expect(refusal(() => parseAmount('lots')).message).toBe(
      'That is not an amount; write it like 1200, 1,200.50 or ₹1200.',
    );
  });

  it('accepts exactly one crore and nothing above it', () => {
    expect(parseAmount('1,00,00,000.00').eq(MAX_AMOUNT)).toBe(true);
    expect(refusal(() => parseAmount('1,00,00,000.01')).code).toBe('AMOUNT_TOO_LARGE');
  });
});

describe('parsePercent', () => {
  it.each([
    ['40', '40'],
    ['40%', '40'],
    ['40 %', '40'],
    ['33.33', '33.33'],
    ['0.01', '0.01'],
    ['100', '100'],
  ])('reads %j as %s', (text, expected) => {
    expect(parsePercent(text).toFixed()).toBe(expected);
  });

  it.each([
    ['x', 'PERCENT_NOT_A_NUMBER'],
    ['', 'PERCENT_NOT_A_NUMBER'],
    ['1e2', 'PERCENT_NOT_A_NUMBER'],
    ['0', 'PERCENT_NOT_POSITIVE'],
    ['-5', 'PERCENT_NOT_POSITIVE'],
    ['33.333', 'PERCENT_TOO_PRECISE'],
    ['100.01', 'PERCENT_TOO_LARGE'],
    ['150%', 'PERCENT_TOO_LARGE'],
  ])('refuses %j with %s', (text, code) => {
    expect(refusal(() => parsePercent(text)).code).toBe(code);
  });
});

describe('formatting', () => {
  it('groups rupees in lakhs and crores and always shows paise', () => {
    expect(formatMoney(new Decimal('10000000'))).toBe('₹1,00,00,000.00');
    expect(formatMoney(new Decimal('123456.5'))).toBe('₹1,23,456.50');
    expect(formatMoney(new Decimal('620'))).toBe('₹620.00');
    expect(formatMoney(new Decimal('0.05'))).toBe('₹0.05');
    expect(formatMoney(new Decimal('-5'))).toBe('-₹5.00');
  });

  it('uses the ISO code and western grouping for other currencies', () => {
    expect(formatMoney(new Decimal('1234.5'), 'USD')).toBe('USD 1,234.50');
    expect(formatMoney(new Decimal('10000000'), 'EUR')).toBe('EUR 10,000,000.00');
  });

  it('formats bare amounts and percentages', () => {
    expect(formatAmount(new Decimal('1250'))).toBe('1,250.00');
    expect(formatAmount(new Decimal('-1234567.8'))).toBe('-12,34,567.80');
    expect(formatAmount(new Decimal('-0.001'))).toBe('0.00');
    expect(formatPercent(new Decimal('40'))).toBe('40');
    expect(formatPercent(new Decimal('33.33'))).toBe('33.33');
    expect(formatPercent(new Decimal('12.50'))).toBe('12.5');
  });
});

describe('paise conversion', () => {
  it('reads whole paise from Decimals however they were built', () => {
    expect(centsOf(new Decimal('370.00'))).toBe(37_000);
    expect(centsOf(new Decimal(370))).toBe(37_000);
    expect(centsOf(new Decimal('1e7'))).toBe(1_000_000_000);
    expect(centsOf(new Decimal('12345678.91'))).toBe(1_234_567_891);
    expect(centsOf(new Decimal('-0.05'))).toBe(-5);
    expect(centsOf(new Decimal('-0'))).toBe(0);
    expect(centsOf(new Decimal('1.5').times(3))).toBe(450);
  });

  it('refuses what is not whole paise', () => {
    expect(centsOf(new Decimal('0.001'))).toBeNull();
    expect(centsOf(new Decimal('12345678.915'))).toBeNull();
    expect(centsOf(new Decimal(Number.NaN))).toBeNull();
    expect(centsOf(new Decimal(Number.POSITIVE_INFINITY))).toBeNull();
    expect(centsOf(new Decimal('1e30'))).toBeNull();
    expect(() => toCents(new Decimal('0.001'))).toThrow(RangeError);
  });

  it('agrees with the plain Decimal reading on any number, however many digits and decimals', () => {
    const reference = (value: Decimal): number | null => {
      if (value.decimalPlaces() > 2) return null;
      const scaled = value.times(100).toNumber();
      return Number.isSafeInteger(scaled) ? scaled : null;
    };
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: -6, max: 6 }),
        (mantissa, exponent) => {
          const value = new Decimal(`${mantissa}e${exponent}`);
          expect(centsOf(value)).toBe(reference(value));
        },
      ),
    );
  });

  it('round-trips any whole number of paise exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e14, max: 1e14 }), (cents) => {
        const value = fromCents(cents);
        expect(value.eq(new Decimal(cents).div(100))).toBe(true);
        expect(centsOf(value)).toBe(cents === 0 ? 0 : cents);
        expect(centsOf(new Decimal(cents).div(100))).toBe(cents);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Decimal arithmetic on values with more digits than paise', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 9 }),
        (n, scale) => {
          const value = new Decimal(n.toString()).div(10 ** scale);
          const expected = value.decimalPlaces() <= 2 ? value.times(100).toNumber() : null;
          const safe = expected === null || Number.isSafeInteger(expected) ? expected : null;
          expect(centsOf(value)).toBe(safe === 0 ? 0 : safe);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
