// /paid end to end: the bot runs as its own process (`node --import tsx src/main.ts`, as `npm start`
// does) against the Bot API emulator in this process, on the embedded database or on the server in
// BENCH_DATABASE_URL / TEST_DATABASE_URL. Two measurements:
//  - throughput: 40 groups each sending its next expense as soon as the last is answered;
//  - latency at a fixed offered rate (open loop): expenses arrive at `rate` per second across the
//    groups, and each reply's latency is taken from its message to the bot's answer.
// Target (issue 5): >= 300 expenses/s with p99 under 100 ms on the 2-core machine.
// `npx tsx bench/e2e.bench.ts settle` measures /settle the same way, and `... edit` corrections by
// /edit of an expense recorded per group beforehand (issue 14: same budget).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Chat, User } from 'grammy/types';
import { BotApiEmulator } from '../src/testing/bot-api-emulator.js';
import { type BotProcess, freshServerDatabase, percentile, startBotProcess } from './bot-process.js';

const TOKEN = '123456789:BENCH-token-for-the-local-emulator';

export interface EndToEndResult {
  database: string;
  command: 'paid' | 'settle' | 'edit';
  throughputPerSecond: number;
  closedLoopP50Ms: number;
  closedLoopP99Ms: number;
  offeredRate: number;
  achievedRate: number;
  openLoopP50Ms: number;
  openLoopP99Ms: number;
  botPeakRssMb: number;
}

