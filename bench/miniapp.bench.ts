// The Mini App (issue 19): the group page's first render in headless Chromium with 10,000 expenses
// in the group (target ≤ 1 s), and the overview API's latency under 50 concurrent viewers. The
// group (50 members, 10,000 expenses over a year among 12 of them, 4 shares each) is seeded with
// SQL, its pair balances derived as the ledger writer would; then the real app serves it.
// `npx tsx bench/miniapp.bench.ts` (TEST_DATABASE_URL=... for PostgreSQL). Needs Chromium
// (/usr/bin/chromium or CHROMIUM_PATH) for the first-render part.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { User } from 'grammy/types';
import { chromium } from 'playwright-core';
import { buildMiniApp } from '../scripts/build-miniapp.mjs';
import { startApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { groupStartToken } from '../src/http/miniapp/start-token.js';
import { silentLogger } from '../src/log.js';
import { BotApiEmulator } from '../src/testing/bot-api-emulator.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/db.js';
import { MemberDirectory } from '../src/usecases/members.js';
import type { BenchResult } from './measure.js';

const TOKEN = '424242:BENCH-token-for-the-local-emulator';
const MEMBERS = 50;
const SPENDERS = 12;
const EXPENSES = 10_000;

async function seed(db: TestDatabase, users: User[], chatId: number): Promise<number> {
  const members = new MemberDirectory(db.prisma, db.sql);
  const { id: groupId } = await members.learnGroup({ chatId, title: 'Bench flat' });
  for (const u of users) {
    const person = await members.learnUser({ id: u.id, firstName: u.first_name, username: u.username });
    await db.prisma.membership.create({ data: { groupId, userId: person.id } });
  }
  const ids = (await db.prisma.user.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map(
    (u) => u.id,
  );
  const first = ids[0] as number;
  // 10,000 expenses over the last year, paid by 12 of the members, each shared by 4 of them.
  await db.prisma.$executeRaw`
    INSERT INTO "Expense" ("groupId", "payerId", "amount", "splitType", "description", "recordedById",
                           "sourceChatId", "sourceMessageId", "spentOn", "createdAt")
    SELECT ${groupId}::int, ${first}::int + (g % ${SPENDERS}::int), (100 + (g % 37) * 10)::numeric(14,2), 'EQUAL',
           (ARRAY['groceries', 'dinner out', 'electricity bill', 'rent share', 'chai and snacks', 'cab'])[1 + g % 6] || ' ' || g,
           ${first}::int + (g % ${SPENDERS}::int), ${chatId}::bigint, g,
           CURRENT_DATE - (g % 365), now() - make_interval(days => g % 365)
    FROM generate_series(1, ${EXPENSES}::int) g`;
  await db.prisma.$executeRaw`
    INSERT INTO "ExpenseShare" ("expenseId", "userId", "share")
    SELECT e.id, ${first}::int + ((e."payerId" - ${first}::int + k) % ${SPENDERS}::int), e.amount / 4
    FROM "Expense" e, generate_series(0, 3) k WHERE e."groupId" = ${groupId}::int`;
  await db.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('hisaab.ledger_writer', 'on', true)`;
    await tx.$executeRaw`
      INSERT INTO "PairBalance" ("groupId", "lowUserId", "highUserId", "amount")
      SELECT ${groupId}::int, LEAST(s."userId", e."payerId"), GREATEST(s."userId", e."payerId"),
             SUM(CASE WHEN s."userId" < e."payerId" THEN s.share ELSE -s.share END)
      FROM "ExpenseShare" s JOIN "Expense" e ON e.id = s."expenseId"
      WHERE e."groupId" = ${groupId}::int AND s."userId" <> e."payerId"
      GROUP BY 2, 3`;
  });
  await db.prisma.$executeRaw`ANALYZE`;
  return groupId;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

function result(name: string, times: number[]): BenchResult {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    name,
    runs: times.length,
    meanMs: times.reduce((s, t) => s + t, 0) / times.length,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
  };
}

export async function runMiniAppBench(options: { renders?: number; perViewer?: number } = {}) {
  const emulator = await BotApiEmulator.start({ token: TOKEN, botUsername: 'HisaabBenchBot' });
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'hisaab-bench-'));
  const assets = join(dataDir, 'miniapp');
  await buildMiniApp(assets);
  const users = Array.from({ length: MEMBERS }, (_, i) =>
    emulator.createUser({ firstName: `Member${i + 1}`, username: `member${i + 1}` }),
  );
  const group = emulator.createGroup({ title: 'Bench flat', members: users });
  const seeding = performance.now();
  const groupId = await seed(db, users, group.id);
  const seededMs = performance.now() - seeding;
  const config = parseConfig({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const app = await startApp(config, { logger: silentLogger, db, schedule: false, miniAppDir: assets });
  const base = app.http?.url ?? '';
  const token = groupStartToken(TOKEN, groupId);
  const results: BenchResult[] = [];
  const notes: string[] = [`seeded ${EXPENSES} expenses in ${(seededMs / 1000).toFixed(1)} s`];
  try {
    // The overview API, 50 viewers at once, each asking again as soon as answered.
    const perViewer = options.perViewer ?? 40;
    const initData = users.map((u) => emulator.webAppInitData(u, { startParam: token }));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      initData.map(async (data) => {
        for (let i = 0; i < perViewer; i++) {
          const t = performance.now();
          const response = await fetch(`${base}/app/api/overview`, {
            headers: { authorization: `tma ${data}` },
          }).catch((error: Error) => {
            throw new Error(
              `overview failed after ${(performance.now() - t).toFixed(0)} ms: ${error.cause ?? error}`,
            );
          });
          if (response.status !== 200) throw new Error(`overview answered ${response.status}`);
          await response.arrayBuffer();
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    results.push(result(`GET /app/api/overview, ${MEMBERS} concurrent viewers`, latencies));
    notes.push(`overview throughput ${(latencies.length / seconds).toFixed(0)} requests/s`);

    const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => !!p && existsSync(p));
    if (!executablePath) notes.push('first render not measured: no Chromium');
    else {
      const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
      try {
        const renders: number[] = [];
        for (let i = 0; i < (options.renders ?? 20); i++) {
          // A fresh context each time: nothing cached, as when a member first opens the app.
          const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
          const page = await context.newPage();
          const fragment = new URLSearchParams({
            tgWebAppData: emulator.webAppInitData(users[i % MEMBERS] as User, { startParam: token }),
            tgWebAppThemeParams: JSON.stringify({ bg_color: '#ffffff', text_color: '#000000' }),
          });
          const t = performance.now();
          await page.goto(`${base}/app#${fragment}`);
          await page.waitForSelector('#app[data-ready="true"] svg.chart');
          renders.push(performance.now() - t);
          await context.close();
        }
        results.push(result(`first render of the group page (${EXPENSES} expenses, cold cache)`, renders));
      } finally {
        await browser.close();
      }
    }
  } finally {
    await app.stop();
    await db.close();
    await emulator.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return { results, notes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printTable } = await import('./measure.js');
  const { results, notes } = await runMiniAppBench();
  printTable(results);
  for (const note of notes) console.log(note);
}
