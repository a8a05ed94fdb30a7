import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Debt, Decimal, EXACT_WORK, settleUpPlan, type Transfer } from '../../src/ledger/index.js';

const d = (v: string | number) => new Decimal(v);
const moves = (plan: Transfer<string>[]) => plan.map((t) => `${t.from}->${t.to} ${t.amount.toFixed(2)}`);
/** Nets named A, B, C, ... in the order given. */
const named = (values: (string | number)[]) =>
  new Map(values.map((v, i) => [String.fromCharCode(65 + i), d(v)] as const));
const owes = (debtor: string, creditor: string, amount: string | number = 1): Debt<string> => ({
  debtor,
  creditor,
  amount: d(amount),
});

/**
 * The fewest transfers by another method than the planner's: every partition of the people with a
 * non-zero net into blocks (restricted growth strings), keeping the most blocks that all sum to
 * zero. n people in g such blocks settle in n - g transfers, and no plan does better.
 */
function bruteForceMinimum(nets: ReadonlyMap<string, Decimal>): number {
  const paise = [...nets.values()].filter((v) => !v.isZero()).map((v) => v.times(100).toNumber());
  const n = paise.length;
  let most = 0;
  const blockSums: number[] = [];
  const place = (i: number) => {
    if (i === n) {
      if (blockSums.every((s) => s === 0)) most = Math.max(most, blockSums.length);
      return;
    }
    for (let b = 0; b < blockSums.length; b++) {
      blockSums[b] = (blockSums[b] as number) + (paise[i] as number);
      place(i + 1);
      blockSums[b] = (blockSums[b] as number) - (paise[i] as number);
    }
    blockSums.push(paise[i] as number);
    place(i + 1);
    blockSums.pop();
  };
  place(0);
  return n - most;
}

/** What every plan must do: settle everyone, in at most n-1 transfers, nobody beyond their net. */
function expectSettles<Id extends string | number>(nets: ReadonlyMap<Id, Decimal>, plan: Transfer<Id>[]) {
  const nonZero = [...nets.values()].filter((v) => !v.isZero()).length;
  expect(plan.length).toBeLessThanOrEqual(Math.max(0, nonZero - 1));
  const left = new Map(nets);
  for (const t of plan) {
    expect(t.amount.gt(0)).toBe(true);
    expect(t.amount.decimalPlaces()).toBeLessThanOrEqual(2);
    expect(t.from).not.toBe(t.to);
    const from = left.get(t.from) ?? d(0);
    const to = left.get(t.to) ?? d(0);
    // A debtor pays no more than they still owe; a creditor receives no more than they are still owed.
    expect(from.neg().gte(t.amount)).toBe(true);
    expect(to.gte(t.amount)).toBe(true);
    left.set(t.from, from.plus(t.amount));
    left.set(t.to, to.minus(t.amount));
  }
  for (const net of left.values()) expect(net.isZero()).toBe(true);
}

