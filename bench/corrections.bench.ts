// Correcting an expense (issue 14: p50/p99 end to end, same budget as /paid). Two measurements:
//  - the use case alone (reviseExpense: find, permission, split, one hisaab_revise_expense call),
//    on embedded PGlite or the server in BENCH_DATABASE_URL / TEST_DATABASE_URL;
//  - end to end, closed loop: the real app in this process against the Bot API emulator (no send
//    limits), a user edits their /paid message and the time runs until the bot's "✏️ Corrected"
//    message arrives.
// `npx tsx bench/corrections.bench.ts`
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Message } from 'grammy/types';
import { startApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { Decimal } from '../src/ledger/index.js';
import { silentLogger } from '../src/log.js';
import { BotApiEmulator } from '../src/testing/bot-api-emulator.js';
import { createTestDatabase } from '../src/testing/db.js';
import { MemberDirectory } from '../src/usecases/members.js';
import { recordExpense } from '../src/usecases/record-expense.js';
import { reviseExpense } from '../src/usecases/revise-expense.js';
import { type BenchResult, measure, printTable } from './measure.js';

const TOKEN = '123456789:BENCH-token-for-the-local-emulator';

export async function runCorrectionsUseCaseBench(runs = 300): Promise<BenchResult> {
  const db = await createTestDatabase();
  try {
    const members = new MemberDirectory(db.prisma, db.sql);
    const deps = { prisma: db.prisma, sql: db.sql, members, clock: () => new Date() };
    const group = { chatId: -1_000_000_777, title: 'Bench flat' };
    const people = [1, 2, 3, 4].map((n) => ({ id: 7_000_000 + n, firstName: `User${n}`, username: `b${n}` }));
    for (const p of people) await members.learnMember(group, p);
    const participants = people.map((p) => ({ person: { kind: 'username' as const, username: p.username } }));
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) {
      const recorded = await recordExpense(deps, {
        group,
        payer: people[0] as (typeof people)[0],
        amount: new Decimal(100),
        splitType: 'EQUAL',
        everyone: false,
        participants,
        description: 'dinner',
        source: { chatId: group.chatId, messageId: 1 + i },
      });
      ids.push(recorded.id);
    }
    let n = 0;
    return await measure('reviseExpense (4 people, equal, amount changed)', runs, async () => {
      n++;
      await reviseExpense(deps, {
        group,
        editor: people[0] as (typeof people)[0],
        expense: { id: ids[n % ids.length] as number },
        amount: new Decimal(100 + n),
        splitType: 'EQUAL',
        everyone: false,
        participants,
        description: 'dinner',
        request: { chatId: group.chatId, messageId: 10_000 + n, editDate: 0 },
      });
    });
  } finally {
    await db.close();
  }
}

export async function runCorrectionsEndToEndBench(runs = 200): Promise<BenchResult> {
  const emulator = await BotApiEmulator.start({ token: TOKEN, botUsername: 'HisaabBenchBot' });
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'hisaab-bench-'));
  const config = parseConfig({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    RATE_LIMIT_PER_MINUTE: '100000',
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const app = await startApp(config, { logger: silentLogger, db, schedule: false });
  try {
    const u1 = emulator.createUser({ firstName: 'User1', username: 'u1' });
    const u2 = emulator.createUser({ firstName: 'User2', username: 'u2' });
    const group = emulator.createGroup({ title: 'Bench flat', members: [u1, u2], admins: [u1] });
    for (const u of [u1, u2]) {
      const started = emulator.waitFor((m) => m.chat.id === group.id && /Hello/.test(emulator.textOf(m)));
      emulator.sendText(u, group, '/start');
      await started;
    }
    const recorded = emulator.waitFor((m) => m.chat.id === group.id && /Recorded/.test(emulator.textOf(m)));
    const message = emulator.sendText(u1, group, '/paid 50 equal @u1 @u2 dinner').message as Message;
    await recorded;
    let n = 0;
    return await measure('edit a /paid message → "✏️ Corrected" (emulator, in process)', runs, async () => {
      n++;
      const amount = 100 + n;
      const said = emulator.waitFor(
        (m) =>
          m.chat.id === group.id &&
          emulator.textOf(m).startsWith(`✏️ Corrected`) &&
          emulator.textOf(m).includes(`₹${amount}.00;`),
      );
      const start = performance.now();
      emulator.editText(u1, message, `/paid ${amount} equal @u1 @u2 dinner`);
      await said;
      return performance.now() - start;
    });
  } finally {
    await app.stop();
    await db.close();
    await emulator.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const database =
    (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) ? 'PostgreSQL' : 'PGlite';
  console.log(`## Corrections (${database})`);
  printTable([await runCorrectionsUseCaseBench(), await runCorrectionsEndToEndBench()]);
}
