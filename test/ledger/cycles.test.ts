import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cancelCycles,
  type Debt,
  Decimal,
  type LedgerExpense,
  type LedgerSettlement,
  netBalances,
  pairwiseBalances,
  settleUpPlan,
  splitExpense,
} from '../../src/ledger/index.js';

const d = (v: string | number) => new Decimal(v);
const debt = <Id extends string | number>(debtor: Id, creditor: Id, amount: string | number): Debt<Id> => ({
  debtor,
  creditor,
  amount: d(amount),
});
const lines = (debts: Debt<string | number>[]) =>
  debts.map((x) => `${x.debtor} owes ${x.creditor}: ${x.amount.toFixed(2)}`);
const netsOf = <Id extends string | number>(debts: Debt<Id>[]) =>
  new Map(
    [...netBalances(debts)].filter(([, net]) => !net.isZero()).map(([id, net]) => [id, net.toFixed(2)]),
  );

/** A cycle, if any: Kahn's algorithm leaves someone with an unremoved incoming debt. */
function hasCycle<Id extends string | number>(debts: readonly Debt<Id>[]): boolean {
  const incoming = new Map<Id, number>();
  const out = new Map<Id, Id[]>();
  for (const x of debts) {
    incoming.set(x.creditor, (incoming.get(x.creditor) ?? 0) + 1);
    if (!incoming.has(x.debtor)) incoming.set(x.debtor, 0);
    out.set(x.debtor, [...(out.get(x.debtor) ?? []), x.creditor]);
  }
  const ready = [...incoming].filter(([, n]) => n === 0).map(([id]) => id);
  let removed = 0;
  while (ready.length > 0) {
    const id = ready.pop() as Id;
    removed++;
    for (const to of out.get(id) ?? []) {
      const left = (incoming.get(to) as number) - 1;
      incoming.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  return removed < incoming.size;
}

// The brief's worked example as its five netted balances.
const workedExample = [
  debt('u3', 'u1', '1130.00'),
  debt('u2', 'u1', '620.00'),
  debt('u2', 'u4', '240.00'),
  debt('u3', 'u4', '240.00'),
  debt('u1', 'u4', '230.00'),
];

describe('cancelCycles', () => {
  it('keeps the worked example exactly as it is: it has no cycle', () => {
    expect(lines(cancelCycles(workedExample)).sort()).toEqual(lines(workedExample).sort());
  });

  it('cancels a cycle by its smallest debt, leaving the rest of the larger debt', () => {
    expect(lines(cancelCycles([debt('a', 'b', 300), debt('b', 'c', 300), debt('c', 'a', 500)]))).toEqual([
      'c owes a: 200.00',
    ]);
  });

  it('leaves nothing of the issue’s balances after the plan was paid: every net is zero', () => {
    // The worked example after paying exactly what /settleup proposed.
    const after = [
      debt('u2', 'u1', 470),
      debt('u4', 'u2', 470),
      debt('u1', 'u3', 240),
      debt('u3', 'u4', 240),
      debt('u1', 'u4', 230),
    ];
    expect(cancelCycles(after)).toEqual([]);
  });

  it('treats a pair owing both ways as a cycle of two', () => {
    expect(lines(cancelCycles([debt(1, 2, 100), debt(2, 1, 30)]))).toEqual(['1 owes 2: 70.00']);
  });

  it('keeps a debt that is on no cycle, and cancels two cycles sharing a debt', () => {
    const debts = [
      debt(1, 2, 50),
      debt(2, 3, 40),
      debt(3, 1, 10),
      debt(2, 4, 20),
      debt(4, 1, 25),
      debt(5, 1, 7),
    ];
    const out = cancelCycles(debts);
    expect(hasCycle(out)).toBe(false);
    expect(netsOf(out)).toEqual(netsOf(debts));
    expect(lines(out)).toContain('5 owes 1: 7.00');
  });
});

// Debts among up to 6 people in small amounts, so cycles are common.
const smallDebts = fc.array(
  fc.record({
    debtor: fc.integer({ min: 1, max: 6 }),
    creditor: fc.integer({ min: 1, max: 6 }),
    amount: fc.integer({ min: 1, max: 2_000 }).map((c) => new Decimal(c).div(100)),
  }),
  { maxLength: 25 },
);

describe('cancelCycles properties', () => {
  it('keeps every net, leaves no cycle, only lowers existing debts, and keeps a cycle-free input as it is', () => {
    fc.assert(
      fc.property(smallDebts, (raw) => {
        const debts = pairwiseBalances<number>(
          [],
          raw.map((x) => ({ from: x.creditor, to: x.debtor, amount: x.amount })),
        );
        const out = cancelCycles(debts);
        expect(netsOf(out)).toEqual(netsOf(debts));
        expect(hasCycle(out)).toBe(false);
        const before = new Map(debts.map((x) => [`${x.debtor}>${x.creditor}`, x.amount]));
        for (const x of out) {
          const was = before.get(`${x.debtor}>${x.creditor}`);
          expect(was).toBeDefined();
          expect(x.amount.lte(was as Decimal)).toBe(true);
        }
        if (!hasCycle(debts)) expect(lines(out)).toEqual(lines(debts));
        if ([...netBalances(debts).values()].every((n) => n.isZero())) expect(out).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same result whatever order the debts come in', () => {
    fc.assert(
      fc.property(
        smallDebts.chain((raw) =>
          fc.tuple(fc.constant(raw), fc.shuffledSubarray(raw, { minLength: raw.length })),
        ),
        ([raw, shuffled]) => {
          expect(lines(cancelCycles(shuffled))).toEqual(lines(cancelCycles(raw)));
        },
      ),
    );
  });
});

// Random groups: expenses of all three types and settlements either way, among up to 7 people.
const person = fc.integer({ min: 1, max: 7 });
const expenseArb = fc
  .record({
    payer: person,
    people: fc.uniqueArray(person, { minLength: 1, maxLength: 7 }),
    cents: fc.integer({ min: 100, max: 500_000 }),
    kind: fc.constantFrom('EQUAL', 'EXACT', 'PERCENT'),
    seed: fc.nat(),
  })
  .map(({ payer, people, cents, kind, seed }): LedgerExpense<number> => {
    const amount = new Decimal(cents).div(100);
    const equal = splitExpense({ type: 'EQUAL', amount, participants: people }, { seed });
    if (kind !== 'PERCENT') return { payer, shares: equal };
    const each = Math.floor(10_000 / people.length);
    const percents = people.map((participant, i) => ({
      participant,
      percent: new Decimal(i === 0 ? 10_000 - each * (people.length - 1) : each).div(100),
    }));
    return { payer, shares: splitExpense({ type: 'PERCENT', amount, shares: percents }, { seed }) };
  });
const settlementArb = fc
  .record({ from: person, to: person, cents: fc.integer({ min: 1, max: 300_000 }) })
  .filter((s) => s.from !== s.to)
  .map((s): LedgerSettlement<number> => ({ from: s.from, to: s.to, amount: new Decimal(s.cents).div(100) }));

describe('balances and the settle-up plan', () => {
  it('over any expenses and settlements: no cycle, nets sum to zero, and paying exactly the plan leaves nothing', () => {
    fc.assert(
      fc.property(
        fc.array(expenseArb, { maxLength: 15 }),
        fc.array(settlementArb, { maxLength: 10 }),
        (expenses, settlements) => {
          // What /balances shows: the pairwise netting with its cycles cancelled.
          const shown = cancelCycles(pairwiseBalances(expenses, settlements));
          expect(hasCycle(shown)).toBe(false);
          const nets = netBalances(shown);
          expect([...nets.values()].reduce((s, n) => s.plus(n), d(0)).isZero()).toBe(true);
          expect(netsOf(shown)).toEqual(netsOf(pairwiseBalances(expenses, settlements)));
          const plan = settleUpPlan(nets, shown);
          const paid = [...settlements, ...plan.map((t) => ({ from: t.from, to: t.to, amount: t.amount }))];
          expect(cancelCycles(pairwiseBalances(expenses, paid))).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pays the worked example down to nothing with its three-payment plan', () => {
    const plan = settleUpPlan(netBalances(workedExample), cancelCycles(workedExample));
    expect(plan).toHaveLength(3);
    // A debt is what a payment the other way would leave; then the plan's payments.
    const paid = [
      ...workedExample.map((x) => ({ from: x.creditor, to: x.debtor, amount: x.amount })),
      ...plan.map((t) => ({ from: t.from, to: t.to, amount: t.amount })),
    ];
    expect(pairwiseBalances<string>([], paid)).not.toEqual([]);
    expect(cancelCycles(pairwiseBalances<string>([], paid))).toEqual([]);
  });
});