describe('settleUpPlan finds the fewest payments', () => {
  it('settles the issue’s smallest miss in 4 payments where the greedy took 5', () => {
    const nets = named([-6, -5, 1, 3, 3, 4]);
    const plan = settleUpPlan(nets);
    expect(moves(plan)).toEqual(['A->D 3.00', 'A->E 3.00', 'B->F 4.00', 'B->C 1.00']);
    expectSettles(nets, plan);
    expect(bruteForceMinimum(nets)).toBe(4);
    expect(settleUpPlan(nets, [], { exactWork: 0 })).toHaveLength(5); // the greedy alone
  });

  it('settles the real group after row 56 in its minimum of 4 payments (the greedy took 5)', () => {
    const nets = named(['-5.30', '-40.28', '-53.76', '94.04', '-82.68', '87.98']);
    expect(bruteForceMinimum(nets)).toBe(4); // 40.28 + 53.76 = 94.04 and 5.30 + 82.68 = 87.98
    const plan = settleUpPlan(nets);
    expect(plan).toHaveLength(4);
    expectSettles(nets, plan);
    expect(moves(plan)).toEqual(['E->F 82.68', 'A->F 5.30', 'C->D 53.76', 'B->D 40.28']);
    expect(settleUpPlan(nets, [], { exactWork: 0 })).toHaveLength(5);
  });

  it('finds five hidden groups of four among 20 people: 15 payments', () => {
    // Each group: -(100a + 7), -(100b + 13), +(100c + 5), +(100d + 15) rupees with a + b = c + d.
    // No two or three of these cancel (by their last two digits: 07, 13, 14, 20 or 26 owed against
    // 05, 15, 10, 20 or 30 owed to, and 20 needs two of each), so every zero-sum group has at least
    // four people: five groups at most, 15 payments at least.
    const groups = [
      [61, 37, 42, 56],
      [53, 29, 31, 51],
      [47, 44, 38, 53],
      [59, 23, 35, 47],
      [41, 33, 27, 47],
    ];
    const values = groups.flatMap(([a, b, c, e]) => [
      -(100 * (a as number) + 7),
      -(100 * (b as number) + 13),
      100 * (c as number) + 5,
      100 * (e as number) + 15,
    ]);
    const nets = named(values);
    const plan = settleUpPlan(nets);
    expectSettles(nets, plan);
    expect(plan).toHaveLength(15);
    expect(settleUpPlan(nets, [], { exactWork: 0 }).length).toBeGreaterThan(15);
  });

  it('matches a brute-force minimum on any group of up to 8 people, with or without direct debts', () => {
    // In paise. Small amounts make coincidental zero-sum subgroups common; subgroups built to cancel
    // hide more. The last person takes whatever makes the whole group sum to zero.
    const closed = (paise: number[]) => [...paise, -paise.reduce((s, x) => s + x, 0)];
    const tiny = fc
      .array(
        fc.integer({ min: -9, max: 9 }).map((r) => r * 100),
        { minLength: 1, maxLength: 7 },
      )
      .map(closed);
    const hidden = fc
      .array(fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: 1, maxLength: 3 }).map(closed), {
        minLength: 1,
        maxLength: 4,
      })
      .map((groups) => closed(groups.flat().slice(0, 7)));
    fc.assert(
      fc.property(
        fc.oneof(tiny, hidden),
        fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 12 }),
        fc.integer(),
        (values, pairs, seed) => {
          // People in a random order under random names, so neither order nor names line up with groups.
          const order = values
            .map((_, i) => i)
            .sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
          const nets = new Map(
            order.map(
              (i, k) => [`p${(k * 5 + seed) & 15}-${k}`, new Decimal(values[i] as number).div(100)] as const,
            ),
          );
          const ids = [...nets.keys()];
          const debts = pairs
            .filter(([a, b]) => a < ids.length && b < ids.length && a !== b)
            .map(([a, b]) => owes(ids[a] as string, ids[b] as string));
          const minimum = bruteForceMinimum(nets);
          for (const plan of [settleUpPlan(nets), settleUpPlan(nets, debts)]) {
            expect(plan).toHaveLength(minimum);
            expectSettles(nets, plan);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('settleUpPlan prefers payments along direct debts', () => {
  it('pairs exact opposites who owe each other directly', () => {
    const nets = named([-10, -10, 10, 10]);
    expect(moves(settleUpPlan(nets))).toEqual(['A->C 10.00', 'B->D 10.00']);
    const debts = [owes('A', 'D', 4), owes('B', 'C', 7), owes('C', 'D', 2)];
    expect(moves(settleUpPlan(nets, debts))).toEqual(['A->D 10.00', 'B->C 10.00']);
  });

  it('within a group, pays along direct debts first, keeping the same number of payments', () => {
    const nets = named([-6, -4, 5, 5]);
    expect(moves(settleUpPlan(nets))).toEqual(['A->C 5.00', 'B->D 4.00', 'A->D 1.00']);
    const plan = settleUpPlan(nets, [owes('B', 'C', 4), owes('A', 'D', 2)]);
    expect(moves(plan)).toEqual(['A->D 5.00', 'B->C 4.00', 'A->C 1.00']);
    expectSettles(nets, plan);
  });

  it('ignores debts that no payment of the plan could follow', () => {
    const nets = named([-5, 5]);
    // C is square, and B (owed) cannot pay A (owing).
    expect(moves(settleUpPlan(nets, [owes('B', 'A'), owes('A', 'C'), owes('C', 'B')]))).toEqual([
      'A->B 5.00',
    ]);
  });
});

describe('settleUpPlan beyond the exact bound', () => {
  it('falls back to the greedy when the search would exceed its work budget', () => {
    const nets = named([-6, -5, 1, 3, 3, 4]);
    expect(settleUpPlan(nets, [], { exactWork: 6 * 2 ** 6 })).toHaveLength(4);
    expect(settleUpPlan(nets, [], { exactWork: 6 * 2 ** 6 - 1 })).toHaveLength(5);
    expect(EXACT_WORK).toBeGreaterThanOrEqual(20 * 2 ** 20);
  });

  it('still settles everyone within n-1 payments for groups of 21 to 300 people', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 20, maxLength: 299 }),
        (paise) => {
          const all = [...paise, -paise.reduce((s, x) => s + x, 0)];
          const nets = new Map(all.map((c, i) => [`p${i}`, new Decimal(c).div(100)] as const));
          expectSettles(nets, settleUpPlan(nets));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('settleUpPlan is deterministic', () => {
  it('gives the same plan whatever order the nets and debts come in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -30, max: 30 }), { minLength: 1, maxLength: 14 }),
        fc.array(fc.tuple(fc.nat(14), fc.nat(14)), { maxLength: 20 }),
        (values, pairs) => {
          const entries = [...values, -values.reduce((s, x) => s + x, 0)].map(
            (v, i) => [`p${(i * 7) % 15}-${i}`, d(v)] as [string, Decimal],
          );
          const ids = entries.map(([id]) => id);
          const debts = pairs
            .filter(([a, b]) => a < ids.length && b < ids.length && a !== b)
            .map(([a, b]) => owes(ids[a] as string, ids[b] as string));
          const plan = moves(settleUpPlan(entries, debts));
          expect(moves(settleUpPlan([...entries].reverse(), [...debts].reverse()))).toEqual(plan);
          expect(moves(settleUpPlan(new Map(entries), debts))).toEqual(plan);
        },
      ),
      { numRuns: 200 },
    );
  });
});
