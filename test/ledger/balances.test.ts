import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Decimal,
  type LedgerExpense,
  netBalances,
  pairwiseBalances,
  settleUpPlan,
  splitExpense,
} from '../../src/ledger/index.js';

const d = (v: string | number) => new Decimal(v);
const lines = (debts: { debtor: string; creditor: string; amount: Decimal }[]) =>
  debts.map((x) => `${x.debtor} owes ${x.creditor}: ${x.amount.toFixed(2)}`);

const workedExample: LedgerExpense<string>[] = [
  {
    payer: 'u1',
    shares: splitExpense({ type: 'EQUAL', amount: d(1000), participants: ['u1', 'u2', 'u3', 'u4'] }),
  },
  {
    payer: 'u1',
    shares: [
      { participant: 'u2', share: d(370) },
      { participant: 'u3', share: d(880) },
    ],
  },
  {
    payer: 'u4',
    shares: [
      { participant: 'u1', share: d(480) },
      { participant: 'u2', share: d(240) },
      { participant: 'u3', share: d(240) },
      { participant: 'u4', share: d(240) },
    ],
  },
];

describe('pairwiseBalances', () => {
  it('gives exactly the five balances of the worked example', () => {
    expect(lines(pairwiseBalances(workedExample))).toEqual([
      'u1 owes u4: 230.00',
      'u2 owes u1: 620.00',
      'u2 owes u4: 240.00',
      'u3 owes u1: 1130.00',
      'u3 owes u4: 240.00',
    ]);
  });

  it('reduces a debt with a settlement and flips the pair on overpayment', () => {
    const expenses = [{ payer: 'a', shares: [{ participant: 'b', share: d(100) }] }];
    expect(lines(pairwiseBalances(expenses, [{ from: 'b', to: 'a', amount: d(40) }]))).toEqual([
      'b owes a: 60.00',
    ]);
    expect(lines(pairwiseBalances(expenses, [{ from: 'b', to: 'a', amount: d(100) }]))).toEqual([]);
    expect(lines(pairwiseBalances(expenses, [{ from: 'b', to: 'a', amount: d(130) }]))).toEqual([
      'a owes b: 30.00',
    ]);
  });
});

describe('settleUpPlan', () => {
  it('settles the worked example without anyone paying more than they owe', () => {
    const nets = netBalances(pairwiseBalances(workedExample));
    const plan = settleUpPlan(nets);
    expect(plan.length).toBeLessThanOrEqual(3);
    const after = new Map([...nets].map(([id, net]) => [id, net]));
    for (const t of plan) {
      after.set(t.from, (after.get(t.from) as Decimal).plus(t.amount));
      after.set(t.to, (after.get(t.to) as Decimal).minus(t.amount));
    }
    for (const net of after.values()) expect(net.isZero()).toBe(true);
  });

  it('pairs exact matches with one transfer each', () => {
    const plan = settleUpPlan(
      new Map([
        ['a', d(-50)],
        ['b', d(-30)],
        ['c', d(30)],
        ['d', d(50)],
      ]),
    );
    expect(plan.map((t) => `${t.from}->${t.to} ${t.amount.toFixed(2)}`)).toEqual([
      'a->d 50.00',
      'b->c 30.00',
    ]);
  });
});

const expenseArb = fc
  .record({
    payer: fc.integer({ min: 1, max: 12 }),
    people: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }),
    cents: fc.integer({ min: 100, max: 10_000_000 }),
    seed: fc.nat(),
  })
  .map(({ payer, people, cents, seed }) => ({
    payer,
    shares: splitExpense(
      { type: 'EQUAL', amount: new Decimal(cents).div(100), participants: people },
      { seed },
    ),
  }));

describe('balance properties', () => {
  it('nets over any expenses sum to zero, and the plan zeroes everyone in at most n-1 transfers', () => {
    fc.assert(
      fc.property(fc.array(expenseArb, { maxLength: 40 }), (expenses) => {
        const nets = netBalances(pairwiseBalances(expenses));
        const total = [...nets.values()].reduce((s, n) => s.plus(n), d(0));
        expect(total.isZero()).toBe(true);
        const nonZero = [...nets.values()].filter((n) => !n.isZero()).length;
        const plan = settleUpPlan(nets);
        expect(plan.length).toBeLessThanOrEqual(Math.max(0, nonZero - 1));
        const after = new Map(nets);
        for (const t of plan) {
          expect(t.amount.gt(0)).toBe(true);
          expect(t.amount.lte((nets.get(t.from) as Decimal).neg())).toBe(true);
          expect(t.amount.lte(nets.get(t.to) as Decimal)).toBe(true);
          after.set(t.from, (after.get(t.from) as Decimal).plus(t.amount));
          after.set(t.to, (after.get(t.to) as Decimal).minus(t.amount));
        }
        for (const net of after.values()) expect(net.isZero()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
