// The pure engine's speed, as a plain script (`npx tsx bench/ledger.bench.ts`): splits among 4 and
// 1000 people of each type, netting 100,000 expense shares, and settle-up plans for 10, 20 and 1000
// people; then how often the settle-up plan is the shortest possible, on a seeded synthetic set.
// Targets: a 1000-person split well under 1 ms; netting 100,000 shares under 100 ms; a 1000-person
// settle-up plan under 10 ms.
// Each case is warmed up (so the JIT has compiled the hot paths) before it is timed run by run with
// performance.now(); the figures are recorded in BENCHMARKS.md.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  type Debt,
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

  // Settle-up plans. 10 and 20 people with unrelated nets and no exact opposites: the exact search
  // runs over every subset (its cost depends only on the number of people), 20 being its bound.
  const random = seeded(56);
  for (const n of [10, 20]) {
    const plan = randomNets(random, n);
    results.push(
      measure(`settle-up plan for ${n} people (exact)`, n === 10 ? 2_000 : 50, () => settleUpPlan(plan)),
    );
  }
  // 1000 people with nets of mixed sizes (some exact opposites) that sum to zero: beyond the bound,
  // so the greedy; once without and once with 5,000 direct debts (the bot passes the group's).
  const cents = Array.from(
    { length: 1000 },
    (_, i) => (i % 2 === 0 ? 1 : -1) * (100 + ((i * 7919) % 500_000)),
  );
  for (let i = 11; i < 1000; i += 10) cents[i] = -(cents[i - 1] as number); // every tenth pair: exact opposites
  cents[0] = (cents[0] as number) - cents.reduce((s, c) => s + c, 0);
  const nets = new Map(cents.map((c, i) => [i, new Decimal(c).div(100)] as const));
  const debts: Debt<number>[] = Array.from({ length: 5000 }, (_, k) => ({
    debtor: (k * 2 + 1) % 1000,
    creditor: (k * 7 * 2) % 1000,
    amount: new Decimal(1 + (k % 900)),
  }));
  results.push(
    measure('settle-up plan for 1000 people', 500, () => settleUpPlan(nets)),
    measure('settle-up plan for 1000 people, 5,000 debts', 500, () => settleUpPlan(nets, debts)),
  );
  return results;
}

/** A seeded generator of floats in [0, 1) (mulberry32), so every run measures the same groups. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const between = (random: () => number, low: number, high: number) =>
  low + Math.floor(random() * (high - low + 1));

/** n unrelated nets of ₹1 to ₹10,000 with either sign, the last making the sum zero. */
function randomNets(random: () => number, n: number): Map<number, Decimal> {
  const cents = Array.from(
    { length: n - 1 },
    () => (random() < 0.5 ? -1 : 1) * between(random, 100, 1_000_000),
  );
  cents.push(-cents.reduce((s, c) => s + c, 0));
  return new Map(cents.map((c, i) => [i + 1, new Decimal(c).div(100)] as const));
}

export interface PlanQuality {
  groups: number;
  /** Plans as long as the shortest possible, by the greedy alone and by the exact search. */
  greedyOptimal: number;
  exactOptimal: number;
  /** Payments the greedy needed beyond the fewest: in total and at most in one group. */
  greedyExtra: number;
  greedyWorst: number;
  /** Mean milliseconds per plan, greedy and exact. */
  greedyMs: number;
  exactMs: number;
}

/**
 * 1,000 seeded groups of 6 to 12 people whose nets hide cancelling subgroups of three to five (the
 * case where the greedy misses): each subgroup's nets are random (₹1 to ₹10,000, either sign) but
 * for the last, which cancels the rest. The fewest payments are the exact search's (its agreement
 * with a brute force over every partition is a property test); the hidden subgroups give an upper
 * bound checked on the way (n minus the number of subgroups).
 */
export function runPlanQuality(groups = 1_000, seed = 14): PlanQuality {
  const random = seeded(seed);
  const result: PlanQuality = {
    groups,
    greedyOptimal: 0,
    exactOptimal: 0,
    greedyExtra: 0,
    greedyWorst: 0,
    greedyMs: 0,
    exactMs: 0,
  };
  for (let g = 0; g < groups; g++) {
    const n = between(random, 6, 12);
    const cents: number[] = [];
    let subgroups = 0;
    while (cents.length < n) {
      const left = n - cents.length;
      let size = between(random, 3, Math.min(5, left));
      if (left - size < 3) size = left; // no subgroup of one or two at the end
      const part = Array.from(
        { length: size - 1 },
        () => (random() < 0.5 ? -1 : 1) * between(random, 100, 1_000_000),
      );
      const last = -part.reduce((s, c) => s + c, 0);
      if (last === 0) continue;
      cents.push(...part, last);
      subgroups++;
    }
    // Ids in a random order, so neither order nor ids line up with the subgroups.
    const ids = cents.map((_, i) => i + 1).sort(() => random() - 0.5);
    const nets = new Map(cents.map((c, i) => [ids[i] as number, new Decimal(c).div(100)] as const));
    let start = performance.now();
    const greedy = settleUpPlan(nets, [], { exactWork: 0 }).length;
    result.greedyMs += performance.now() - start;
    start = performance.now();
    const exact = settleUpPlan(nets).length;
    result.exactMs += performance.now() - start;
    if (exact > n - subgroups) throw new Error(`group ${g}: ${exact} payments where ${n - subgroups} do`);
    // The exact search is the reference here; a greedy plan shorter than it would disprove it.
    if (greedy < exact)
      throw new Error(`group ${g}: the greedy found ${greedy} payments, the search ${exact}`);
    if (greedy === exact) result.greedyOptimal++;
    result.exactOptimal++;
    result.greedyExtra += greedy - exact;
    result.greedyWorst = Math.max(result.greedyWorst, greedy - exact);
  }
  result.greedyMs /= groups;
  result.exactMs /= groups;
  return result;
}

export function describePlanQuality(q: PlanQuality): string {
  const share = (k: number) => `${((100 * k) / q.groups).toFixed(1)}%`;
  return [
    `settle-up plans on ${q.groups.toLocaleString('en-US')} seeded groups of 6-12 people hiding cancelling subgroups of 3-5:`,
    `  greedy alone (before): shortest in ${share(q.greedyOptimal)}, ${(q.greedyExtra / q.groups).toFixed(2)} extra payments per group on average, at most ${q.greedyWorst}; ${q.greedyMs.toFixed(3)} ms per plan`,
    `  exact search (now):    shortest in ${share(q.exactOptimal)}; ${q.exactMs.toFixed(3)} ms per plan`,
  ].join('\n');
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
  console.log(`\n${describePlanQuality(runPlanQuality())}`);
}
