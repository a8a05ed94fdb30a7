// An equal split with adjustments (`equal everyone +200 @ravi -100 @meera`): the adjustments are
// taken first and the rest shared equally. Property-tested like every split: the shares add up
// exactly to the amount, each share less its adjustment is an equal part (within a paisa), and
// what cannot be recorded is refused, never rounded away.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, LedgerError, splitExpense } from '../../src/ledger/index.js';

const paise = (d: Decimal) => Math.round(d.times(100).toNumber());

describe('equal with adjustments', () => {
  it('reads the worked case: 1,200 among four, Ravi +200, Meera −100', () => {
    const shares = splitExpense({
      type: 'EQUAL',
      amount: new Decimal(1200),
      participants: ['asha', 'ravi', 'meera', 'kabir'],
      adjustments: [
        { participant: 'ravi', amount: new Decimal(200) },
        { participant: 'meera', amount: new Decimal(-100) },
      ],
    });
    expect(shares.map((s) => [s.participant, s.share.toFixed(2), s.typed?.toFixed(2)])).toEqual([
      ['asha', '275.00', undefined],
      ['ravi', '475.00', '200.00'],
      ['meera', '175.00', '-100.00'],
      ['kabir', '275.00', undefined],
    ]);
  });

  it('keeps the shares exact and the rest equal, or refuses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(
          fc.integer({ min: -500_000, max: 500_000 }).filter((x) => x !== 0),
          { maxLength: 12 },
        ),
        fc.integer(),
        (amountPaise, n, typed, seed) => {
          const participants = Array.from({ length: n }, (_, i) => i);
          const adjustments = typed
            .slice(0, n)
            .map((cents, i) => ({ participant: i, amount: new Decimal(cents).div(100) }));
          const amount = new Decimal(amountPaise).div(100);
          let shares: ReturnType<typeof splitExpense<number>>;
          try {
            shares = splitExpense({ type: 'EQUAL', amount, participants, adjustments }, { seed });
          } catch (error) {
            expect(error).toBeInstanceOf(LedgerError);
            const rest = amountPaise - adjustments.reduce((sum, a) => sum + paise(a.amount), 0);
            const code = (error as LedgerError).code;
            expect(['ADJUSTMENTS_OVER_AMOUNT', 'SHARE_NOT_POSITIVE']).toContain(code);
            if (code === 'ADJUSTMENTS_OVER_AMOUNT') expect(rest).toBeLessThan(0);
            return;
          }
          expect(shares.reduce((sum, s) => sum + paise(s.share), 0)).toBe(amountPaise);
          const parts = shares.map((s) => paise(s.share) - (s.typed ? paise(s.typed) : 0));
          expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
          for (const s of shares) expect(paise(s.share)).toBeGreaterThan(0);
        },
      ),
      { seed: 20261208, numRuns: 400 },
    );
  });
});
