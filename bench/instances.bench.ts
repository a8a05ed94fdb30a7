// Several instances on one PostgreSQL (issue 16), each run as `npm start` runs it (node on dist/),
// in webhook mode behind a round-robin balancer, the emulator posting as Telegram does (limits off:
// this measures the bot, not Telegram's budget). Three measurements:
//  - /paid throughput and latency (closed loop, 40 groups) with 1, 2 and 3 instances;
//  - failover: 3 instances under that load, one SIGKILLed: the longest any answer then took (the
//    killed instance's claimed updates wait for its lease to run out and be taken over);
//  - rolling restart: under the same load, each instance in turn replaced (a new one started, the
//    old one stopped with SIGTERM): the longest any answer took meanwhile.
// Needs BENCH_DATABASE_URL (or TEST_DATABASE_URL) and a built dist/ (npm run build).
// Run: BENCH_DATABASE_URL=postgres://... npx tsx bench/instances.bench.ts
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Chat, User } from 'grammy/types';
import { BotApiEmulator } from '../src/testing/bot-api-emulator.js';
import { type RoundRobin, startRoundRobin } from '../src/testing/round-robin.js';
import { freshServerDatabase, percentile } from './bot-process.js';

const TOKEN = '123456789:BENCH-token-for-the-local-emulator';
const root = new URL('../', import.meta.url);

interface Instance {
  port: number;
  child: ChildProcess;
  exited: Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts one instance exactly as `npm start` does, and waits until it is ready. */
async function startInstance(env: Record<string, string>, balancer: RoundRobin): Promise<Instance> {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
    scripts: { start: string };
  };
  const [, ...args] = pkg.scripts.start.split(/\s+/);
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (output.length < 100_000) output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // Ready once /healthz says so (it is served before the webhook is set, and updates posted to it
  // then are taken: the processor exists before the server listens).
  const until = Date.now() + 60_000;
  for (;;) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`instance did not start:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  balancer.targets.push(port);
  return { port, child, exited };
}

function leave(instance: Instance, balancer: RoundRobin): void {
  const at = balancer.targets.indexOf(instance.port);
  if (at >= 0) balancer.targets.splice(at, 1);
}

interface Load {
  latencies: number[];
  stop(): Promise<void>;
}

/** Closed loop: each group sends its next /paid once the last one is answered, until stopped. */
function closedLoop(emulator: BotApiEmulator, chats: { chat: Chat; members: User[] }[]): Load {
  const latencies: number[] = [];
  let running = true;
  const loops = chats.map(async ({ chat, members }, g) => {
    for (let i = 0; running; i++) {
      const sentAt = performance.now();
      emulator.sendText(
        members[i % 4] as User,
        chat,
        `/paid ${100 + i}.${String(g % 100).padStart(2, '0')} equal ${members.map((m) => `@${m.username}`).join(' ')} bench ${i}`,
      );
      await emulator.waitForReplies(chat.id, 1, 120_000);
      latencies.push(performance.now() - sentAt);
    }
  });
  return {
    latencies,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

export interface InstancesResult {
  throughput: { instances: number; perSecond: number; p50Ms: number; p99Ms: number }[];
  failoverLongestAnswerMs: number;
  rollingRestartLongestAnswerMs: number;
}

export async function runInstancesBench(
  options: { groups?: number; seconds?: number } = {},
): Promise<InstancesResult> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl)
    throw new Error('set BENCH_DATABASE_URL to a PostgreSQL server: instances share one database');
  const groups = options.groups ?? 40;
  const seconds = options.seconds ?? 8;
  const result: InstancesResult = {
    throughput: [],
    failoverLongestAnswerMs: 0,
    rollingRestartLongestAnswerMs: 0,
  };

  for (const count of [1, 2, 3, 'failover' as const, 'rolling' as const]) {
    const emulator = await BotApiEmulator.start({ token: TOKEN, botUsername: 'HisaabBenchBot' });
    const balancer = await startRoundRobin([]);
    const db = await freshServerDatabase(serverUrl, 'hisaab_instances');
    const env = {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATABASE_URL: db.url,
      WEBHOOK_URL: `${balancer.url}/telegram`,
      WEBHOOK_SECRET: 'bench-instances-secret',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000',
    };
    const instances: Instance[] = [];
    try {
      const n = typeof count === 'number' ? count : 3;
      for (let i = 0; i < n; i++) instances.push(await startInstance(env, balancer));
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

      const load = closedLoop(emulator, chats);
      const started = performance.now();
      if (count === 'failover') {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        const victim = instances[1] as Instance;
        leave(victim, balancer);
        victim.child.kill('SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, 12_000));
      } else if (count === 'rolling') {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        for (const old of [...instances]) {
          instances.push(await startInstance(env, balancer));
          leave(old, balancer);
          old.child.kill('SIGTERM');
          await old.exited;
          instances.splice(instances.indexOf(old), 1);
        }
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      } else {
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      }
      await load.stop();
      const elapsed = (performance.now() - started) / 1000;
      const sorted = [...load.latencies].sort((a, b) => a - b);
      if (typeof count === 'number') {
        result.throughput.push({
          instances: count,
          perSecond: Math.round(load.latencies.length / elapsed),
          p50Ms: Math.round(percentile(sorted, 0.5) * 10) / 10,
          p99Ms: Math.round(percentile(sorted, 0.99) * 10) / 10,
        });
      } else if (count === 'failover') result.failoverLongestAnswerMs = Math.round(sorted.at(-1) ?? 0);
      else result.rollingRestartLongestAnswerMs = Math.round(sorted.at(-1) ?? 0);
    } finally {
      for (const instance of instances) {
        instance.child.kill('SIGTERM');
        await instance.exited;
      }
      await balancer.stop();
      await emulator.stop();
      await db.drop();
    }
  }
  return result;
}

export function describeInstances(r: InstancesResult): string {
  const rows = r.throughput.map(
    (t) => `${t.instances} instance(s): ${t.perSecond} /paid per s, p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms`,
  );
  return [
    ...rows,
    `failover (one of 3 SIGKILLed under load): longest answer ${r.failoverLongestAnswerMs} ms`,
    `rolling restart (each of 3 replaced under load): longest answer ${r.rollingRestartLongestAnswerMs} ms`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runInstancesBench()
    .then((r) => console.log(describeInstances(r)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