export async function runEndToEndBench(
  options: {
    groups?: number;
    perGroup?: number;
    rate?: number;
    seconds?: number;
    command?: 'paid' | 'settle' | 'edit';
  } = {},
): Promise<EndToEndResult> {
  const kind = options.command ?? 'paid';
  const groups = options.groups ?? 40;
  const perGroup = options.perGroup ?? 40;
  const rate = options.rate ?? 300;
  const seconds = options.seconds ?? 10;
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const emulator = await BotApiEmulator.start({ token: TOKEN, botUsername: 'HisaabBenchBot' });
  const dataDir = await mkdtemp(join(tmpdir(), 'hisaab-bench-'));
  const server = serverUrl ? await freshServerDatabase(serverUrl, 'hisaab_bench') : undefined;
  let bot: BotProcess | undefined;
  try {
    bot = startBotProcess(
      {
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: emulator.apiRoot,
        DATA_DIR: dataDir,
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
        RATE_LIMIT_PER_MINUTE: '100000',
        ...(server ? { DATABASE_URL: server.url } : {}),
      },
      process.env.BENCH_BOT_NODE_ARGS?.split(' ').filter(Boolean),
    );
    const running = bot;
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, running.rssMb());
    }, 100);

    const chats: { chat: Chat; members: User[] }[] = [];
    for (let g = 0; g < groups; g++) {
      const members = [0, 1, 2, 3].map((m) =>
        emulator.createUser({ firstName: `G${g}M${m}`, username: `g${g}_member${m}` }),
      );
      const chat = emulator.createGroup({ title: `Group ${g}`, members });
      for (const member of members) emulator.sendText(member, chat, '/start');
      chats.push({ chat, members });
    }
    for (const { chat } of chats) await emulator.waitForReplies(chat.id, 4, 120_000);
    // For corrections: one expense per group, paid by its first member, who then corrects it.
    const expenseIds: number[] = [];
    if (kind === 'edit') {
      for (const { chat, members } of chats) {
        emulator.sendText(
          members[0] as User,
          chat,
          `/paid 100 equal ${members.map((m) => `@${m.username}`).join(' ')} setup`,
        );
        const [reply] = await emulator.waitForReplies(chat.id, 1, 60_000);
        expenseIds.push(Number(/#(\d+)/.exec(emulator.textOf(reply))?.[1]));
      }
    }

    // The sender is members[i % 4]; a settlement goes to the next member, with a note.
    const command = (members: User[], i: number, g: number) =>
      kind === 'settle'
        ? `/settle @${members[(i + 1) % 4]?.username} ${1 + (i % 50)}.${String(g % 100).padStart(2, '0')} bench ${i}`
        : kind === 'edit'
          ? `/edit ${expenseIds[g]} ${100 + i}.${String(g % 100).padStart(2, '0')} equal ${members.map((m) => `@${m.username}`).join(' ')} bench ${i}`
          : `/paid ${100 + i}.${String(g % 100).padStart(2, '0')} equal ${members.map((m) => `@${m.username}`).join(' ')} bench ${i}`;

    // Closed loop: maximum throughput.
    const closed: number[] = [];
    const started = performance.now();
    await Promise.all(
      chats.map(async ({ chat, members }, g) => {
        for (let i = 0; i < perGroup; i++) {
          const sentAt = performance.now();
          emulator.sendText(members[kind === 'edit' ? 0 : i % 4] as User, chat, command(members, i, g));
          await emulator.waitForReplies(chat.id, 1, 60_000);
          closed.push(performance.now() - sentAt);
        }
      }),
    );
    const throughput = (groups * perGroup) / ((performance.now() - started) / 1000);
    closed.sort((a, b) => a - b);

    // Open loop: a steady offered rate, round-robin over the groups. Replies are matched to sends
    // per chat in order (each chat is answered in order), so measuring costs O(1) per message.
    const open: number[] = [];
    const total = rate * seconds;
    const pending = new Map<number, number[]>();
    let answered = 0;
    let allAnswered: () => void = () => {
      // replaced below, once the promise exists
    };
    const done = new Promise<void>((resolve) => {
      allAnswered = resolve;
    });
    const onMessage = (message: { chat: { id: number } }) => {
      const sentAt = pending.get(message.chat.id)?.shift();
      if (sentAt === undefined) return;
      open.push(performance.now() - sentAt);
      if (++answered === total) allAnswered();
    };
    emulator.on('message', onMessage);
    const openStarted = performance.now();
    for (let n = 0; n < total; n++) {
      const due = openStarted + (n * 1000) / rate;
      const delay = due - performance.now();
      if (delay > 1) await new Promise((r) => setTimeout(r, delay));
      const g = n % groups;
      const { chat, members } = chats[g] as { chat: Chat; members: User[] };
      const queue = pending.get(chat.id) ?? [];
      pending.set(chat.id, queue);
      queue.push(performance.now());
      const i = perGroup + Math.floor(n / groups);
      // /paid keeps the sender it was measured with; /settle's sender must not be its receiver.
      const sender = kind === 'edit' ? 0 : (kind === 'settle' ? i : n) % 4;
      emulator.sendText(members[sender] as User, chat, command(members, i, g));
    }
    // unref: a finished run must not keep the process alive for the rest of the two minutes.
    await Promise.race([done, new Promise((r) => setTimeout(r, 120_000).unref())]);
    emulator.off('message', onMessage);
    const achieved = total / ((performance.now() - openStarted) / 1000);
    open.sort((a, b) => a - b);
    clearInterval(sampler);
    return {
      database: server ? 'PostgreSQL' : 'PGlite',
      command: kind,
      throughputPerSecond: throughput,
      closedLoopP50Ms: percentile(closed, 0.5),
      closedLoopP99Ms: percentile(closed, 0.99),
      offeredRate: rate,
      achievedRate: achieved,
      openLoopP50Ms: percentile(open, 0.5),
      openLoopP99Ms: percentile(open, 0.99),
      botPeakRssMb: peakRss,
    };
  } finally {
    await bot?.stop();
    await emulator.stop();
    await server?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function describeEndToEnd(r: EndToEndResult): string {
  return (
    `${r.database}, /${r.command}: closed loop (40 groups) ${r.throughputPerSecond.toFixed(0)} ${r.command === 'settle' ? 'settlements' : r.command === 'edit' ? 'corrections' : 'expenses'}/s, p50 ${r.closedLoopP50Ms.toFixed(1)} ms, ` +
    `p99 ${r.closedLoopP99Ms.toFixed(1)} ms; open loop at ${r.offeredRate}/s offered: ${r.achievedRate.toFixed(0)}/s, ` +
    `p50 ${r.openLoopP50Ms.toFixed(1)} ms, p99 ${r.openLoopP99Ms.toFixed(1)} ms; bot process peak RSS ${r.botPeakRssMb.toFixed(0)} MB`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const command = process.argv[2] === 'settle' || process.argv[2] === 'edit' ? process.argv[2] : 'paid';
  console.log(describeEndToEnd(await runEndToEndBench({ command })));
}
