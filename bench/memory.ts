// Memory and start-up of the bot as a whole process, measured from outside (issue 12): `npm start`
// is spawned exactly as a user runs it, against the Bot API emulator in this process, and the
// resident memory of its whole process tree (npm, the shell, node, and any short-lived child such as
// the embedded database's initdb) is summed every 25 ms from /proc. Three runs:
//  1. embedded database, first start on an empty DATA_DIR (the database is created);
//  2. embedded database, the same folder again (the usual restart);
//  3. a PostgreSQL server, when BENCH_DATABASE_URL or TEST_DATABASE_URL names one (a fresh database
//     is created on it and dropped afterwards).
// For each: the peak of the tree's summed RSS, the bot's own peak (VmHWM of the node process that
// polls), the tree's RSS after `idleMs` of idling once it polls, and the time from spawn to the
// first getUpdates reaching the emulator.
// Targets: first start <= 300 MB, steady <= 250 MB, server <= 200 MB, restart to polling <= 3 s.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BotApiEmulator } from '../src/testing/bot-api-emulator.js';
import { freshServerDatabase } from './bot-process.js';

const TOKEN = '123456789:BENCH-token-for-the-local-emulator';
const root = new URL('../', import.meta.url);

export interface MemoryResult {
  run: string;
  toPollingMs: number;
  treePeakMb: number;
  botPeakMb: number;
  steadyMb: number;
  botSteadyMb: number;
}

function statusField(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0; // the process has exited
  }
}

/** The pid and all its descendants, from each task's `children` file (Linux). */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${pids[i]}/task`)) {
        const children = readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8').trim();
        if (children) pids.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function measureStart(
  run: string,
  emulator: BotApiEmulator,
  env: Record<string, string>,
  idleMs: number,
): Promise<MemoryResult> {
  const started = performance.now();
  // Its own process group, so that the whole tree can be stopped at the end.
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const pid = child.pid as number;
  let treePeakMb = 0;
  let botPid: number | undefined;
  const sample = () => {
    const pids = processTree(pid);
    const total = pids.reduce((sum, p) => sum + statusField(p, 'VmRSS'), 0);
    treePeakMb = Math.max(treePeakMb, total);
    return { pids, total };
  };
  const sampler = setInterval(sample, 25);
  try {
    const polling = new Promise<number>((resolve, reject) => {
      const onCall = (call: { method: string }) => {
        if (call.method !== 'getUpdates') return;
        emulator.off('call', onCall);
        resolve(performance.now() - started);
      };
      emulator.on('call', onCall);
      child.once('exit', (code) => reject(new Error(`${run}: npm start exited (${code}) before polling`)));
    });
    const toPollingMs = await polling;
    // The bot: the largest process in the tree (the others are npm, a shell, a launcher or a helper).
    botPid = sample()
      .pids.map((p) => ({ p, rss: statusField(p, 'VmRSS') }))
      .sort((a, b) => b.rss - a.rss)[0]?.p;
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const steadyMb = sample().total;
    const botPeakMb = botPid ? statusField(botPid, 'VmHWM') : Number.NaN;
    const botSteadyMb = botPid ? statusField(botPid, 'VmRSS') : Number.NaN;
    return { run, toPollingMs, treePeakMb, botPeakMb, steadyMb, botSteadyMb };
  } finally {
    clearInterval(sampler);
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
  }
}

export async function runMemoryBench(options: { idleMs?: number } = {}): Promise<MemoryResult[]> {
  const idleMs = options.idleMs ?? 10_000;
  const emulator = await BotApiEmulator.start({ token: TOKEN, botUsername: 'HisaabBenchBot' });
  const dataDir = await mkdtemp(join(tmpdir(), 'hisaab-memory-'));
  const env = { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emulator.apiRoot, DATA_DIR: dataDir };
  const results: MemoryResult[] = [];
  try {
    results.push(await measureStart('embedded, first start (empty DATA_DIR)', emulator, env, idleMs));
    results.push(await measureStart('embedded, existing DATA_DIR', emulator, env, idleMs));
    const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (serverUrl) {
      const database = await freshServerDatabase(serverUrl, 'hisaab_memory');
      try {
        const serverEnv = { ...env, DATABASE_URL: database.url };
        results.push(await measureStart('server, first start (migrates)', emulator, serverEnv, idleMs));
        results.push(await measureStart('server, restart', emulator, serverEnv, idleMs));
      } finally {
        await database.drop();
      }
    }
  } finally {
    await emulator.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return results;
}

export function describeMemory(results: readonly MemoryResult[]): string {
  const header = ['npm start', 'to getUpdates', 'tree peak', 'tree steady', 'bot peak', 'bot steady'];
  const mb = (value: number) => `${Math.round(value)} MB`;
  const rows = results.map((r) => [
    r.run,
    `${(r.toPollingMs / 1000).toFixed(2)} s`,
    mb(r.treePeakMb),
    mb(r.steadyMb),
    mb(r.botPeakMb),
    mb(r.botSteadyMb),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(describeMemory(await runMemoryBench()));
}
