import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Decimal,
  describeLedgerError,
  LEDGER_ERROR_CODES,
  LedgerError,
  type Share,
  splitExpense,
} from '../../src/ledger/index.js';

const d = (v: string | number) => new Decimal(v);
const sum = (shares: Share<string | number>[]) => shares.reduce((s, x) => s.plus(x.share), d(0));
const table = (shares: Share<string>[]) =>
  Object.fromEntries(shares.map((s) => [s.participant, s.share.toFixed(2)]));

function refusal(run: () => unknown): LedgerError {
  try {
    run();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('splitExpense', () => {
  it('splits the worked example exactly', () => {
    expect(
      table(splitExpense({ type: 'EQUAL', amount: d(1000), participants: ['u1', 'u2', 'u3', 'u4'] })),
    ).toEqual({
      u1: '250.00',
      u2: '250.00',
      u3: '250.00',
      u4: '250.00',
    });
    expect(
      table(
        splitExpense({
          type: 'EXACT',
          amount: d(1250),
          shares: [
            { participant: 'u2', amount: d(370) },
            { participant: 'u3', amount: d(880) },
          ],
        }),
      ),
    ).toEqual({ u2: '370.00', u3: '880.00' });
    expect(
      table(
        splitExpense({
          type: 'PERCENT',
          amount: d(1200),
          shares: [
            { participant: 'u1', percent: d(40) },
            { participant: 'u2', percent: d(20) },
            { participant: 'u3', percent: d(20) },
            { participant: 'u4', percent: d(20) },
          ],
        }),
      ),
    ).toEqual({ u1: '480.00', u2: '240.00', u3: '240.00', u4: '240.00' });
  });

  it('gives the odd paisa to a different person as the seed changes', () => {
    const who = (seed: number) =>
      splitExpense({ type: 'EQUAL', amount: d(100), participants: ['a', 'b', 'c'] }, { seed })
        .filter((s) => s.share.eq('33.34'))
        .map((s) => s.participant);
    expect(who(0)).toEqual(['a']);
    expect(who(1)).toEqual(['b']);
    expect(who(2)).toEqual(['c']);
    expect(who(3)).toEqual(['a']);
  });

  it('refuses exact shares that do not add up, naming both sums and the gap', () => {
    const error = refusal(() =>
      splitExpense({
        type: 'EXACT',
        amount: d(1250),
        shares: [
          { participant: 'u2', amount: d(370) },
          { participant: 'u3', amount: d(800) },
        ],
      }),
    );
    expect(error.code).toBe('EXACT_TOTAL_MISMATCH');
    expect(error.message).toBe(
      'The exact shares add up to ₹1,170.00 but the amount is ₹1,250.00 (₹80.00 short).',
    );
  });

  it('refuses percentages that do not total 100, naming the total', () => {
    const error = refusal(() =>
      splitExpense({
        type: 'PERCENT',
        amount: d(1200),
        shares: [
          { participant: 'a', percent: d(40) },
          { participant: 'b', percent: d(50) },
        ],
      }),
    );
    expect(error.code).toBe('PERCENT_TOTAL_MISMATCH');
    expect(error.message).toBe('The percentages add up to 90, not 100.');
  });

  it('refuses duplicates, nobody, and more than 1000 people', () => {
    expect(refusal(() => splitExpense({ type: 'EQUAL', amount: d(10), participants: ['a', 'a'] })).code).toBe(
      'DUPLICATE_PARTICIPANT',
    );
    expect(refusal(() => splitExpense({ type: 'EQUAL', amount: d(10), participants: [] })).code).toBe(
      'NO_PARTICIPANTS',
    );
    const many = Array.from({ length: 1001 }, (_, i) => i);
    expect(refusal(() => splitExpense({ type: 'EQUAL', amount: d(10000), participants: many })).code).toBe(
      'TOO_MANY_PARTICIPANTS',
    );
    expect(splitExpense({ type: 'EQUAL', amount: d(10000), participants: many.slice(0, 1000) })).toHaveLength(
      1000,
    );
  });

  it('refuses an amount too small to give everyone a paisa', () => {
    expect(
      refusal(() => splitExpense({ type: 'EQUAL', amount: d('0.02'), participants: ['a', 'b', 'c'] })).code,
    ).toBe('SHARE_NOT_POSITIVE');
  });

  it('has one plain sentence for every error code', () => {
    for (const code of LEDGER_ERROR_CODES) {
      const sentence = describeLedgerError(
        new LedgerError(code, {
          text: 'x',
          participant: '7',
          total: '1.00',
          amount: '2.00',
          gap: '1.00',
          direction: 'short',
          limit: '1000',
          count: '1001',
        }),
      );
      expect(sentence).toMatch(/^[^\n]+[.]$/);
      expect(sentence).not.toMatch(/undefined|NaN|\[object/);
    }
  });
});

const cents = fc.integer({ min: 1, max: 1_000_000_000 });
const people = (max: number) =>
  fc.integer({ min: 1, max }).map((n) => Array.from({ length: n }, (_, i) => i + 1));

describe('split properties', () => {
  it('equal shares add up to the amount and differ by at most a paisa', () => {
    fc.assert(
      fc.property(cents, people(1000), fc.nat(), (amountCents, ids, seed) => {
        fc.pre(amountCents >= ids.length);
        const amount = new Decimal(amountCents).div(100);
        const shares = splitExpense({ type: 'EQUAL', amount, participants: ids }, { seed });
        expect(sum(shares).eq(amount)).toBe(true);
        const values = shares.map((s) => s.share);
        const min = Decimal.min(...values);
        const max = Decimal.max(...values);
        expect(max.minus(min).lte('0.01')).toBe(true);
        for (const s of shares) expect(s.share.decimalPlaces()).toBeLessThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
  });

  it('percent shares add up to the amount, each within a paisa of its exact value', () => {
    const split = fc
      .array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 50 })
      .map((cuts) => {
        // Turn random cut points into positive hundredths of a percent summing to 10,000.
        const points = [...new Set(cuts.map((c) => c % 10_000).filter((c) => c > 0))].sort((a, b) => a - b);
        const bounds = [0, ...points, 10_000];
        return bounds.slice(1).map((b, i) => b - (bounds[i] as number));
      });
    fc.assert(
      fc.property(cents, split, fc.nat(), (amountCents, weights, seed) => {
        const amount = new Decimal(amountCents).div(100);
        const request = weights.map((w, i) => ({ participant: i, percent: new Decimal(w).div(100) }));
        let shares: Share<number>[];
        try {
          shares = splitExpense({ type: 'PERCENT', amount, shares: request }, { seed });
        } catch (error) {
          // Only a share rounding to zero may be refused.
          expect((error as LedgerError).code).toBe('SHARE_NOT_POSITIVE');
          return;
        }
        expect(sum(shares).eq(amount)).toBe(true);
        shares.forEach((s, i) => {
          const exact = amount.times(request[i]?.percent as Decimal).div(100);
          expect(s.share.minus(exact).abs().lt('0.01')).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
