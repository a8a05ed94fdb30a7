// Timing helpers for the benchmarks: warm up, run N times, report mean, p50 and p99.
import { performance } from 'node:perf_hooks';

export interface BenchResult {
  name: string;
  runs: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

export async function measure(
  name: string,
  runs: number,
  task: () => Promise<unknown> | unknown,
): Promise<BenchResult> {
  const warmups = Math.min(5, Math.ceil(runs / 10));
  for (let i = 0; i < warmups; i++) await task();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  return { name, runs, meanMs: times.reduce((s, t) => s + t, 0) / runs, p50Ms: at(0.5), p99Ms: at(0.99) };
}

export function printTable(results: readonly BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    String(r.runs),
    r.meanMs.toFixed(3),
    r.p50Ms.toFixed(3),
    r.p99Ms.toFixed(3),
  ]);
  const header = ['benchmark', 'runs', 'mean ms', 'p50 ms', 'p99 ms'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}
