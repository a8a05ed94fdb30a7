import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareIds,
  Decimal,
  expenseDebts,
  type LedgerExpense,
  type LedgerSettlement,
  netBalances,
  pairwiseBalances,
  settleUpPlan,
  splitExpense,
  type Transfer,
} from '../../src/ledger/index.js';

const d = (v: string | number) => new Decimal(v);
const lines = (debts: { debtor: string | number; creditor: string | number; amount: Decimal }[]) =>
  debts.map((x) => `${x.debtor} owes ${x.creditor}: ${x.amount.toFixed(2)}`);
const moves = (plan: Transfer<string | number>[]) =>
  plan.map((t) => `${t.from}->${t.to} ${t.amount.toFixed(2)}`);

// The brief's three expenses, split by the engine itself.
const workedExample: LedgerExpense<string>[] = [
  {
    payer: 'u1',
    shares: splitExpense({ type: 'EQUAL', amount: d(1000), participants: ['u1', 'u2', 'u3', 'u4'] }),
  },
  {
    payer: 'u1',
    shares: splitExpense({
      type: 'EXACT',
      amount: d(1250),
      shares: [
        { participant: 'u2', amount: d(370) },
        { participant: 'u3', amount: d(880) },
      ],
    }),
  },
  {
    payer: 'u4',
    shares: splitExpense({
      type: 'PERCENT',
      amount: d(1200),
      shares: [
        { participant: 'u1', percent: d(40) },
        { participant: 'u2', percent: d(20) },
        { participant: 'u3', percent: d(20) },
        { participant: 'u4', percent: d(20) },
      ],
    }),
  },
];

/** Applies a plan to nets and returns what is left. */
function applyPlan<Id extends string | number>(nets: ReadonlyMap<Id, Decimal>, plan: Transfer<Id>[]) {
  const after = new Map(nets);
  for (const t of plan) {
    after.set(t.from, (after.get(t.from) ?? d(0)).plus(t.amount));
    after.set(t.to, (after.get(t.to) ?? d(0)).minus(t.amount));
  }
  return after;
}

describe('expenseDebts', () => {
  it('makes every participant but the payer owe the payer their share', () => {
    expect(lines(expenseDebts(workedExample[0] as LedgerExpense<string>))).toEqual([
      'u2 owes u1: 250.00',
      'u3 owes u1: 250.00',
      'u4 owes u1: 250.00',
    ]);
    expect(lines(expenseDebts(workedExample[1] as LedgerExpense<string>))).toEqual([
      'u2 owes u1: 370.00',
      'u3 owes u1: 880.00',
    ]);
  });
});

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

  it('gives the balances after the first two expenses as the brief states them', () => {
    expect(lines(pairwiseBalances(workedExample.slice(0, 2)))).toEqual([
      'u2 owes u1: 620.00',
      'u3 owes u1: 1130.00',
      'u4 owes u1: 250.00',
    ]);
  });

  it('reduces a debt with a settlement, clears it when paid in full, and flips the pair on overpayment', () => {
    const expenses = [{ payer: 'a', shares: [{ participant: 'b', share: d(100) }] }];
    const paid = (amount: number) =>
      lines(pairwiseBalances(expenses, [{ from: 'b', to: 'a', amount: d(amount) }]));
    expect(paid(40)).toEqual(['b owes a: 60.00']);
    expect(paid(100)).toEqual([]);
    expect(paid(130)).toEqual(['a owes b: 30.00']);
  });

  it('records a payment to someone not owed directly, as a debt the other way', () => {
    expect(lines(pairwiseBalances([], [{ from: 'c', to: 'a', amount: d('12.5') }]))).toEqual([
      'a owes c: 12.50',
    ]);
  });

  it('orders numeric ids numerically and string ids lexically', () => {
    const expenses: LedgerExpense<number>[] = [
      { payer: 10, shares: [{ participant: 9, share: d(1) }] },
      { payer: 2, shares: [{ participant: 10, share: d(1) }] },
      { payer: 100, shares: [{ participant: 9, share: d(1) }] },
    ];
    expect(lines(pairwiseBalances(expenses))).toEqual([
      '9 owes 10: 1.00',
      '9 owes 100: 1.00',
      '10 owes 2: 1.00',
    ]);
    expect(['b', 'B', 'a', 10, 9].sort(compareIds)).toEqual([9, 10, 'B', 'a', 'b']);
  });

  it('keeps the number 1 and the string "1" apart', () => {
    const expenses: LedgerExpense<string | number>[] = [
      { payer: 1, shares: [{ participant: '1', share: d(5) }] },
    ];
    expect(lines(pairwiseBalances(expenses))).toEqual(['1 owes 1: 5.00']);
  });

  it('ignores the payer’s own share and zero shares', () => {
    const expenses = [
      {
        payer: 'a',
        shares: [
          { participant: 'a', share: d(50) },
          { participant: 'b', share: d(0) },
        ],
      },
    ];
    expect(pairwiseBalances(expenses)).toEqual([]);
  });

  it('refuses shares that are not whole paise instead of rounding them', () => {
    expect(() =>
      pairwiseBalances([{ payer: 'a', shares: [{ participant: 'b', share: d('0.005') }] }]),
    ).toThrow(RangeError);
  });
});

