import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apportion,
  Decimal,
  LedgerError,
  type PersonId,
  type Share,
  type SplitRequest,
  splitExpense,
} from '../../src/ledger/index.js';

const d = (v: string | number) => new Decimal(v);
const sum = (shares: readonly Share<PersonId>[]) => shares.reduce((s, x) => s.plus(x.share), d(0));
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

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('splitExpense: the worked example', () => {
  it('splits the electricity bill of 1000 equally among four: 250 each', () => {
    const shares = splitExpense({ type: 'EQUAL', amount: d(1000), participants: ['u1', 'u2', 'u3', 'u4'] });
    expect(table(shares)).toEqual({ u1: '250.00', u2: '250.00', u3: '250.00', u4: '250.00' });
  });

  it('splits the sale of 1250 exactly: 370 and 880, keeping what was typed', () => {
    const shares = splitExpense({
      type: 'EXACT',
      amount: d(1250),
      shares: [
        { participant: 'u2', amount: d(370) },
        { participant: 'u3', amount: d(880) },
      ],
    });
    expect(table(shares)).toEqual({ u2: '370.00', u3: '880.00' });
    expect(shares.map((s) => s.typed?.toFixed())).toEqual(['370', '880']);
  });

  it('splits the dinner of 1200 by percent 40/20/20/20: 480, 240, 240, 240', () => {
    const shares = splitExpense({
      type: 'PERCENT',
      amount: d(1200),
      shares: [
        { participant: 'u1', percent: d(40) },
        { participant: 'u2', percent: d(20) },
        { participant: 'u3', percent: d(20) },
        { participant: 'u4', percent: d(20) },
      ],
    });
    expect(table(shares)).toEqual({ u1: '480.00', u2: '240.00', u3: '240.00', u4: '240.00' });
    expect(shares.map((s) => s.typed?.toFixed())).toEqual(['40', '20', '20', '20']);
  });
});

describe('splitExpense: rounding and the odd paisa', () => {
  it('keeps shares in input order with two decimals that add up to the amount', () => {
    const shares = splitExpense({ type: 'EQUAL', amount: d(100), participants: ['c', 'a', 'b'] });
    expect(shares.map((s) => s.participant)).toEqual(['c', 'a', 'b']);
    expect(shares.map((s) => s.share.toFixed(2))).toEqual(['33.34', '33.33', '33.33']);
    expect(sum(shares).eq(100)).toBe(true);
  });

  it('gives the odd paisa to a different person as the seed changes, wrapping around', () => {
    const who = (seed: number) =>
      splitExpense({ type: 'EQUAL', amount: d(100), participants: ['a', 'b', 'c'] }, { seed })
        .filter((s) => s.share.eq('33.34'))
        .map((s) => s.participant);
    expect([0, 1, 2, 3, 4, 5].map(who)).toEqual([['a'], ['b'], ['c'], ['a'], ['b'], ['c']]);
    expect(who(-1)).toEqual(['c']);
    expect(who(1.7)).toEqual(['b']);
    expect(who(Number.NaN)).toEqual(['a']);
  });

  it('hands several leftover paise round consecutively from the seed position', () => {
    // 0.05 among 4 after 0.01 each leaves 1 paisa; 1.02 among 4 leaves 2 paise.
    const shares = splitExpense(
      { type: 'EQUAL', amount: d('1.02'), participants: ['a', 'b', 'c', 'd'] },
      { seed: 3 },
    );
    expect(shares.map((s) => s.share.toFixed(2))).toEqual(['0.26', '0.25', '0.25', '0.26']);
  });

  it('rotates ties among equal percentages too, but favours the largest remainder first', () => {
    const percent = (seed: number) =>
      splitExpense(
        {
          type: 'PERCENT',
          amount: d('0.10'),
          shares: [
            { participant: 'a', percent: d(35) },
            { participant: 'b', percent: d(35) },
            { participant: 'c', percent: d(30) },
          ],
        },
        { seed },
      ).map((s) => s.share.toFixed(2));
    // Exact: 0.035, 0.035, 0.030. Floors 0.03 each, one paisa left: a tie between a and b.
    expect(percent(0)).toEqual(['0.04', '0.03', '0.03']);
    expect(percent(1)).toEqual(['0.03', '0.04', '0.03']);
    expect(percent(2)).toEqual(['0.04', '0.03', '0.03']); // c's remainder is zero: it never gets it
  });
});

