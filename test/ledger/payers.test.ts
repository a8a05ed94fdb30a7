// Several payers: the debts matrix adds up exactly by debtor and by payer, every cell is within a
// paisa of the proportional amount, and the nets it implies are what each paid minus their share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportionDebts, Decimal, payerDebts } from '../../src/ledger/index.js';

/** Two positive vectors with the same total (paise). */
const debtsAndCredits = fc
  .tuple(
    fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 40 }),
    fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 6 }),
  )
  .filter(([debts, weights]) => debts.reduce((a, b) => a + b, 0) >= weights.length)
  .map(([debts, weights]) => {
    const total = debts.reduce((a, b) => a + b, 0);
    const wsum = weights.reduce((a, b) => a + b, 0);
    // Credits: the total cut by the weights, each at least 1, the last taking the rest.
    const credits = weights.map((w) => Math.max(1, Math.floor((total * w) / wsum)));
    const excess = credits.reduce((a, b) => a + b, 0) - total;
    for (
      let i = credits.length - 1, left = excess;
      left !== 0;
      i = (i + credits.length - 1) % credits.length
    ) {
      const take = left > 0 ? Math.min(left, (credits[i] as number) - 1) : left;
      credits[i] = (credits[i] as number) - take;
      left -= take;
    }
    return { debts: debts.map(BigInt), credits: credits.map(BigInt) };
  });

describe('apportionDebts', () => {
  it('rows add up to the debts, columns to the credits, each cell within a paisa of proportional', () => {
    fc.assert(
      fc.property(debtsAndCredits, ({ debts, credits }) => {
        const total = debts.reduce((a, b) => a + b, 0n);
        const { cells } = apportionDebts(debts, credits);
        const rows = debts.map(() => 0n);
        const columns = credits.map(() => 0n);
        for (const cell of cells) {
          rows[cell.row] = (rows[cell.row] as bigint) + cell.cents;
          columns[cell.column] = (columns[cell.column] as bigint) + cell.cents;
          const exact = (debts[cell.row] as bigint) * (credits[cell.column] as bigint);
          // |cents × total − exact| < total: within one paisa of debt × credit / total.
          const diff = cell.cents * total - exact;
          expect(diff < total && diff > -total).toBe(true);
        }
        expect(rows).toEqual(debts);
        expect(columns).toEqual(credits);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses totals that differ', () => {
    expect(() => apportionDebts([100n], [99n])).toThrow(RangeError);
  });

  it('splits the issue example exactly: 3000 paid 2000 by Asha and 1000 by Ravi, equal among three', () => {
    const d = (s: string) => new Decimal(s);
    const debts = payerDebts([
      { person: 'asha', paid: d('2000'), share: d('1000') },
      { person: 'ravi', paid: d('1000'), share: d('1000') },
      { person: 'meera', paid: d('0'), share: d('1000') },
    ]);
    expect(debts.map((x) => [x.debtor, x.creditor, x.amount.toFixed(2)])).toEqual([
      ['meera', 'asha', '1000.00'],
    ]);
  });

  it('a debtor owes each payer in proportion to what they paid beyond their share', () => {
    const d = (s: string) => new Decimal(s);
    const debts = payerDebts([
      { person: 'a', paid: d('100'), share: d('0') },
      { person: 'b', paid: d('200'), share: d('0') },
      { person: 'x', paid: d('0'), share: d('100') },
      { person: 'y', paid: d('0'), share: d('100') },
      { person: 'z', paid: d('0'), share: d('100') },
    ]);
    const table = debts.map((x) => `${x.debtor}>${x.creditor} ${x.amount.toFixed(2)}`).sort();
    expect(table).toEqual(['x>a 33.33', 'x>b 66.67', 'y>a 33.33', 'y>b 66.67', 'z>a 33.34', 'z>b 66.66']);
  });

  it('payers nets from the matrix are paid minus share for everyone', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ paid: fc.integer({ min: 0, max: 100_000 }), weight: fc.integer({ min: 0, max: 5 }) }),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (people) => {
          const total = people.reduce((a, p) => a + p.paid, 0);
          const weights = people.reduce((a, p) => a + p.weight, 0);
          fc.pre(weights > 0);
          const shares = people.map((p) => Math.floor((total * p.weight) / weights));
          const first = people.findIndex((p) => p.weight > 0);
          shares[first] = (shares[first] as number) + total - shares.reduce((a, b) => a + b, 0);
          const positions = people.map((p, i) => ({
            person: i,
            paid: new Decimal(p.paid).div(100),
            share: new Decimal(shares[i] as number).div(100),
          }));
          const net = people.map(() => new Decimal(0));
          for (const x of payerDebts(positions)) {
            net[x.creditor] = (net[x.creditor] as Decimal).plus(x.amount);
            net[x.debtor] = (net[x.debtor] as Decimal).minus(x.amount);
          }
          expect(net.map((n) => n.toFixed(2))).toEqual(
            positions.map((p) => p.paid.minus(p.share).toFixed(2)),
          );
        },
      ),
    );
  });
});
