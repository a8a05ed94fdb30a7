// The pure engine's speed: splits of 4 and 1000 people of each type, netting 100,000 expense shares,
// and a settle-up plan for 1000 people. Targets (issue 3): a 1000-person split well under 1 ms;
// netting 100,000 shares under 100 ms.
import { pathToFileURL } from 'node:url';
import {
  Decimal,
  type LedgerExpense,
  netBalances,
  pairwiseBalances,
  settleUpPlan,
  splitExpense,
} from '../src/ledger/index.js';
import { type BenchResult, measure, printTable } from './measure.js';

export async function runLedgerBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const amount = new Decimal('99999.99');
  for (const n of [4, 1000]) {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    const percents = ids.map((id, i) => ({
      participant: id,
      // hundredths of a percent that add up to exactly 100
      percent: new Decimal(Math.floor(10_000 / n) + (i < 10_000 % n ? 1 : 0)).div(100),
    }));
    const exact = splitExpense({ type: 'EQUAL', amount, participants: ids }).map((s) => ({
      participant: s.participant,
      amount: s.share,
    }));
    results.push(
      await measure(`split EQUAL among ${n}`, 2000, () =>
        splitExpense({ type: 'EQUAL', amount, participants: ids }, { seed: 7 }),
      ),
    );
    results.push(
      await measure(`split EXACT among ${n}`, 2000, () =>
        splitExpense({ type: 'EXACT', amount, shares: exact }),
      ),
    );
    results.push(
      await measure(`split PERCENT among ${n}`, 2000, () =>
        splitExpense({ type: 'PERCENT', amount, shares: percents }, { seed: 7 }),
      ),
    );
  }
  // 25,000 expenses of 4 shares among 50 people: 100,000 shares.
  const expenses: LedgerExpense<number>[] = Array.from({ length: 25_000 }, (_, e) => ({
    payer: e % 50,
    shares: splitExpense(
      {
        type: 'EQUAL',
        amount: new Decimal(100 + (e % 997)).div(100).plus(1),
        participants: [e % 50, (e + 1) % 50, (e + 7) % 50, (e + 13) % 50],
      },
      { seed: e },
    ),
  }));
  results.push(await measure('net 100,000 expense shares', 20, () => pairwiseBalances(expenses)));
  const nets = new Map<number, Decimal>();
  for (let i = 0; i < 1000; i++)
    nets.set(i, new Decimal(i % 2 === 0 ? 10 + i : -(9 + i)).plus(i % 2 === 0 ? 0 : 0));
  // Make the nets sum to zero by giving the remainder to person 0.
  const total = [...nets.values()].reduce((s, v) => s.plus(v), new Decimal(0));
  nets.set(0, (nets.get(0) as Decimal).minus(total));
  results.push(await measure('settle-up plan for 1000 people', 200, () => settleUpPlan(nets)));
  const debts = pairwiseBalances(expenses);
  results.push(await measure('nets from netted pairs (50 people)', 200, () => netBalances(debts)));
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable(await runLedgerBench());
}