describe('netBalances', () => {
  it('sums the worked example into each person’s net', () => {
    const nets = netBalances(pairwiseBalances(workedExample));
    expect(Object.fromEntries([...nets].map(([id, net]) => [id, net.toFixed(2)]))).toEqual({
      u1: '1520.00',
      u2: '-860.00',
      u3: '-1370.00',
      u4: '710.00',
    });
  });
});

describe('settleUpPlan', () => {
  it('settles the worked example in three transfers, largest debtor to largest creditor', () => {
    const nets = netBalances(pairwiseBalances(workedExample));
    const plan = settleUpPlan(nets);
    expect(moves(plan)).toEqual(['u3->u1 1370.00', 'u2->u4 710.00', 'u2->u1 150.00']);
    for (const net of applyPlan(nets, plan).values()) expect(net.isZero()).toBe(true);
  });

  it('pairs exact opposites first with one transfer each', () => {
    const plan = settleUpPlan(
      new Map([
        ['a', d(-50)],
        ['b', d(-30)],
        ['c', d(30)],
        ['d', d(50)],
      ]),
    );
    expect(moves(plan)).toEqual(['a->d 50.00', 'b->c 30.00']);
  });

  it('breaks ties by id, whatever order the nets come in', () => {
    const entries: [string, Decimal][] = [
      ['z', d(-10)],
      ['y', d(-10)],
      ['b', d(15)],
      ['a', d(5)],
    ];
    const plan = moves(settleUpPlan(entries));
    expect(plan).toEqual(['y->b 10.00', 'z->a 5.00', 'z->b 5.00']);
    expect(moves(settleUpPlan([...entries].reverse()))).toEqual(plan);
  });

  it('has nothing to do when everyone is square', () => {
    expect(settleUpPlan(new Map([['a', d(0)]]))).toEqual([]);
    expect(settleUpPlan([])).toEqual([]);
  });

  it('throws on nets that do not sum to zero (a programming error)', () => {
    expect(() =>
      settleUpPlan(
        new Map([
          ['a', d(10)],
          ['b', d(-9)],
        ]),
      ),
    ).toThrow(/sum to zero/);
  });
});

// Any group of up to 12 people, expenses of all three types, and repayments.
const person = fc.integer({ min: 1, max: 12 });
const expenseArb = fc
  .record({
    payer: person,
    people: fc.uniqueArray(person, { minLength: 1, maxLength: 12 }),
    cents: fc.integer({ min: 100, max: 1_000_000_000 }),
    kind: fc.constantFrom('EQUAL', 'EXACT', 'PERCENT'),
    seed: fc.nat(),
  })
  .map(({ payer, people, cents, kind, seed }): LedgerExpense<number> => {
    const amount = new Decimal(cents).div(100);
    const equal = splitExpense({ type: 'EQUAL', amount, participants: people }, { seed });
    if (kind === 'EQUAL') return { payer, shares: equal };
    if (kind === 'EXACT') {
      const shares = splitExpense({
        type: 'EXACT',
        amount,
        shares: equal.map((s) => ({ participant: s.participant, amount: s.share })),
      });
      return { payer, shares };
    }
    // Percentages in whole hundredths that total 100: everyone the same, the first takes the rest.
    const each = Math.floor(10_000 / people.length);
    const percents = people.map((participant, i) => ({
      participant,
      percent: new Decimal(i === 0 ? 10_000 - each * (people.length - 1) : each).div(100),
    }));
    return { payer, shares: splitExpense({ type: 'PERCENT', amount, shares: percents }, { seed }) };
  });
const settlementArb = fc.record({
  from: person,
  to: person,
  amount: fc.integer({ min: 1, max: 100_000_000 }).map((c) => new Decimal(c).div(100)),
});

