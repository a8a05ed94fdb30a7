// Splitwise import and export: how long /import of a real-sized group export takes (the chat waits
// for it: one group's updates are handled in order), a second import of the same file (nothing
// recorded), and building that group's Splitwise-layout file for the weekly export. Synthetic file:
// ROWS rows among 6 people (one payer mostly, a two-payer row in ten, a payment in eight). Runs on
// PGlite, and on a PostgreSQL server when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { groupFile } from '../src/export/groups.js';
import { Decimal } from '../src/ledger/index.js';
import { createTestDatabase } from '../src/testing/db.js';
import { startSplitwiseImport } from '../src/usecases/import-splitwise.js';
import { MemberDirectory } from '../src/usecases/members.js';

const ROWS = 2000;
const PEOPLE = ['Asha', 'Ravi', 'Meera', 'Kabir', 'Zoya', 'Dev'];

/** A Splitwise export of `rows` rows, deterministic. */
export function syntheticExport(rows: number): string {
  const lines = [`Date,Description,Category,Cost,Currency,${PEOPLE.join(',')}`, ''];
  const totals = PEOPLE.map(() => new Decimal(0));
  for (let i = 0; i < rows; i++) {
    const day = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const nets = PEOPLE.map(() => new Decimal(0));
    let cost: Decimal;
    let category = 'Groceries';
    if (i % 8 === 7) {
      cost = new Decimal(100 + i);
      nets[i % 6] = cost;
      nets[(i + 1) % 6] = cost.neg();
      category = 'Payment';
    } else {
      cost = new Decimal(300 + ((i * 37) % 5000)).plus('0.75');
      const share = cost.div(6).toDecimalPlaces(2, Decimal.ROUND_DOWN);
      const last = cost.minus(share.times(5));
      const payers = i % 10 === 3 ? [i % 6, (i + 2) % 6] : [i % 6];
      for (let p = 0; p < 6; p++) nets[p] = (nets[p] as Decimal).minus(p === 5 ? last : share);
      for (const [k, payer] of payers.entries()) {
        // Two payers pay half each, so both come out ahead: a row Hisaab records in two parts.
        const half = cost.div(2).toDecimalPlaces(2, Decimal.ROUND_DOWN);
        const paid = payers.length === 1 ? cost : k === 0 ? cost.minus(half) : half;
        nets[payer] = (nets[payer] as Decimal).plus(paid);
      }
    }
    for (const [p, net] of nets.entries()) totals[p] = (totals[p] as Decimal).plus(net);
    lines.push(
      [day, `Row ${i}`, category, cost.toFixed(2), 'INR', ...nets.map((n) => n.toFixed(2))].join(','),
    );
  }
  lines.push(
    '',
    ['2026-12-31', 'Total balance', ' ', ' ', 'INR', ...totals.map((t) => t.toFixed(2))].join(','),
  );
  return `${lines.join('\n')}\n`;
}

export async function runImportBench(): Promise<string[]> {
  const out: string[] = [];
  const targets: { label: string; url?: string }[] = [{ label: 'PGlite' }];
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (serverUrl) targets.push({ label: 'PostgreSQL', url: serverUrl });
  const bytes = Buffer.from(syntheticExport(ROWS));
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
      const group = { chatId: -1_000_000_077, title: 'Bench flat' };
      for (const [i, name] of PEOPLE.entries())
        await deps.members.learnMember(group, { id: 9_000 + i, firstName: name });
      const time = async (messageId: number) => {
        const started = performance.now();
        const state = await startSplitwiseImport(deps, {
          group,
          requester: { id: 9_000, firstName: 'Asha' },
          source: { chatId: group.chatId, messageId },
          fileName: 'bench.csv',
          bytes,
        });
        return { ms: performance.now() - started, state };
      };
      const first = await time(1);
      const again = await time(2);
      const records = (first.state.summary?.expenses ?? 0) + (first.state.summary?.payments ?? 0);
      const groupId = (await deps.members.learnGroup(group)).id;
      const started = performance.now();
      const file = await groupFile(db.sql, { id: groupId, title: group.title, currency: 'INR' });
      const fileMs = performance.now() - started;
      out.push(
        `${target.label}: import of ${ROWS} rows (${(bytes.length / 1024).toFixed(0)} KB, ${records} records, balanced: ${first.state.summary?.balanced}) ${(first.ms / 1000).toFixed(2)} s (${Math.round(ROWS / (first.ms / 1000))} rows/s); the same file again ${(again.ms / 1000).toFixed(2)} s, ${again.state.summary?.skipped} skipped; the group's export file (${(file.length / 1024).toFixed(0)} KB) built in ${fileMs.toFixed(0)} ms`,
      );
    } finally {
      await db.close();
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runImportBench()) console.log(line);
}
