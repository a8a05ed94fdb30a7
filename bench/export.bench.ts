// The export's speed and memory: 100,000 users (and 300,000 to show memory does not grow with the
// user count) to a folder and to S3 (s3rver on loopback), through the real worker thread.
// Target (issue 6): 100,000 users under 15 s, peak RSS under 200 MB, RSS flat in the user count.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createExportService } from '../src/export/service.js';
import { silentLogger } from '../src/log.js';
import { createTestDatabase } from '../src/testing/db.js';
import { startS3 } from '../src/testing/s3.js';

export async function runExportBench(counts: number[] = [100_000, 300_000]): Promise<string[]> {
  const lines: string[] = [];
  const s3 = await startS3('bench-exports', '');
  const dir = await mkdtemp(join(tmpdir(), 'hisaab-export-bench-'));
  try {
    for (const count of counts) {
      const db = await createTestDatabase();
      try {
        await db.prisma.$executeRaw`
          INSERT INTO "User" ("telegramId", "firstName", "lastName", "username", "usernameKey", "email", "mobile", "net", "updatedAt")
          SELECT 7000000 + g, 'Member ' || g, 'Surname', 'member' || g, 'member' || g, 'm' || g || '@example.com',
                 '+9198' || lpad(g::text, 8, '0'), (g % 13 - 6) * 10.5, now()
          FROM generate_series(1, ${count}::int) g`;
        for (const target of ['folder', 's3'] as const) {
          const exports = createExportService({
            db,
            databaseUrl: db.url,
            settings: {
              schedule: '0 2 * * 1',
              timezone: 'UTC',
              exportDir: dir,
              maxAttempts: 1,
              ...(target === 's3' ? { s3: s3.settings } : {}),
            },
            logger: silentLogger,
          });
          global.gc?.();
          const baseline = process.memoryUsage().rss;
          let peak = baseline;
          const sampler = setInterval(() => {
            peak = Math.max(peak, process.memoryUsage().rss);
          }, 50);
          const started = performance.now();
          const result = await exports.runNow('CLI');
          const seconds = (performance.now() - started) / 1000;
          clearInterval(sampler);
          await exports.stop();
          if (result.status !== 'done') throw new Error(`export failed: ${JSON.stringify(result)}`);
          lines.push(
            `${db.url ? 'PostgreSQL' : 'PGlite'} → ${target}: ${result.outcome.rows.toLocaleString('en')} users, ` +
              `${(result.outcome.bytes / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(1)} s; ` +
              `process RSS ${(baseline / 2 ** 20).toFixed(0)} MB before, peak ${(peak / 2 ** 20).toFixed(0)} MB ` +
              `(the run added ${((peak - baseline) / 2 ** 20).toFixed(0)} MB)`,
          );
        }
      } finally {
        await db.close();
      }
    }
  } finally {
    await s3.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runExportBench()) console.log(line);
}
