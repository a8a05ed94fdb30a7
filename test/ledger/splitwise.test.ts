// A Splitwise row's records move each person's net by exactly the row's net for them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, splitwiseRowRecords } from '../../src/ledger/index.js';

const d = (values: string[]) => values.map((v) => new Decimal(v));

function netsOf(records: ReturnType<typeof splitwiseRowRecords>, people: number): Decimal[] {
  const nets = Array.from({ length: people }, () => new Decimal(0));
  for (const r of records) {
    if (r.kind === 'settlement') {
      nets[r.from] = (nets[r.from] as Decimal).plus(r.amount);
      nets[r.to] = (nets[r.to] as Decimal).minus(r.amount);
    } else {
      for (const p of r.payers ?? [{ person: r.payer, paid: r.amount }])
        nets[p.person] = (nets[p.person] as Decimal).plus(p.paid);
      expect(
        (r.payers ?? []).reduce((sum, p) => sum.plus(p.paid), new Decimal(0)).eq(r.payers ? r.amount : 0),
      ).toBe(true);
      for (const s of r.shares) nets[s.person] = (nets[s.person] as Decimal).minus(s.share);
      expect(r.shares.reduce((sum, s) => sum.plus(s.share), new Decimal(0)).eq(r.amount)).toBe(true);
    }
  }
  return nets;
}

describe('a Splitwise row as records', () => {
  it('one payer: an exact split of the whole cost, the payer keeping the rest as their share', () => {
    const records = splitwiseRowRecords({
      nets: d(['-612.63', '1837.87', '-612.62', '-612.62']),
      cost: new Decimal('2450.50'),
      payment: false,
    });
    expect(records).toHaveLength(1);
    const [expense] = records;
    if (expense?.kind !== 'expense') throw new Error('an expense');
    expect(expense.payer).toBe(1);
    expect(expense.amount.toFixed(2)).toBe('2450.50');
    expect(expense.shares.map((s) => [s.person, s.share.toFixed(2)])).toEqual([
      [0, '612.63'],
      [1, '612.63'],
      [2, '612.62'],
      [3, '612.62'],
    ]);
  });

  it('several payers: one expense of the whole cost with each payer, the rest shared by the payers by their nets', () => {
    const records = splitwiseRowRecords({
      nets: d(['5000.00', '1000.00', '-3000.00', '-3000.00']),
      cost: new Decimal('12000'),
      payment: false,
    });
    expect(records).toHaveLength(1);
    const [expense] = records;
    if (expense?.kind !== 'expense') throw new Error('an expense');
    expect(expense.amount.toFixed(2)).toBe('12000.00');
    expect(expense.payers?.map((p) => [p.person, p.paid.toFixed(2)])).toEqual([
      [0, '10000.00'],
      [1, '2000.00'],
    ]);
    expect(expense.shares.map((s) => [s.person, s.share.toFixed(2)])).toEqual([
      [0, '5000.00'],
      [1, '1000.00'],
      [2, '3000.00'],
      [3, '3000.00'],
    ]);
    expect(netsOf(records, 4).map((n) => n.toFixed(2))).toEqual([
      '5000.00',
      '1000.00',
      '-3000.00',
      '-3000.00',
    ]);
  });

  it('a payment is a settlement from the person with + to the person with −', () => {
    expect(
      splitwiseRowRecords({
        nets: d(['-5000.00', '5000.00', '0.00']),
        cost: new Decimal('5000'),
        payment: true,
      }),
    ).toEqual([{ kind: 'settlement', from: 1, to: 0, amount: new Decimal('5000.00') }]);
  });

  it('a row that moves nobody is nothing', () => {
    expect(
      splitwiseRowRecords({ nets: d(['0.00', '0.00']), cost: new Decimal('1500'), payment: false }),
    ).toEqual([]);
  });

  it('any row: the records give every person exactly their net (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }), { minLength: 2, maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1_000_000 }),
        (cents, payment, extra) => {
          const nets = [...cents, -cents.reduce((a, b) => a + b, 0)].map((c) => new Decimal(c).div(100));
          const positive = nets.filter((n) => n.gt(0)).reduce((a, b) => a.plus(b), new Decimal(0));
          const records = splitwiseRowRecords({
            nets,
            cost: positive.plus(new Decimal(extra).div(100)),
            payment,
          });
          const got = netsOf(records, nets.length);
          expect(got.map((n) => n.toFixed(2))).toEqual(nets.map((n) => n.toFixed(2)));
          for (const r of records) expect(r.amount.gt(0)).toBe(true);
        },
      ),
    );
  });
});
