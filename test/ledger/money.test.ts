import { describe, expect, it } from 'vitest';
import { Decimal, formatMoney, LedgerError, parseAmount, parsePercent } from '../../src/ledger/index.js';

describe('parseAmount', () => {
  it.each([
    ['1000', '1000'],
    ['1000.5', '1000.5'],
    ['1,000.50', '1000.5'],
    ['1,00,00,000', '10000000'],
    ['10,000,000', '10000000'],
    ['₹1000', '1000'],
    ['₹ 1,250', '1250'],
    ['Rs 1000', '1000'],
    ['Rs.1000', '1000'],
    ['rs.1,000', '1000'],
    ['INR 1000', '1000'],
    ['1000/-', '1000'],
    ['0.01', '0.01'],
  ])('reads %s', (text, expected) => {
    expect(parseAmount(text).toString()).toBe(expected);
  });

  it.each([
    ['', 'AMOUNT_NOT_A_NUMBER'],
    ['abc', 'AMOUNT_NOT_A_NUMBER'],
    ['1e9', 'AMOUNT_NOT_A_NUMBER'],
    ['Infinity', 'AMOUNT_NOT_A_NUMBER'],
    ['NaN', 'AMOUNT_NOT_A_NUMBER'],
    ['0x10', 'AMOUNT_NOT_A_NUMBER'],
    ['1,0,0', 'AMOUNT_NOT_A_NUMBER'],
    ['12,34', 'AMOUNT_NOT_A_NUMBER'],
    ['0', 'AMOUNT_NOT_POSITIVE'],
    ['0.00', 'AMOUNT_NOT_POSITIVE'],
    ['-5', 'AMOUNT_NOT_POSITIVE'],
    ['100.555', 'AMOUNT_TOO_PRECISE'],
    ['10000000.01', 'AMOUNT_TOO_LARGE'],
    ['1,00,00,001', 'AMOUNT_TOO_LARGE'],
  ])('refuses %j with %s', (text, code) => {
    try {
      parseAmount(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LedgerError);
      expect((error as LedgerError).code).toBe(code);
      expect((error as LedgerError).message).not.toMatch(/undefined|NaN\b(?!")/);
    }
  });
});

describe('parsePercent', () => {
  it('reads whole, decimal and %-suffixed percentages', () => {
    expect(parsePercent('40').toString()).toBe('40');
    expect(parsePercent('33.33').toString()).toBe('33.33');
    expect(parsePercent('20%').toString()).toBe('20');
  });
  it.each(['0', '-5', '100.01', '33.333', 'x'])('refuses %s', (text) => {
    expect(() => parsePercent(text)).toThrow(LedgerError);
  });
});

describe('formatMoney', () => {
  it('groups rupees in lakhs and crores and always shows paise', () => {
    expect(formatMoney(new Decimal('10000000'))).toBe('₹1,00,00,000.00');
    expect(formatMoney(new Decimal('123456.5'))).toBe('₹1,23,456.50');
    expect(formatMoney(new Decimal('620'))).toBe('₹620.00');
    expect(formatMoney(new Decimal('-5'))).toBe('-₹5.00');
    expect(formatMoney(new Decimal('1234.5'), 'USD')).toBe('USD 1,234.50');
  });
});
