// /paid end to end: the real bot over HTTP through the Bot API emulator, on a fresh database.
// Many groups send expenses at once (chats run in parallel, each chat in order); the figure is
// expenses recorded per second and the latency from a user's message to the bot's reply.
// Target (issue 5): >= 300 expenses/s with p99 under 100 ms on the 2-core machine.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Chat, User } from 'grammy/types';
import { startTestBot } from '../test/support/app.js';

export interface EndToEndResult {
  database: string;
  expenses: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
}

export async function runEndToEndBench(
  options: { groups?: number; perGroup?: number } = {},
): Promise<EndToEndResult> {
  const groups = options.groups ?? 40;
  const perGroup = options.perGroup ?? 50;
  const h = await startTestBot();
  try {
    const chats: { chat: Chat; members: User[] }[] = [];
    for (let g = 0; g < groups; g++) {
      const members = [0, 1, 2, 3].map((m) =>
        h.emulator.createUser({ firstName: `G${g}M${m}`, username: `g${g}_member${m}` }),
      );
      const chat = h.emulator.createGroup({ title: `Group ${g}`, members });
      for (const member of members) {
        h.emulator.sendText(member, chat, '/start');
        await h.emulator.waitForReplies(chat.id, 1);
      }
      chats.push({ chat, members });
    }
    const latencies: number[] = [];
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const started = performance.now();
    // Each group is one chatty flat: it sends its next expense as soon as the last one is answered.
    await Promise.all(
      chats.map(async ({ chat, members }, g) => {
        for (let i = 0; i < perGroup; i++) {
          const payer = members[i % 4] as User;
          const names = members.map((m) => `@${m.username}`).join(' ');
          const sentAt = performance.now();
          h.emulator.sendText(payer, chat, `/paid ${100 + i}.${g % 100} equal ${names} bench ${i}`);
          await h.emulator.waitForReplies(chat.id, 1, 30_000);
          latencies.push(performance.now() - sentAt);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
    const recorded = await h.db.prisma.expense.count();
    return {
      database: h.db.url ? 'PostgreSQL' : 'PGlite',
      expenses: recorded,
      seconds,
      perSecond: recorded / seconds,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      peakRssMb: peakRss / 1024 / 1024,
    };
  } finally {
    await h.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runEndToEndBench();
  console.log(
    `/paid end to end on ${result.database}: ${result.expenses} expenses in ${result.seconds.toFixed(1)} s = ` +
      `${result.perSecond.toFixed(0)}/s; reply latency p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms; ` +
      `peak RSS ${result.peakRssMb.toFixed(0)} MB`,
  );
}
