// How long a Splitwise file holds the process: the longest stretch the event loop was not handed
// back (a timer every millisecond measures the gaps) and how long another group's balances took
// to read meanwhile (one read every 20 ms), while
//  - a 2 MB file among 100 people (every cell an amount, the widest and slowest file the limits
//    let in) is read and refused at its last line, and
//  - a file of 600 rows among 100 people (99 shares an expense) is imported whole;
// and, for comparison, the same 2 MB file read in one go as /import read files before (the
// synchronous parser, which is what held a 10 MB file for 58 s). PGlite, and a server when
// BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseSplitwiseCsv, readSplitwiseCsv } from '../src/commands/index.js';
import { createTestDatabase } from '../src/testing/db.js';
import { groupBalances } from '../src/usecases/balances.js';
import { startSplitwiseImport } from '../src/usecases/import-splitwise.js';
import { MemberDirectory } from '../src/usecases/members.js';

const PEOPLE = Array.from({ length: 100 }, (_, i) => `Person ${i + 1}`);

/** Rows among 100 people: each paid by one (+99.00), shared by the other 99 (−1.00 each). */
export function wideExport(options: { bytes?: number; rows?: number; balanced: boolean }): string {
  const lines = [`Date,Description,Category,Cost,Currency,${PEOPLE.join(',')}`];
  const totals = PEOPLE.map(() => 0);
  let size = lines[0]?.length ?? 0;
  for (let r = 0; ; r++) {
    if (options.rows !== undefined && r >= options.rows) break;
    if (options.bytes !== undefined && size >= options.bytes - 2_000) break;
    const nets = PEOPLE.map((_, i) => (i === r % 100 ? 99 : -1));
    nets.forEach((n, i) => {
      totals[i] = (totals[i] as number) + n;
    });
    const line = [`2026-09-${String(1 + (r % 28)).padStart(2, '0')}`, `Row ${r}`, 'General', '100.00', 'INR']
      .concat(nets.map((n) => n.toFixed(2)))
      .join(',');
    size += line.length + 1;
    lines.push(line);
  }
  const balance = options.balanced ? totals.map((t) => t.toFixed(2)) : PEOPLE.map(() => '1.00');
  lines.push(['2026-09-30', 'Total balance', ' ', ' ', 'INR', ...balance].join(','));
  return `${lines.join('\n')}\n`;
}

/** The longest gap between 1 ms timers while `work` runs. */
async function longestStall<T>(
  work: () => Promise<T>,
): Promise<{ result: T | Error; stallMs: number; ms: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  let result: T | Error;
  try {
    result = await work();
  } catch (error) {
    result = error as Error;
  }
  clearInterval(timer);
  worst = Math.max(worst, performance.now() - last);
  return { result, stallMs: worst, ms: performance.now() - started };
}

export async function runImportStallBench(): Promise<string[]> {
  const out: string[] = [];
  const wide = Buffer.from(wideExport({ bytes: 2 * 1024 * 1024, balanced: false }));
  const sync = await longestStall(async () => parseSplitwiseCsv(wide.toString('utf8')));
  const streamed = await longestStall(() => readSplitwiseCsv(wide));
  out.push(
    `reading a ${(wide.length / 1024 / 1024).toFixed(2)} MB file among 100 people (refused at its last line): in one go (as before) ${sync.ms.toFixed(0)} ms, all of it one stretch; a slice at a time ${streamed.ms.toFixed(0)} ms, longest stretch ${streamed.stallMs.toFixed(1)} ms`,
  );
  const targets: { label: string; url?: string }[] = [{ label: 'PGlite' }];
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (serverUrl) targets.push({ label: 'PostgreSQL', url: serverUrl });
  const rows = 600;
  const file = Buffer.from(wideExport({ rows, balanced: true }));
  for (const target of targets) {
    const previous = process.env.TEST_DATABASE_URL;
    if (target.url) process.env.TEST_DATABASE_URL = target.url;
    else delete process.env.TEST_DATABASE_URL;
    const db = await createTestDatabase();
    if (previous === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = previous;
    try {
      const deps = {
        prisma: db.prisma,
        sql: db.sql,
        members: new MemberDirectory(db.prisma, db.sql),
        clock: () => new Date(),
      };
      const group = { chatId: -1_000_000_078, title: 'Wide flat' };
      for (const [i, name] of PEOPLE.entries())
        await deps.members.learnMember(group, { id: 8_000 + i, firstName: name });
      const other = { chatId: -1_000_000_079, title: 'Other flat' };
      const { groupId: otherId } = await deps.members.learnMember(other, { id: 7_000, firstName: 'Zoya' });
      // Another group reads its balances every 20 ms meanwhile: the slowest read is what /balances waits.
      let reading = true;
      const reads: number[] = [];
      const reader = (async () => {
        while (reading) {
          const started = performance.now();
          await groupBalances(deps, { groupId: otherId });
          reads.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const run = await longestStall(() =>
        startSplitwiseImport(deps, {
          group,
          requester: { id: 8_000, firstName: 'Person 1' },
          source: { chatId: group.chatId, messageId: 1 },
          fileName: 'wide.csv',
          bytes: file,
        }),
      );
      reading = false;
      await reader;
      const state = run.result instanceof Error ? null : run.result;
      reads.sort((a, b) => a - b);
      out.push(
        `${target.label}: import of ${rows} rows among 100 people (${(file.length / 1024).toFixed(0)} KB, ${state?.summary?.expenses ?? run.result} expenses of 99 shares, balanced: ${state?.summary?.balanced}) ${(run.ms / 1000).toFixed(1)} s; longest stretch ${run.stallMs.toFixed(0)} ms; another group's balances read ${reads.length} times, p50 ${reads[Math.floor(reads.length / 2)]?.toFixed(0)} ms, slowest ${reads.at(-1)?.toFixed(0)} ms`,
      );
    } finally {
      await db.close();
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runImportStallBench()) console.log(line);
}
