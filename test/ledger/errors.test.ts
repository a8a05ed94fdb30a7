import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeLedgerError, LEDGER_ERROR_CODES, LedgerError } from '../../src/ledger/index.js';

const KEYS = [
  'text',
  'participant',
  'name',
  'typed',
  'amount',
  'total',
  'gap',
  'direction',
  'percent',
  'limit',
  'count',
];

// What people and callers can put in details: numbers, ids, names, junk, whitespace, newlines.
const value = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('1,250.00', '0.05', '90', '7', 'short', 'over', ' ', '\n', 'Asha\nKumar', '12abc'),
);
const details = fc.dictionary(fc.constantFrom(...KEYS), value);

describe('describeLedgerError', () => {
  it('has a sentence for every code, and it is the error message', () => {
    for (const code of LEDGER_ERROR_CODES) {
      const error = new LedgerError(code, {});
      expect(describeLedgerError(error)).toBe(error.message);
      expect(error.message).toMatch(/^[^\n]+\.$/);
    }
  });

  it('never says undefined or NaN, and stays one line ending in a full stop, whatever the details', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LEDGER_ERROR_CODES), details, (code, d) => {
        fc.pre(!Object.values(d).some((v) => /undefined|nan/i.test(v)));
        const sentence = describeLedgerError(new LedgerError(code, d));
        expect(sentence).not.toMatch(/undefined|NaN|\[object/);
        expect(sentence).toMatch(/^[^\n]+\.$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not repeat back text that looks nothing like a number', () => {
    for (const text of ['NaN', 'undefined', 'Infinity', 'abc']) {
      const sentence = new LedgerError('AMOUNT_NOT_A_NUMBER', { text }).message;
      expect(sentence).toBe('That is not an amount; write it like 1200, 1,200.50 or ₹1200.');
    }
  });

  it('names the amounts in the sentences the brief gives', () => {
    expect(
      new LedgerError('EXACT_TOTAL_MISMATCH', {
        typed: '1,250.00',
        total: '1,200.00',
        gap: '50.00',
        direction: 'short',
      }).message,
    ).toBe('The exact shares add up to ₹1,200.00 but the amount is ₹1,250.00 (₹50.00 short).');
    expect(new LedgerError('PERCENT_TOTAL_MISMATCH', { total: '90' }).message).toBe(
      'The percentages add up to 90, not 100.',
    );
    expect(new LedgerError('AMOUNT_TOO_PRECISE').message).toBe(
      'Amounts can have at most two decimal places, like 120.50.',
    );
  });

  it('can put a name in place of a participant id while keeping the id', () => {
    const error = new LedgerError('DUPLICATE_PARTICIPANT', { participant: '42' });
    expect(error.message).toBe('42 is named more than once; name each person once.');
    const named = error.withName('Asha');
    expect(named.message).toBe('Asha is named more than once; name each person once.');
    expect(named.details.participant).toBe('42');
    expect(named.code).toBe('DUPLICATE_PARTICIPANT');
  });
});
