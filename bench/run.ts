// `npm run bench`: every benchmark, printed as tables. BENCHMARKS.md records the figures with the
// machine they were measured on. A PostgreSQL server is measured too when BENCH_DATABASE_URL (or
// TEST_DATABASE_URL) is set.
import { cpus, totalmem } from 'node:os';
import { describeBills, runBillsBench } from './bills.bench.js';
import { describeBurst, runBurstBench } from './burst.bench.js';
import { runDatabaseBench } from './db.bench.js';
import { describeEndToEnd, runEndToEndBench } from './e2e.bench.js';
import { runExportBench } from './export.bench.js';
import { runImportBench } from './import.bench.js';
import { runImportStallBench } from './import-stall.bench.js';
import { describePlanQuality, runLedgerBench, runPlanQuality } from './ledger.bench.js';
import { printTable } from './measure.js';
import { describeMemory, runMemoryBench } from './memory.js';
import { runMiniAppBench } from './miniapp.bench.js';

console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);
console.log('## Ledger engine (pure)');
printTable(await runLedgerBench());
console.log(describePlanQuality(runPlanQuality()));
console.log('\n## Storage use cases');
printTable(await runDatabaseBench());
console.log('\n## /paid end to end through the Bot API emulator');
console.log(describeEndToEnd(await runEndToEndBench()));
console.log('\n## /settle end to end');
console.log(describeEndToEnd(await runEndToEndBench({ command: 'settle' })));
console.log("\n## A burst under Telegram's send limits (real speed, about 20 s)");
console.log(describeBurst(await runBurstBench()));
console.log('\n## Export');
for (const line of await runExportBench()) console.log(line);
console.log('\n## Mini App: first render in headless Chromium, overview API under 50 viewers');
{
  const { results, notes } = await runMiniAppBench();
  printTable(results);
  for (const note of notes) console.log(note);
}
console.log('\n## Splitwise import and the per-group export file');
for (const line of await runImportBench()) console.log(line);
console.log('\n## Reading bill photos (the rendered test set, one at a time)');
console.log(describeBills(await runBillsBench()));
for (const line of await runImportStallBench()) console.log(line);
console.log('\n## Memory and start-up of `npm start` (whole process tree, about a minute)');
console.log(describeMemory(await runMemoryBench()));
