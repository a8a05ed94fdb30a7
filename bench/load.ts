// `npm run load`: the bot as its own process, driven over HTTP through the Bot API emulator, on a
// PostgreSQL server (LOAD_DATABASE_URL, BENCH_DATABASE_URL or TEST_DATABASE_URL; the embedded
// database otherwise). Scenarios: many groups in parallel, a burst in one group, a 1000-member
// group, and a soak at a steady rate. Afterwards every expense is checked (none lost, none doubled,
// shares add up) and every group's balances are recomputed by the ledger engine from the stored
// shares and compared with what the bot maintains and shows.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Chat, User } from 'grammy/types';
import { openDatabase } from '../src/db/client.js';
import { Decimal, type LedgerExpense, pairwiseBalances } from '../src/ledger/index.js';
import { BotApiEmulator } from '../src/testing/bot-api-emulator.js';
import { freshServerDatabase, startBotProcess } from './bot-process.js';

const TOKEN = '123456789:LOAD-token-for-the-local-emulator';

const { values } = parseArgs({
  options: {
    groups: { type: 'string', default: '50' },
    'per-group': { type: 'string', default: '20' },
    burst: { type: 'string', default: '200' },
    'soak-seconds': { type: 'string', default: '30' },
    'soak-rate': { type: 'string', default: '100' },
  },
});

const latencies: number[] = [];
let peakRss = 0;

