// An S3 store that fails mid-upload: a proxy in front of s3rver cuts the connection of the first
// part upload. The run must abort the multipart upload, retry, and end with the whole object (and
// none half-written); when every attempt fails, it must leave no object and report the failure.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportService, type RunNowResult } from '../../src/export/service.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { startS3, type TestS3 } from '../../src/testing/s3.js';

/**
 * Forwards to s3rver, but cuts the connection of the next `failParts` UploadPart requests, or of
 * every one until an upload is aborted (`failUntilAbort`: the first attempt fails whatever the
 * SDK's own retries and however many parts go up in parallel).
 */
async function faultyProxy(target: string): Promise<{
  url: string;
  failParts: (n: number) => void;
  failUntilAbort: () => void;
  close: () => Promise<void>;
}> {
  let failing = 0;
  let untilAbort = false;
  const server: Server = createServer((req, res) => {
    if (untilAbort && req.method === 'DELETE' && /uploadId=/.test(req.url ?? '')) {
      untilAbort = false;
      failing = 0;
    }
    if ((untilAbort || failing > 0) && req.method === 'PUT' && /partNumber=/.test(req.url ?? '')) {
      if (!untilAbort) failing--;
      req.socket.destroy();
      return;
    }
    const upstream = request(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failParts: (n) => {
      failing = n;
    },
    failUntilAbort: () => {
      untilAbort = true;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const USERS = 6_000;

describe('an S3 store that fails mid-upload', () => {
  let db: TestDatabase;
  let s3: TestS3;
  let proxy: Awaited<ReturnType<typeof faultyProxy>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    s3 = await startS3('flaky-bucket', 'flaky/');
    proxy = await faultyProxy(s3.settings.endpoint as string);
    // Enough bytes for a multipart upload (more than one 5 MiB part): few users with long names,
    // as the time goes per row, not per byte.
    await db.prisma.$executeRaw`
      INSERT INTO "User" ("telegramId", "firstName", "username", "usernameKey", "updatedAt")
      SELECT 8000000 + g, 'Member ' || g || repeat('y', 1000), 'm' || g, 'm' || g, now()
      FROM generate_series(1, ${USERS}::int) g`;
  });
  afterAll(async () => {
    await proxy?.close();
    await s3?.stop();
    await db?.close();
  });

  function exportsVia(maxAttempts: number) {
    return createExportService({
      db,
      databaseUrl: db.url,
      settings: {
        schedule: '0 2 * * 1',
        timezone: 'UTC',
        exportDir: '/nonexistent',
        maxAttempts,
        backoffMs: 10,
        s3: { ...s3.settings, endpoint: proxy.url },
      },
      logger: silentLogger,
    });
  }

  it('retries after a part upload is cut and ends with the whole object', async () => {
    // Every part upload is cut until the run aborts its multipart upload: the SDK's own retries
    // give up, the first attempt fails, and the run's second attempt must produce the object.
    proxy.failUntilAbort();
    const exports = exportsVia(3);
    const result = await exports.runNow('ADMIN');
    await exports.stop();
    expect(result.status).toBe('done');
    const outcome = (result as Extract<RunNowResult, { status: 'done' }>).outcome;
    expect(outcome.attempts).toBeGreaterThanOrEqual(2);
    const text = await s3.text(outcome.key);
    expect(Buffer.byteLength(text)).toBe(outcome.bytes);
    expect(outcome.bytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(text.split('\r\n').length - 2).toBe(USERS);
  });

  it('leaves no object and reports the failure when every attempt is cut', async () => {
    for (const key of await s3.keys()) expect(key.startsWith('flaky/')).toBe(true);
    const before = await s3.keys();
    proxy.failParts(100);
    const exports = exportsVia(2);
    const result = await exports.runNow('ADMIN');
    await exports.stop();
    proxy.failParts(0);
    expect(result.status).toBe('failed');
    expect(await s3.keys()).toEqual(before);
    const run = await db.prisma.exportRun.findFirstOrThrow({ where: { status: 'FAILED' } });
    expect(run.attempts).toBe(2);
  });
});
