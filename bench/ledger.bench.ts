// The pure engine's speed, as a plain script (`npx tsx bench/ledger.bench.ts`): splits among 4 and
// 1000 people of each type, netting 100,000 expense shares, and a settle-up plan for 1000 people.
// Targets: a 1000-person split well under 1 ms; netting 100,000 shares under 100 ms.
// Each case is warmed up (so the JIT has compiled the hot paths) before it is timed run by run with
// performance.now(); the figures are recorded in BENCHMARKS.md.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  Decimal,
  type LedgerExpense,
  netBalances,
  pairwiseBalances,
  settleUpPlan,
  splitExpense,
} from '../src/ledger/index.js';

export interface LedgerBenchResult {
  name: string;
  /** Operations per second, from the mean. */
  ops: number;
  meanMs: number;
  p99Ms: number;
  /** Timed runs, and the median (kept for bench/run.ts's table). */
  runs: number;
  p50Ms: number;
}

function measure(name: string, runs: number, task: () => unknown): LedgerBenchResult {
  // Warm up for at least 200 ms or `runs` calls, whichever is longer.
  const warmUntil = performance.now() + 200;
  for (let i = 0; i < runs || performance.now() < warmUntil; i++) task();
  const times = new Array<number>(runs);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    task();
    times[i] = performance.now() - start;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(runs - 1, Math.floor(q * runs))] as number;
  const meanMs = times.reduce((s, t) => s + t, 0) / runs;
  return { name, ops: 1000 / meanMs, meanMs, p99Ms: at(0.99), runs, p50Ms: at(0.5) };
}

export async function runLedgerBench(): Promise<LedgerBenchResult[]> {
  const results: LedgerBenchResult[] = [];
  // An amount that never divides evenly, so every split has leftover paise to hand out.
  const amount = new Decimal('99999.99');
  for (const n of [4, 1000]) {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    // Uneven percentages in hundredths that add up to exactly 100.
    const hundredths = ids.map((_, i) => 1 + (i % 7));
    const spare = 10_000 - hundredths.reduce((s, h) => s + h, 0);
    hundredths[0] = (hundredths[0] as number) + spare;
    const percents = ids.map((participant, i) => ({
      participant,
      percent: new Decimal(hundredths[i] as number).div(100),
    }));
    const exact = splitExpense({ type: 'EQUAL', amount, participants: ids }).map((s) => ({
      participant: s.participant,
      amount: s.share,
    }));
    const runs = n === 4 ? 20_000 : 2_000;
    let seed = 0;
    results.push(
      measure(`split EQUAL among ${n}`, runs, () =>
        splitExpense({ type: 'EQUAL', amount, participants: ids }, { seed: seed++ }),
      ),
      measure(`split EXACT among ${n}`, runs, () => splitExpense({ type: 'EXACT', amount, shares: exact })),
      measure(`split PERCENT among ${n}`, runs, () =>
        splitExpense({ type: 'PERCENT', amount, shares: percents }, { seed: seed++ }),
      ),
    );
  }

  // 25,000 expenses of 4 shares among 50 people (the payer among them): 100,000 shares.
  const expenses: LedgerExpense<number>[] = Array.from({ length: 25_000 }, (_, e) => ({
    payer: e % 50,
    shares: splitExpense(
      {
        type: 'EQUAL',
        amount: new Decimal(100 + ((e * 7919) % 99_901)).div(100),
        participants: [e % 50, (e + 1) % 50, (e + 7) % 50, (e + 13) % 50],
      },
      { seed: e },
    ),
  }));
  const settlements = Array.from({ length: 1000 }, (_, s) => ({
    from: (s * 3) % 50,
    to: (s * 11 + 1) % 50,
    amount: new Decimal(500 + s).div(100),
  })).filter((s) => s.from !== s.to);
  results.push(
    measure('net 100,000 expense shares (50 people)', 50, () => pairwiseBalances(expenses)),
    measure('net 100,000 shares + 1,000 repayments, then nets', 50, () =>
      netBalances(pairwiseBalances(expenses, settlements)),
    ),
  );

  // 1000 people with nets of mixed sizes (some exact opposites) that sum to zero.
  const cents = Array.from(
    { length: 1000 },
    (_, i) => (i % 2 === 0 ? 1 : -1) * (100 + ((i * 7919) % 500_000)),
  );
  for (let i = 11; i < 1000; i += 10) cents[i] = -(cents[i - 1] as number); // every tenth pair: exact opposites
  cents[0] = (cents[0] as number) - cents.reduce((s, c) => s + c, 0);
  const nets = new Map(cents.map((c, i) => [i, new Decimal(c).div(100)] as const));
  results.push(measure('settle-up plan for 1000 people', 500, () => settleUpPlan(nets)));
  return results;
}

function printTable(results: readonly LedgerBenchResult[]): void {
  const header = ['benchmark', 'ops/s', 'mean ms', 'p50 ms', 'p99 ms', 'runs'];
  const rows = results.map((r) => [
    r.name,
    Math.round(r.ops).toLocaleString('en-US'),
    r.meanMs.toFixed(4),
    r.p50Ms.toFixed(4),
    r.p99Ms.toFixed(4),
    String(r.runs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable(await runLedgerBench());
}
