// The export end to end: the Bree worker thread, a real database, s3rver or a folder.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekOfKey } from '../../src/export/destination.js';
import type { ExportSettings } from '../../src/export/protocol.js';
import { beginRun, isoWeek, oldestKeptWeek } from '../../src/export/runs.js';
import { createExportService, type ExportService, type RunNowResult } from '../../src/export/service.js';
import { createLogger, type Logger, silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { startS3, type TestS3 } from '../../src/testing/s3.js';

async function seedUsers(db: TestDatabase, count: number, padName = 0): Promise<void> {
  await db.prisma.$executeRaw`
    INSERT INTO "User" ("telegramId", "firstName", "lastName", "username", "usernameKey", "email", "net", "updatedAt")
    SELECT 9000000 + g, 'Member ' || g || repeat('x', ${padName}::int), CASE WHEN g % 2 = 0 THEN '=1+1' END,
           'member' || g, 'member' || g, 'm' || g || '@example.com', (g % 7 - 3) * 1.25, now()
    FROM generate_series(1, ${count}::int) g`;
}

function settings(over: Partial<ExportSettings>): ExportSettings {
  return {
    schedule: '0 2 * * 1',
    timezone: 'UTC',
    exportDir: '/nonexistent',
    maxAttempts: 3,
    backoffMs: 10,
    ...over,
  };
}

function service(db: TestDatabase, s: ExportSettings, logger: Logger = silentLogger): ExportService {
  return createExportService({ db, databaseUrl: db.url, settings: s, logger });
}

/** A logger that keeps what it logs, to see what the service did with each firing of its schedule. */
function recordingLogger(): { logger: Logger; skipped: (reason: string) => number } {
  const records: { msg: string; reason?: string }[] = [];
  return {
    logger: createLogger({ level: 'info', write: (line) => records.push(JSON.parse(line)) }),
    skipped: (reason) => records.filter((r) => r.msg === 'export skipped' && r.reason === reason).length,
  };
}

/** Polls until the condition holds (the schedule fires on its own time, there is nothing to await). */
async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the export', () => {
  let db: TestDatabase;
  let s3: TestS3;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    s3 = await startS3();
    dir = await mkdtemp(join(tmpdir(), 'hisaab-export-'));
    await seedUsers(db, 250);
  });
  afterAll(async () => {
    await s3?.stop();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every user to a folder, whole, with a latest copy, and records the run', async () => {
    const exports = service(db, settings({ exportDir: dir }));
    const result = await exports.runNow('ADMIN', 42n);
    expect(result.status).toBe('done');
    const outcome = (result as Extract<RunNowResult, { status: 'done' }>).outcome;
    expect(outcome).toMatchObject({ destination: 'folder', rows: 250, attempts: 1 });
    expect(outcome.key).toMatch(/^users\/\d{4}-W\d{2}\.csv$/);
    const text = await readFile(join(dir, outcome.key), 'utf8');
    expect(await readFile(join(dir, 'users', 'latest.csv'), 'utf8')).toBe(text);
    expect(Buffer.byteLength(text)).toBe(outcome.bytes);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(250);
    expect(rows[1]?.name).toBe('Member 2 =1+1');
    expect(rows.find((r) => r.net_balance?.startsWith('-'))?.net_balance).toMatch(/^-\d+\.\d{2}$/);
    expect((await readdir(join(dir, 'users'))).filter((f) => f.includes('partial'))).toEqual([]);
    const run = await db.prisma.exportRun.findUniqueOrThrow({ where: { id: outcome.runId } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', trigger: 'ADMIN', rows: 250, requestedBy: 42n });
    await exports.stop();
  });

  it('uploads to S3 by multipart and copies to latest', async () => {
    const big = await createTestDatabase();
    try {
      // About 6 MiB of CSV: more than one 5 MiB part (few users with long names: the time goes per row).
      await seedUsers(big, 6_000, 1_000);
      const exports = service(big, settings({ s3: s3.settings }));
      const result = await exports.runNow('ADMIN');
      expect(result.status).toBe('done');
      const outcome = (result as Extract<RunNowResult, { status: 'done' }>).outcome;
      expect(outcome.bytes).toBeGreaterThan(5 * 1024 * 1024);
      expect(outcome.location).toBe(`s3://hisaab-exports/${outcome.key}`);
      expect(outcome.key).toMatch(/^hisaab\/users\/\d{4}-W\d{2}\.csv$/);
      expect(await s3.keys()).toEqual([outcome.key, 'hisaab/users/latest.csv'].sort());
      const text = await s3.text(outcome.key);
      expect(text.split('\r\n').length - 2).toBe(6_000);
      await exports.stop();
    } finally {
      await big.close();
    }
  });

  it('deletes the weekly files past the retention from the bucket after a successful export', async () => {
    const kept = { ...s3.settings, prefix: 'kept/' };
    const week = isoWeek(new Date());
    const previous = oldestKeptWeek(week, 2);
    const older = oldestKeptWeek(week, 3);
    const put = (key: string) =>
      s3.client.send(new PutObjectCommand({ Bucket: kept.bucket, Key: `kept/${key}`, Body: 'x' }));
    for (const key of [
      `users/${previous}.csv`,
      `groups/${previous}/group-5.csv`,
      `users/${older}.csv`,
      `groups/${older}/group-5.csv`,
      `groups/${older}/group-6.csv`,
      'users/2020-W01.csv',
      'receipts/5/17.jpg',
    ])
      await put(key);
    const exports = service(db, settings({ s3: kept, retentionWeeks: 2 }));
    const result = await exports.runNow('ADMIN');
    expect(result.status).toBe('done');
    const keys = (await s3.keys()).filter((k) => k.startsWith('kept/'));
    expect(keys).toEqual(
      [
        `kept/groups/${previous}/group-5.csv`,
        'kept/receipts/5/17.jpg',
        `kept/users/${previous}.csv`,
        `kept/users/${week}.csv`,
        'kept/users/latest.csv',
      ].sort(),
    );
    await exports.stop();
  });

  it('counts weeks back across a year and knows which keys are weekly files', () => {
    expect(oldestKeptWeek('2026-W48', 8)).toBe('2026-W41');
    expect(oldestKeptWeek('2027-W02', 3)).toBe('2026-W53');
    expect(oldestKeptWeek('2026-W01', 2)).toBe('2025-W52');
    expect(oldestKeptWeek('2026-W10', 1)).toBe('2026-W10');
    expect(weekOfKey('users/2026-W41.csv')).toBe('2026-W41');
    expect(weekOfKey('groups/2026-W41/group-7.csv')).toBe('2026-W41');
    expect(weekOfKey('users/latest.csv')).toBeNull();
    expect(weekOfKey('receipts/2026-W41.csv')).toBeNull();
  });

  it('says so when asked again while a run is going, instead of starting another', async () => {
    const exports = service(db, settings({ exportDir: dir }));
    const [first, second] = await Promise.all([exports.runNow('ADMIN'), exports.runNow('ADMIN')]);
    expect(first.status).toBe('done');
    expect(second.status).toBe('already-running');
    await exports.stop();
  });

  it('retries a failing store, then reports the failure and leaves no object', async () => {
    const failures: RunNowResult[] = [];
    const exports = service(
      db,
      settings({ s3: { ...s3.settings, bucket: 'no-such-bucket' }, maxAttempts: 2 }),
    );
    exports.onRunFinished((r) => failures.push(r));
    const before = await s3.keys();
    const result = await exports.runNow('ADMIN');
    expect(result.status).toBe('failed');
    const failed = result as Extract<RunNowResult, { status: 'failed' }>;
    expect(failed.error).toMatch(/could not be written/);
    expect(failures).toEqual([result]);
    const run = await db.prisma.exportRun.findUniqueOrThrow({ where: { id: failed.runId } });
    expect(run).toMatchObject({ status: 'FAILED', attempts: 2 });
    expect(run.error).toBeTruthy();
    expect(await s3.keys()).toEqual(before);
    await exports.stop();
  });

  it('runs on its schedule, once per week however often the schedule fires', async () => {
    const scheduled = await createTestDatabase();
    try {
      await seedUsers(scheduled, 3);
      const results: RunNowResult[] = [];
      const log = recordingLogger();
      // Fires every second: one run, then at least two more firings that find this week done.
      const exports = service(scheduled, settings({ exportDir: dir, schedule: '* * * * * *' }), log.logger);
      exports.onRunFinished((r) => results.push(r));
      await exports.start();
      await until('two firings after the run', () => log.skipped('done-this-week') >= 2);
      await exports.stop();
      expect(results.map((r) => r.status)).toEqual(['done']);
      const runs = await scheduled.prisma.exportRun.findMany();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ trigger: 'SCHEDULE', status: 'SUCCEEDED', rows: 3 });
    } finally {
      await scheduled.close();
    }
  });

  it('starts one on-demand run when several are asked for at the same instant', async () => {
    const shared = await createTestDatabase();
    try {
      // Separate connections on a server (a pool of 10), racing for real; PGlite queues them.
      const now = new Date('2026-11-30T10:00:00Z');
      const results = await Promise.all(
        Array.from({ length: 6 }, () => beginRun(shared.prisma, { trigger: 'ADMIN', requestedBy: 1n, now })),
      );
      expect(results.filter((r) => r.status === 'started')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'busy')).toHaveLength(5);
      expect(await shared.prisma.exportRun.count()).toBe(1);
    } finally {
      await shared.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'runs once when two processes race for the scheduled run',
    async () => {
      const shared = await createTestDatabase();
      try {
        await seedUsers(shared, 10);
        const results: RunNowResult[] = [];
        const logs = [recordingLogger(), recordingLogger()];
        const [a, b] = logs.map((log) =>
          service(shared, settings({ exportDir: dir, schedule: '* * * * * *' }), log.logger),
        ) as [ExportService, ExportService];
        for (const s of [a, b]) s.onRunFinished((r) => results.push(r));
        await Promise.all([a.start(), b.start()]);
        // Both processes fire every second; wait until each has seen the week's run done.
        await until('both processes to find the week done', () =>
          logs.every((log) => log.skipped('done-this-week') >= 1),
        );
        await Promise.all([a.stop(), b.stop()]);
        expect(results.filter((r) => r.status === 'done')).toHaveLength(1);
        expect(await shared.prisma.exportRun.count()).toBe(1);
      } finally {
        await shared.close();
      }
    },
  );
});
