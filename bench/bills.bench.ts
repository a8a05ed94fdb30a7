// Reading bill photos (issue 29): the rendered test set (test/fixtures/bills) through BillReader and
// readBill, one photo at a time as the bot does. Reports the engine's cold start, the time per
// receipt (p50, p90, max), the process's resident memory before any photo (the bot at rest), its
// peak while reading (the engine's worker thread lives in this process), and after the engine has
// ended for idleness (the bot at rest again). Run alone: `npx tsx bench/bills.bench.ts`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BillReader } from '../src/ocr/bill-reader.js';
import { readBill } from '../src/receipts/read-bill.js';

const DIR = join(import.meta.dirname, '..', 'test', 'fixtures', 'bills');

export interface BillsResult {
  photos: number;
  coldStartMs: number;
  p50Ms: number;
  p90Ms: number;
  maxMs: number;
  restingMb: number;
  peakMb: number;
  afterIdleMb: number;
  totalsRight: number;
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function runBillsBench(): Promise<BillsResult> {
  const truth = JSON.parse(readFileSync(join(DIR, 'truth.json'), 'utf8')) as Record<
    string,
    { total: string }
  >;
  const names = Object.keys(truth);
  const cache = mkdtempSync(join(tmpdir(), 'hisaab-ocr-bench-'));
  const reader = new BillReader({ cachePath: cache, timeoutMs: 60_000, idleMs: 500 });
  await settle();
  const restingMb = rssMb();
  let peakMb = restingMb;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb());
  }, 20);
  const times: number[] = [];
  let coldStartMs = 0;
  let totalsRight = 0;
  for (const [index, name] of names.entries()) {
    const bytes = readFileSync(join(DIR, name));
    const start = performance.now();
    const text = await reader.read('bench', async () => bytes);
    const bill = readBill(text);
    const ms = performance.now() - start;
    if (index === 0) coldStartMs = ms;
    else times.push(ms);
    if (bill.total?.toFixed(2) === truth[name]?.total) totalsRight += 1;
  }
  clearInterval(sampler);
  while (reader.engineAlive()) await new Promise((resolve) => setTimeout(resolve, 100));
  await settle();
  const afterIdleMb = rssMb();
  await reader.stop();
  rmSync(cache, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  return {
    photos: names.length,
    coldStartMs,
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    maxMs: times.at(-1) as number,
    restingMb,
    peakMb,
    afterIdleMb,
    totalsRight,
  };
}

export function describeBills(r: BillsResult): string {
  return [
    `${r.photos} bill photos, one at a time: first (engine start included) ${r.coldStartMs.toFixed(0)} ms; then p50 ${r.p50Ms.toFixed(0)} ms, p90 ${r.p90Ms.toFixed(0)} ms, max ${r.maxMs.toFixed(0)} ms per receipt (download excluded, reading and parsing included)`,
    `totals read right: ${r.totalsRight} of ${r.photos}`,
    `process RSS: ${r.restingMb.toFixed(0)} MB before any photo, peak ${r.peakMb.toFixed(0)} MB while reading (the engine's worker: +${(r.peakMb - r.restingMb).toFixed(0)} MB), ${r.afterIdleMb.toFixed(0)} MB once the engine ended for idleness`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(describeBills(await runBillsBench()));
