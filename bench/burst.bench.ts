// A flat's first evening under Telegram's real send limits (issue 13): 40 /paid in 10 s in one group
// from two people, while another group asks /balances every 2 s. The bot runs as its own process
// (as `npm start` does) against the Bot API emulator with Telegram's limits at real speed (20
// messages a minute per group, about one a second per chat, 30 a second in all), on the embedded
// database or the server in BENCH_DATABASE_URL / TEST_DATABASE_URL.
// Measured: time until every expense is confirmed in the chat (target <= 70 s; one message per
// expense cannot do better than about 2 minutes at 20 a minute), messages sent to the group, 429s,
// sends during flood waits (target 0), and the other group's /balances latency (target p99 < 200 ms).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BotApiEmulator } from '../src/testing/bot-api-emulator.js';
import { type BotProcess, freshServerDatabase, percentile, startBotProcess } from './bot-process.js';

const TOKEN = '123456789:BENCH-token-for-the-local-emulator';

export interface BurstResult {
  database: string;
  confirmedAllSeconds: number;
  expensesConfirmed: number;
  messagesToGroup: number;
  tooManyRequests: number;
  sendsDuringFloodWait: number;
  otherGroupAsks: number;
  otherGroupP50Ms: number;
  otherGroupP99Ms: number;
  otherGroupMaxMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runBurstBench(): Promise<BurstResult> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const emulator = await BotApiEmulator.start({ token: TOKEN, botUsername: 'HisaabBenchBot', limits: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'hisaab-burst-'));
  const server = serverUrl ? await freshServerDatabase(serverUrl, 'hisaab_burst') : undefined;
  let bot: BotProcess | undefined;
  try {
    bot = startBotProcess({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...(server ? { DATABASE_URL: server.url } : {}),
    });
    const asha = emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    const ravi = emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
    const flat = emulator.createGroup({ title: 'Flat 4B', members: [] });
    const other = emulator.createGroup({ title: 'Trip', members: [] });
    // Members join (the bot learns them without answering, so no send budget is spent before).
    for (const chat of [flat, other]) for (const who of [asha, ravi]) emulator.addMember(chat, who);
    // The bot is up once it answers in a private chat.
    emulator.sendText(asha, 'private', '/start');
    await emulator.waitForReplies(asha.id, 1, 120_000);
    emulator.sendText(asha, other, '/paid 100 equal @asha_k @ravi_m snacks');
    await emulator.waitForReplies(other.id, 1, 30_000);
    await sleep(3_000); // let the other group's send budget recover

    const latencies: number[] = [];
    let stop = false;
    const asking = (async () => {
      while (!stop) {
        const at = performance.now();
        emulator.sendText(ravi, other, '/balances');
        await emulator.waitForReplies(other.id, 1, 60_000);
        latencies.push(performance.now() - at);
        await sleep(Math.max(0, 2_000 - (performance.now() - at)));
      }
    })();

    const started = performance.now();
    for (let i = 1; i <= 40; i++) {
      emulator.sendText(i % 2 ? asha : ravi, flat, `/paid ${100 + i} equal @asha_k @ravi_m burst ${i}`);
      await sleep(250);
    }
    const confirmed = new Set<number>();
    const deadline = performance.now() + 300_000;
    while (confirmed.size < 40 && performance.now() < deadline) {
      confirmed.clear();
      for (const message of emulator.sent({ chatId: flat.id })) {
        for (const [, from, to] of emulator.textOf(message).matchAll(/#(\d+)(?:–#(\d+))?/g))
          for (let id = Number(from); id <= Number(to ?? from); id++) confirmed.add(id);
      }
      await sleep(50);
    }
    const confirmedAllSeconds = (performance.now() - started) / 1000;
    stop = true;
    await asking;
    const sorted = [...latencies].sort((a, b) => a - b);
    const stats = emulator.limitStats(flat.id);
    return {
      database: server ? 'PostgreSQL' : 'PGlite',
      confirmedAllSeconds,
      expensesConfirmed: confirmed.size,
      messagesToGroup: stats.sends,
      tooManyRequests: emulator.tooManyRequests,
      sendsDuringFloodWait: emulator.sendsDuringFloodWait,
      otherGroupAsks: latencies.length,
      otherGroupP50Ms: percentile(sorted, 0.5),
      otherGroupP99Ms: percentile(sorted, 0.99),
      otherGroupMaxMs: sorted.at(-1) ?? Number.NaN,
    };
  } finally {
    await bot?.stop();
    await emulator.stop();
    await server?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function describeBurst(r: BurstResult): string {
  return (
    `${r.database}: 40 /paid in 10 s under Telegram's limits: all ${r.expensesConfirmed} confirmed after ` +
    `${r.confirmedAllSeconds.toFixed(1)} s in ${r.messagesToGroup} messages; ${r.tooManyRequests} answered 429, ` +
    `${r.sendsDuringFloodWait} sends during a flood wait; the other group's /balances (${r.otherGroupAsks} asked): ` +
    `p50 ${r.otherGroupP50Ms.toFixed(1)} ms, p99 ${r.otherGroupP99Ms.toFixed(1)} ms, max ${r.otherGroupMaxMs.toFixed(1)} ms`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(describeBurst(await runBurstBench()));
}
