// Itemised bills: for random bills the shares add up exactly to the items plus the charges, and each
// person's share is within a paisa of their proportional part (the total × the items they had, each
// divided among who had it, ÷ all the items), checked with exact rational arithmetic in bigint.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportionExact, Decimal, fromCents, LedgerError, splitBill } from '../../src/ledger/index.js';

const PEOPLE = ['asha', 'ravi', 'meera', 'kabir', 'dev', 'zoya'];

const item = fc.record({
  cents: fc.integer({ min: 1, max: 5_000_000 }),
  people: fc.subarray(PEOPLE, { minLength: 1 }),
});
const charge = fc.oneof(
  fc.record({ percent: fc.integer({ min: 1, max: 3_000 }) }), // hundredths: up to +30%
  fc.record({ cents: fc.integer({ min: -2_000, max: 50_000 }).filter((c) => c !== 0) }),
);
const bill = fc.record({
  items: fc.array(item, { minLength: 1, maxLength: 12 }),
  charges: fc.array(charge, { maxLength: 4 }),
  seed: fc.integer({ min: 0, max: 10_000 }),
});

type Bill = typeof bill extends fc.Arbitrary<infer T> ? T : never;

function request(b: Bill) {
  return {
    items: b.items.map((i) => ({ amount: fromCents(i.cents), people: i.people })),
    charges: b.charges.map((c) =>
      'percent' in c ? { percent: fromCents(c.percent) } : { amount: fromCents(c.cents) },
    ),
  };
}

const cents = (d: Decimal) => BigInt(d.times(100).toFixed(0));

describe('splitBill', () => {
  it('adds the shares up exactly to the total, each within a paisa of its proportional part', () => {
    fc.assert(
      fc.property(bill, (b) => {
        let split: ReturnType<typeof splitBill<string>>;
        try {
          split = splitBill(request(b), { seed: b.seed });
        } catch (error) {
          // Only a discount larger than the bill, or a share under a paisa, may be refused.
          expect(error).toBeInstanceOf(LedgerError);
          expect(['BILL_NOT_POSITIVE', 'SHARE_NOT_POSITIVE']).toContain((error as LedgerError).code);
          return;
        }
        const total = cents(split.total);
        const subtotal = b.items.reduce((sum, i) => sum + BigInt(i.cents), 0n);
        expect(cents(split.subtotal)).toBe(subtotal);
        expect(split.charges.reduce((sum, c) => sum + cents(c), subtotal)).toBe(total);
        expect(split.shares.reduce((sum, s) => sum + cents(s.share), 0n)).toBe(total);
        // Proportional part of person p: total × Σ(cents_i / n_i) / subtotal. Compare over the
        // common denominator D = subtotal × Π n_i: |share × D − total × Σ cents_i × (Π n / n_i)| < D.
        const product = b.items.reduce((p, i) => p * BigInt(i.people.length), 1n);
        const denominator = subtotal * product;
        for (const s of split.shares) {
          const part = b.items
            .filter((i) => i.people.includes(s.participant))
            .reduce((sum, i) => sum + BigInt(i.cents) * (product / BigInt(i.people.length)), 0n);
          const diff = cents(s.share) * denominator - total * part;
          expect(diff < denominator && diff > -denominator).toBe(true);
        }
        const had = new Set(b.items.flatMap((i) => i.people));
        expect(split.shares.map((s) => s.participant).sort()).toEqual([...had].sort());
      }),
      { numRuns: 500 },
    );
  });

  it('spreads 5% GST and a 40 tip over a dinner where Ravi had no drinks', () => {
    const split = splitBill({
      items: [
        { amount: new Decimal(600), people: ['asha', 'ravi', 'meera'] },
        { amount: new Decimal(400), people: ['asha', 'meera'] },
      ],
      charges: [{ percent: new Decimal(5) }, { amount: new Decimal(40) }],
    });
    expect(split.total.toFixed(2)).toBe('1090.00');
    expect(split.charges.map((c) => c.toFixed(2))).toEqual(['50.00', '40.00']);
    // Asha and Meera had 400 of 1000 each, Ravi 200: 436, 436, 218.
    expect(split.shares.map((s) => `${s.participant} ${s.share.toFixed(2)}`)).toEqual([
      'asha 436.00',
      'ravi 218.00',
      'meera 436.00',
    ]);
  });

  it('rounds a percentage charge half up to the paisa, and takes discounts off', () => {
    const split = splitBill({
      items: [{ amount: new Decimal('99.99'), people: ['asha'] }],
      charges: [{ percent: new Decimal('2.5') }, { amount: new Decimal(-50) }, { percent: new Decimal(-10) }],
    });
    // 2.5% of 99.99 is 2.49975 → 2.50; -10% is -9.999 → -10.00.
    expect(split.charges.map((c) => c.toFixed(2))).toEqual(['2.50', '-50.00', '-10.00']);
    expect(split.total.toFixed(2)).toBe('42.49');
  });

  it('refuses a total on the first line that the lines do not add up to, saying by how much', () => {
    expect(() =>
      splitBill({
        items: [{ amount: new Decimal(500), people: ['asha'] }],
        charges: [{ amount: new Decimal(20) }],
        total: new Decimal(510),
      }),
    ).toThrow('The first line says ₹510.00, but the items and charges come to ₹520.00 (₹10.00 over)');
  });

  it('refuses a discount larger than the bill, naming its line', () => {
    expect(() =>
      splitBill({
        items: [{ amount: new Decimal(100), people: ['asha'] }],
        charges: [{ amount: new Decimal(-100), line: 3 }],
      }),
    ).toThrow(/discount on line 3/);
  });
});

describe('apportionExact', () => {
  it('sums to the total, each within one of proportional, for huge weights', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 1_000_000_000n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 30n }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        (total, weights, seed) => {
          fc.pre(weights.some((w) => w > 0n));
          const sum = weights.reduce((a, b) => a + b, 0n);
          const out = apportionExact(total, weights, seed);
          expect(out.reduce((a, b) => a + b, 0n)).toBe(total);
          out.forEach((c, i) => {
            const diff = c * sum - total * (weights[i] as bigint);
            expect(diff < sum && diff > -sum).toBe(true);
          });
        },
      ),
    );
  });
});