describe('splitExpense: refusals', () => {
  it('refuses exact shares that fall short, naming both sums and the gap', () => {
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
    expect(error.details).toMatchObject({
      typed: '1,250.00',
      total: '1,170.00',
      gap: '80.00',
      direction: 'short',
    });
    expect(error.message).toBe(
      'The exact shares add up to ₹1,170.00 but the amount is ₹1,250.00 (₹80.00 short).',
    );
  });

  it('refuses exact shares that go over, naming both sums and the gap', () => {
    const error = refusal(() =>
      splitExpense({
        type: 'EXACT',
        amount: d(1200),
        shares: [
          { participant: 'a', amount: d('1000.50') },
          { participant: 'b', amount: d('249.50') },
        ],
      }),
    );
    expect(error.message).toBe(
      'The exact shares add up to ₹1,250.00 but the amount is ₹1,200.00 (₹50.00 over).',
    );
  });

  it('refuses a zero, negative or sub-paisa exact share, naming the person', () => {
    const exact = (amount: string) =>
      refusal(() =>
        splitExpense({
          type: 'EXACT',
          amount: d(10),
          shares: [
            { participant: 'a', amount: d(10) },
            { participant: 'b', amount: d(amount) },
          ],
        }),
      );
    expect(exact('0').code).toBe('SHARE_NOT_POSITIVE');
    expect(exact('0').details.participant).toBe('b');
    expect(exact('0').message).toBe("b's share must be more than zero.");
    expect(exact('-3').code).toBe('SHARE_NOT_POSITIVE');
    expect(exact('0.005').code).toBe('AMOUNT_TOO_PRECISE');
    expect(exact('0.005').message).toBe(
      "b's share has more than two decimal places; amounts go to the paisa, like 120.50.",
    );
    expect(exact('10000000.01').code).toBe('AMOUNT_TOO_LARGE');
  });

  it('refuses percentages that do not total exactly 100, naming the total', () => {
    const percent = (...values: string[]) =>
      refusal(() =>
        splitExpense({
          type: 'PERCENT',
          amount: d(1200),
          shares: values.map((p, i) => ({ participant: i, percent: d(p) })),
        }),
      );
    expect(percent('40', '50').message).toBe('The percentages add up to 90, not 100.');
    expect(percent('60', '50').message).toBe('The percentages add up to 110, not 100.');
    expect(percent('33.33', '33.33', '33.33').message).toBe('The percentages add up to 99.99, not 100.');
    expect(percent('33.33', '33.33', '33.33').details.total).toBe('99.99');
  });

  it('refuses invalid percentages naming the person', () => {
    const percent = (p: string) =>
      refusal(() =>
        splitExpense({
          type: 'PERCENT',
          amount: d(100),
          shares: [
            { participant: 'a', percent: d(p) },
            { participant: 'b', percent: d(50) },
          ],
        }),
      );
    expect(percent('0').code).toBe('PERCENT_NOT_POSITIVE');
    expect(percent('-50').code).toBe('PERCENT_NOT_POSITIVE');
    expect(percent('49.999').code).toBe('PERCENT_TOO_PRECISE');
    expect(percent('150').code).toBe('PERCENT_TOO_LARGE');
    expect(percent('0').details.participant).toBe('a');
  });

  it('refuses an amount that is not positive whole paise up to one crore', () => {
    const equal = (amount: Decimal) =>
      refusal(() => splitExpense({ type: 'EQUAL', amount, participants: ['a'] }));
    expect(equal(d(0)).code).toBe('AMOUNT_NOT_POSITIVE');
    expect(equal(d(-1)).code).toBe('AMOUNT_NOT_POSITIVE');
    expect(equal(d('1.001')).code).toBe('AMOUNT_TOO_PRECISE');
    expect(equal(d('10000000.01')).code).toBe('AMOUNT_TOO_LARGE');
    expect(equal(d(Number.NaN)).code).toBe('AMOUNT_NOT_A_NUMBER');
    expect(equal(d(Number.POSITIVE_INFINITY)).code).toBe('AMOUNT_NOT_A_NUMBER');
  });

  it('refuses a participant named twice, naming them, for every split type', () => {
    const requests: SplitRequest<number>[] = [
      { type: 'EQUAL', amount: d(10), participants: [1, 7, 7] },
      {
        type: 'EXACT',
        amount: d(10),
        shares: [
          { participant: 7, amount: d(5) },
          { participant: 7, amount: d(5) },
        ],
      },
      {
        type: 'PERCENT',
        amount: d(10),
        shares: [
          { participant: 7, percent: d(50) },
          { participant: 7, percent: d(50) },
        ],
      },
    ];
    for (const request of requests) {
      const error = refusal(() => splitExpense(request));
      expect(error.code).toBe('DUPLICATE_PARTICIPANT');
      expect(error.details.participant).toBe('7');
      expect(error.message).toBe('7 is named more than once; name each person once.');
    }
  });

  it('refuses a split with nobody', () => {
    expect(refusal(() => splitExpense({ type: 'EQUAL', amount: d(10), participants: [] })).code).toBe(
      'NO_PARTICIPANTS',
    );
    expect(refusal(() => splitExpense({ type: 'EXACT', amount: d(10), shares: [] })).code).toBe(
      'NO_PARTICIPANTS',
    );
  });

  it('splits among 1000 people of every type, and refuses 1001', () => {
    const amount = d('10000000');
    const thousand = ids(1000);
    const each = thousand.map((participant) => ({ participant, amount: d(10_000), percent: d('0.1') }));
    expect(sum(splitExpense({ type: 'EQUAL', amount, participants: thousand })).eq(amount)).toBe(true);
    expect(sum(splitExpense({ type: 'EXACT', amount, shares: each })).eq(amount)).toBe(true);
    expect(sum(splitExpense({ type: 'PERCENT', amount, shares: each })).eq(amount)).toBe(true);

    const more = ids(1001);
    const tooMany = more.map((participant) => ({ participant, amount: d(1), percent: d('0.1') }));
    for (const request of [
      { type: 'EQUAL', amount, participants: more },
      { type: 'EXACT', amount, shares: tooMany },
      { type: 'PERCENT', amount, shares: tooMany },
    ] as SplitRequest<number>[]) {
      const error = refusal(() => splitExpense(request));
      expect(error.code).toBe('TOO_MANY_PARTICIPANTS');
      expect(error.message).toBe('An expense can be split among at most 1000 people, not 1001.');
    }
  });

  it('refuses an equal split too small to give everyone a paisa', () => {
    const error = refusal(() =>
      splitExpense({ type: 'EQUAL', amount: d('0.02'), participants: ['a', 'b', 'c'] }),
    );
    expect(error.code).toBe('SHARE_NOT_POSITIVE');
    expect(error.message).toBe(
      "₹0.02 is too little to split among 3 people: everyone's share must be at least ₹0.01.",
    );
    expect(splitExpense({ type: 'EQUAL', amount: d('0.03'), participants: ['a', 'b', 'c'] })).toHaveLength(3);
  });

  it('refuses a percent split in which someone’s share rounds to nothing', () => {
    const error = refusal(() =>
      splitExpense({
        type: 'PERCENT',
        amount: d('0.10'),
        shares: [
          { participant: 'a', percent: d(95) },
          { participant: 'b', percent: d(5) },
        ],
      }),
    );
    expect(error.code).toBe('SHARE_NOT_POSITIVE');
    expect(error.details.participant).toBe('b');
    expect(error.message).toBe(
      "5% of ₹0.10 is less than a paisa, so b's share would be zero; use a larger amount or percentage.",
    );
  });
});