/** Each person's net the slow way, in Decimal: paid out minus consumed, plus repayments made minus received. */
function referenceNets(expenses: LedgerExpense<number>[], settlements: LedgerSettlement<number>[]) {
  const nets = new Map<number, Decimal>();
  const add = (id: number, v: Decimal) => nets.set(id, (nets.get(id) ?? d(0)).plus(v));
  for (const e of expenses) {
    for (const s of e.shares) {
      add(e.payer, s.share);
      add(s.participant, s.share.neg());
    }
  }
  for (const s of settlements) {
    add(s.from, s.amount);
    add(s.to, s.amount.neg());
  }
  return nets;
}

describe('balance properties', () => {
  it('nets over any expenses and repayments sum to zero and match a slow Decimal reference', () => {
    fc.assert(
      fc.property(
        fc.array(expenseArb, { maxLength: 30 }),
        fc.array(settlementArb, { maxLength: 10 }),
        (expenses, settlements) => {
          const debts = pairwiseBalances(expenses, settlements);
          const nets = netBalances(debts);
          expect([...nets.values()].reduce((s, n) => s.plus(n), d(0)).isZero()).toBe(true);
          for (const [id, expected] of referenceNets(expenses, settlements)) {
            expect((nets.get(id) ?? d(0)).eq(expected)).toBe(true);
          }
          // One line per pair at most, every line positive, in order.
          const pairs = debts.map((x) => [x.debtor, x.creditor].sort((a, b) => a - b).join('-'));
          expect(new Set(pairs).size).toBe(pairs.length);
          for (const x of debts) expect(x.amount.gt(0)).toBe(true);
          const sorted = [...debts].sort((a, b) => a.debtor - b.debtor || a.creditor - b.creditor);
          expect(debts).toEqual(sorted);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a settle-up plan zeroes everyone in at most n-1 transfers, nobody paying or receiving more than their net', () => {
    fc.assert(
      fc.property(fc.array(expenseArb, { maxLength: 30 }), (expenses) => {
        const nets = netBalances(pairwiseBalances(expenses));
        const nonZero = [...nets.values()].filter((n) => !n.isZero()).length;
        const plan = settleUpPlan(nets);
        expect(plan.length).toBeLessThanOrEqual(Math.max(0, nonZero - 1));
        const paid = new Map<number, Decimal>();
        const received = new Map<number, Decimal>();
        for (const t of plan) {
          expect(t.amount.gt(0)).toBe(true);
          expect(t.from).not.toBe(t.to);
          paid.set(t.from, (paid.get(t.from) ?? d(0)).plus(t.amount));
          received.set(t.to, (received.get(t.to) ?? d(0)).plus(t.amount));
        }
        for (const [id, net] of nets) {
          // Debtors only pay, creditors only receive, and never beyond their net.
          if (net.gte(0)) expect(paid.has(id)).toBe(false);
          if (net.lte(0)) expect(received.has(id)).toBe(false);
          expect((paid.get(id) ?? d(0)).lte(net.neg().abs())).toBe(true);
          expect((received.get(id) ?? d(0)).lte(net.abs())).toBe(true);
        }
        for (const net of applyPlan(nets, plan).values()) expect(net.isZero()).toBe(true);
        // Booked as repayments, the plan leaves everyone's net at zero.
        const settled = netBalances(pairwiseBalances(expenses, plan));
        for (const net of settled.values()) expect(net.isZero()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('settles any nets that sum to zero, the same plan whatever the input order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 200, maxLength: 200 }),
        (people, amounts) => {
          const entries: [number, Decimal][] = people.map((id, i) => [
            id,
            new Decimal(amounts[i] as number).div(100),
          ]);
          const rest = entries.reduce((s, [, v]) => s.plus(v), d(0));
          const [firstId, firstNet] = entries[0] as [number, Decimal]; // minLength 1
          entries[0] = [firstId, firstNet.minus(rest)];
          const nets = new Map(entries);
          const plan = settleUpPlan(nets);
          const nonZero = entries.filter(([, v]) => !v.isZero()).length;
          expect(plan.length).toBeLessThanOrEqual(Math.max(0, nonZero - 1));
          for (const net of applyPlan(nets, plan).values()) expect(net.isZero()).toBe(true);
          expect(moves(settleUpPlan([...entries].reverse()))).toEqual(moves(plan));
        },
      ),
      { numRuns: 200 },
    );
  });
});