async function main(): Promise<void> {
  const serverUrl =
    process.env.LOAD_DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const emulator = await BotApiEmulator.start({ token: TOKEN, botUsername: 'HisaabLoadBot' });
  emulator.setMaxListeners(100_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'hisaab-load-'));
  const server = serverUrl ? await freshServerDatabase(serverUrl, 'hisaab_load') : undefined;
  const databaseUrl = server?.url;
  const bot = startBotProcess({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, bot.rssMb());
  }, 200);
  let sent = 0;

  async function paid(chat: Chat, payer: User, text: string): Promise<void> {
    const at = performance.now();
    emulator.sendText(payer, chat, text);
    sent++;
    await emulator.waitForReplies(chat.id, 1, 120_000);
    latencies.push(performance.now() - at);
  }

  try {
    const report = (label: string, count: number, started: number) => {
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${label}: ${count} expenses in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(0)}/s`,
      );
    };
    // Many groups in parallel.
    const groups = Number(values.groups);
    const perGroup = Number(values['per-group']);
    const flats: { chat: Chat; members: User[] }[] = [];
    for (let g = 0; g < groups; g++) {
      const members = [0, 1, 2, 3, 4].map((m) =>
        emulator.createUser({ firstName: `F${g}P${m}`, username: `f${g}_person${m}` }),
      );
      const chat = emulator.createGroup({ title: `Flat ${g}`, members });
      for (const m of members) emulator.sendText(m, chat, '/start');
      flats.push({ chat, members });
    }
    for (const { chat } of flats) await emulator.waitForReplies(chat.id, 5, 120_000);
    let started = performance.now();
    await Promise.all(
      flats.map(async ({ chat, members }, g) => {
        for (let i = 0; i < perGroup; i++) {
          const names = members.map((m) => `@${m.username}`);
          const type = i % 3;
          const text =
            type === 0
              ? `/paid ${(1000 + i * 7 + g) / 10} equal ${names.join(' ')} groceries ${i}`
              : type === 1
                ? `/paid 100 exact ${names[1]} 33.33 ${names[2]} 33.33 ${names[3]} 33.34 cab ${i}`
                : `/paid 999.99 percent ${names[0]} 33.33 ${names[1]} 33.33 ${names[4]} 33.34 dinner ${i}`;
          await paid(chat, members[i % 5] as User, text);
        }
      }),
    );
    report(`${groups} groups in parallel`, groups * perGroup, started);

    // A burst in one group: everything sent at once, answered in order.
    const burst = Number(values.burst);
    const hot = flats[0] as { chat: Chat; members: User[] };
    started = performance.now();
    const before = emulator.sent({ chatId: hot.chat.id }).length;
    for (let i = 0; i < burst; i++) {
      emulator.sendText(hot.members[i % 5] as User, hot.chat, `/paid ${i + 1} equal burst ${i}`);
      sent++;
    }
    await emulator.waitForReplies(hot.chat.id, burst, 300_000);
    report(`a burst of ${burst} in one group`, burst, started);
    if (emulator.sent({ chatId: hot.chat.id }).length - before !== burst)
      throw new Error('burst replies missing');

    // A 1000-member group, split among everyone.
    const treasurer = emulator.createUser({ firstName: 'Treasurer', username: 'treasurer' });
    const society = emulator.createGroup({ title: 'Society', members: [treasurer], type: 'supergroup' });
    for (let i = 0; i < 999; i++)
      emulator.addMember(
        society,
        emulator.createUser({ firstName: `Resident${i}`, username: `resident_${i}` }),
      );
    emulator.sendText(treasurer, society, '/start');
    await emulator.waitForReplies(society.id, 1, 300_000);
    started = performance.now();
    for (let i = 0; i < 10; i++) await paid(society, treasurer, `/paid ${10000 + i}.01 maintenance ${i}`);
    report('1000-member group (10 expenses of 1000 shares)', 10, started);

    // Soak: a steady rate across the flats.
    const rate = Number(values['soak-rate']);
    const soakSeconds = Number(values['soak-seconds']);
    started = performance.now();
    const waits: Promise<void>[] = [];
    for (let n = 0; n < rate * soakSeconds; n++) {
      const delay = started + (n * 1000) / rate - performance.now();
      if (delay > 1) await new Promise((r) => setTimeout(r, delay));
      const { chat, members } = flats[n % groups] as { chat: Chat; members: User[] };
      waits.push(paid(chat, members[n % 5] as User, `/paid ${(n % 500) + 1}.50 equal soak ${n}`));
    }
    await Promise.all(waits);
    report(`soak at ${rate}/s for ${soakSeconds} s`, rate * soakSeconds, started);
  } finally {
    clearInterval(sampler);
    await bot.stop();
    await emulator.stop();
  }

  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  console.log(
    `reply latency over ${latencies.length} answered expenses: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms`,
  );
  console.log(`bot process peak RSS: ${peakRss.toFixed(0)} MB`);

  // Verification, from the stored data, with the engine.
  const db = await openDatabase({ databaseUrl, dataDir, migrate: false });
  try {
    const expenses = await db.prisma.expense.findMany({ include: { shares: true } });
    if (expenses.length !== sent) throw new Error(`sent ${sent} expenses, found ${expenses.length}`);
    for (const e of expenses) {
      const total = e.shares.reduce((s, x) => s.plus(x.share.toString()), new Decimal(0));
      if (!total.eq(e.amount.toString()))
        throw new Error(`expense #${e.id}: shares add up to ${total}, not ${e.amount}`);
    }
    const byGroup = new Map<number, LedgerExpense<number>[]>();
    for (const e of expenses) {
      const list = byGroup.get(e.groupId) ?? [];
      list.push({
        payer: e.payerId,
        shares: e.shares.map((s) => ({ participant: s.userId, share: new Decimal(s.share.toString()) })),
      });
      byGroup.set(e.groupId, list);
    }
    let pairs = 0;
    for (const [groupId, list] of byGroup) {
      const expected = pairwiseBalances(list)
        .map((d) => `${d.debtor}>${d.creditor}:${d.amount.toFixed(2)}`)
        .sort();
      const stored = (await db.prisma.pairBalance.findMany({ where: { groupId, NOT: { amount: 0 } } }))
        .map((p) => {
          const amount = new Decimal(p.amount.toString());
          return amount.isPositive()
            ? `${p.lowUserId}>${p.highUserId}:${amount.toFixed(2)}`
            : `${p.highUserId}>${p.lowUserId}:${amount.neg().toFixed(2)}`;
        })
        .sort();
      if (JSON.stringify(expected) !== JSON.stringify(stored))
        throw new Error(`group ${groupId}: balances differ from the engine's`);
      pairs += stored.length;
    }
    console.log(
      `verified: ${expenses.length} expenses, each recorded once with shares adding up; ${pairs} pair balances in ${byGroup.size} groups equal the engine's`,
    );
  } finally {
    await db.close();
    await server?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