// Properties: any valid input, any seed.
const amountCents = fc.integer({ min: 1, max: 1_000_000_000 });
const seed = fc.integer({ min: -1e9, max: 1e9 });

// Random positive hundredths of a percent summing to exactly 10,000.
const percentWeights = (maxPeople: number) =>
  fc.array(fc.integer({ min: 1, max: 9_999 }), { minLength: 0, maxLength: maxPeople - 1 }).map((cuts) => {
    const points = [...new Set(cuts)].sort((a, b) => a - b);
    const bounds = [0, ...points, 10_000];
    return bounds.slice(1).map((b, i) => b - (bounds[i] as number));
  });

function expectWithinAPaisa(shares: readonly Share<number>[], exact: (i: number) => Decimal) {
  // One expect for the lot: vitest's expect costs microseconds, and there can be 1000 shares.
  const off = shares.filter(
    (s, i) => s.share.decimalPlaces() > 2 || s.share.minus(exact(i)).abs().gte('0.01'),
  );
  expect(off).toEqual([]);
}

describe('split properties', () => {
  it('equal shares add up to the amount, differ by at most a paisa, each within a paisa of exact', () => {
    fc.assert(
      fc.property(
        amountCents,
        fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 1000 })),
        seed,
        (cents, n, s) => {
          fc.pre(cents >= n);
          const amount = new Decimal(cents).div(100);
          const shares = splitExpense({ type: 'EQUAL', amount, participants: ids(n) }, { seed: s });
          expect(shares).toHaveLength(n);
          expect(sum(shares).eq(amount)).toBe(true);
          const values = shares.map((x) => x.share);
          expect(
            Decimal.max(...values)
              .minus(Decimal.min(...values))
              .lte('0.01'),
          ).toBe(true);
          expect(Decimal.min(...values).gte('0.01')).toBe(true);
          const exact = amount.div(n);
          expectWithinAPaisa(shares, () => exact);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('percent shares add up to the amount, each within a paisa of exact; only a zero share is refused', () => {
    fc.assert(
      fc.property(amountCents, percentWeights(60), seed, (cents, weights, s) => {
        const amount = new Decimal(cents).div(100);
        const request = weights.map((w, i) => ({ participant: i, percent: new Decimal(w).div(100) }));
        let shares: Share<number>[];
        try {
          shares = splitExpense({ type: 'PERCENT', amount, shares: request }, { seed: s });
        } catch (error) {
          expect((error as LedgerError).code).toBe('SHARE_NOT_POSITIVE');
          return;
        }
        expect(sum(shares).eq(amount)).toBe(true);
        expectWithinAPaisa(shares, (i) => amount.times(request[i]?.percent as Decimal).div(100));
        for (const x of shares) expect(x.share.gt(0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('exact shares that add up are returned as typed; any other total is refused', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: -5, max: 5 }),
        (parts, off) => {
          const total = parts.reduce((a, b) => a + b, 0) + off;
          fc.pre(total > 0);
          const amount = new Decimal(total).div(100);
          const request = parts.map((p, i) => ({ participant: i, amount: new Decimal(p).div(100) }));
          if (off === 0) {
            const shares = splitExpense({ type: 'EXACT', amount, shares: request });
            expect(sum(shares).eq(amount)).toBe(true);
            for (const [i, x] of shares.entries()) {
              expect(x.share.eq(request[i]?.amount as Decimal)).toBe(true);
            }
          } else {
            const error = refusal(() => splitExpense({ type: 'EXACT', amount, shares: request }));
            expect(error.code).toBe('EXACT_TOTAL_MISMATCH');
            expect(error.details.gap).toBe(new Decimal(Math.abs(off)).div(100).toFixed(2));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('apportions any weights by largest remainder: exact total, each within one unit of exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 100 }),
        seed,
        (total, weights, s) => {
          const cents = apportion(total, weights, s);
          expect(cents.reduce((a, b) => a + b, 0)).toBe(total);
          const weightSum = weights.reduce((a, b) => a + b, 0);
          cents.forEach((c, i) => {
            const exact = (total * (weights[i] as number)) / weightSum;
            expect(Number.isInteger(c)).toBe(true);
            expect(Math.abs(c - exact)).toBeLessThan(1);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the leftover paise of an equal split to the run of people starting at seed % n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.nat(),
        (n, extra, s) => {
          const total = n * 100 + (extra % n);
          const shares = splitExpense(
            { type: 'EQUAL', amount: new Decimal(total).div(100), participants: ids(n) },
            { seed: s },
          );
          const lucky = shares.flatMap((x, i) => (x.share.gt(1) ? [i] : []));
          const expected = Array.from({ length: extra % n }, (_, k) => (s + k) % n).sort((a, b) => a - b);
          expect(lucky).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('splitExpense: weighted shares', () => {
  it('splits 1000 by shares me 2, ravi 1, meera 1: 500, 250, 250, keeping the typed shares', () => {
    const shares = splitExpense({
      type: 'SHARES',
      amount: d(1000),
      shares: [
        { participant: 'me', weight: d(2) },
        { participant: 'ravi', weight: d(1) },
        { participant: 'meera', weight: d(1) },
      ],
    });
    expect(table(shares)).toEqual({ me: '500.00', ravi: '250.00', meera: '250.00' });
    expect(shares.map((s) => s.typed?.toString())).toEqual(['2', '1', '1']);
  });

  it('gives the odd paisa to the largest remainder: 100 by 1, 1, 1 leaves one paisa to place', () => {
    const shares = splitExpense(
      {
        type: 'SHARES',
        amount: d(100),
        shares: [
          { participant: 'a', weight: d(1) },
          { participant: 'b', weight: d('1.5') },
          { participant: 'c', weight: d('0.5') },
        ],
      },
      { seed: 0 },
    );
    // Exact: 33.333…, 50, 16.666…: the paisa goes to c, whose rounding cut the most.
    expect(shares.map((s) => s.share.toFixed(2))).toEqual(['33.33', '50.00', '16.67']);
  });

  it('refuses a zero, negative, over-precise or too large number of shares, and a share under a paisa', () => {
    const weight = (w: string, amount = '100') =>
      refusal(() =>
        splitExpense({
          type: 'SHARES',
          amount: d(amount),
          shares: [
            { participant: 'a', weight: d(w) },
            { participant: 'b', weight: d(1) },
          ],
        }),
      );
    expect(weight('0').code).toBe('WEIGHT_NOT_POSITIVE');
    expect(weight('-1').code).toBe('WEIGHT_NOT_POSITIVE');
    expect(weight('1.255').code).toBe('WEIGHT_TOO_PRECISE');
    expect(weight('1000.01').code).toBe('WEIGHT_TOO_LARGE');
    const tiny = refusal(() =>
      splitExpense({
        type: 'SHARES',
        amount: d('0.01'),
        shares: [
          { participant: 'a', weight: d(1) },
          { participant: 'b', weight: d(1) },
        ],
      }),
    );
    expect(tiny.code).toBe('SHARE_NOT_POSITIVE');
    expect(tiny.message).not.toMatch(/undefined/);
  });
});

describe('split properties: weighted shares', () => {
  const weights = fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 60 });

  it('shares add up exactly to the amount, each within a paisa of amount × weight ÷ total weight', () => {
    fc.assert(
      fc.property(amountCents, weights, seed, (cents, hundredths, s) => {
        const amount = new Decimal(cents).div(100);
        const request = hundredths.map((w, i) => ({ participant: i, weight: new Decimal(w).div(100) }));
        const totalWeight = request.reduce((a, r) => a.plus(r.weight), d(0));
        let shares: Share<number>[];
        try {
          shares = splitExpense({ type: 'SHARES', amount, shares: request }, { seed: s });
        } catch (error) {
          expect((error as LedgerError).code).toBe('SHARE_NOT_POSITIVE');
          return;
        }
        expect(sum(shares).eq(amount)).toBe(true);
        expectWithinAPaisa(shares, (i) => amount.times(request[i]?.weight as Decimal).div(totalWeight));
        for (const x of shares) expect(x.share.gt(0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is the equal split when every weight is the same, for the same seed', () => {
    fc.assert(
      fc.property(
        amountCents,
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 1000 }),
        seed,
        (cents, n, w, s) => {
          const amount = new Decimal(cents).div(100);
          fc.pre(cents >= n);
          const equal = splitExpense({ type: 'EQUAL', amount, participants: ids(n) }, { seed: s });
          const weighted = splitExpense(
            {
              type: 'SHARES',
              amount,
              shares: ids(n).map((p) => ({ participant: p, weight: new Decimal(w) })),
            },
            { seed: s },
          );
          expect(weighted.map((x) => x.share.toFixed(2))).toEqual(equal.map((x) => x.share.toFixed(2)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
