// `npm run bench`: every benchmark, printed as tables. BENCHMARKS.md records the figures with the
// machine they were measured on. A PostgreSQL server is measured too when BENCH_DATABASE_URL (or
// TEST_DATABASE_URL) is set.
import { cpus, totalmem } from 'node:os';
import { runDatabaseBench } from './db.bench.js';
import { runEndToEndBench } from './e2e.bench.js';
import { runExportBench } from './export.bench.js';
import { runLedgerBench } from './ledger.bench.js';
import { printTable } from './measure.js';

console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);
console.log('## Ledger engine (pure)');
printTable(await runLedgerBench());
console.log('\n## Storage use cases');
printTable(await runDatabaseBench());
console.log('\n## /paid end to end through the Bot API emulator');
const e2e = await runEndToEndBench();
console.log(
  `${e2e.database}: ${e2e.expenses} expenses in ${e2e.seconds.toFixed(1)} s = ${e2e.perSecond.toFixed(0)}/s; ` +
    `reply latency p50 ${e2e.p50Ms.toFixed(1)} ms, p99 ${e2e.p99Ms.toFixed(1)} ms; peak RSS ${e2e.peakRssMb.toFixed(0)} MB`,
);
console.log('\n## Export');
for (const line of await runExportBench()) console.log(line);
