// The bot as a real process, the way `npm start` runs it: settings from the environment, the
// embedded database in DATA_DIR, SIGTERM within 10 s, restarts and a SIGKILL mid-burst that lose
// and double nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { BotApiEmulator } from '../../src/testing/bot-api-emulator.js';
import { TEST_TOKEN } from '../support/app.js';
import { startBot } from '../support/process.js';

describe('the bot as a process', () => {
  let emulator: BotApiEmulator;
  let dataDir: string;
  let env: Record<string, string>;
  let asha: User;
  let ravi: User;
  let group: Chat;

  beforeAll(async () => {
    emulator = await BotApiEmulator.start({ token: TEST_TOKEN, botUsername: 'HisaabTestBot' });
    dataDir = await mkdtemp(join(tmpdir(), 'hisaab-process-'));
    env = {
      BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATA_DIR: dataDir,
      // The burst below is one person's 40 commands in a second; the flood limit is tested elsewhere.
      RATE_LIMIT_PER_MINUTE: '1000',
    };
    asha = emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    ravi = emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
    group = emulator.createGroup({ title: 'Flat', members: [asha, ravi] });
  });
  afterAll(async () => {
    await emulator?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says which setting is missing and stops, without a stack trace', async () => {
    const bot = startBot({ DATA_DIR: dataDir });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toMatch(/BOT_TOKEN is required/);
    expect(bot.stderr()).not.toMatch(/\n\s+at /);
  });

  it('says in one sentence that the database cannot be reached, and stops', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const bot = startBot({ ...env, DATABASE_URL: 'postgres://hisaab@127.0.0.1:1/hisaab' });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr().split('\n')[0]).toMatch(
      /^Hisaab cannot start: .*reach database server at `127\.0\.0\.1:1`/,
    );
    expect(bot.stderr()).not.toContain(TEST_TOKEN);
  });

  it('runs, answers, stops on SIGTERM within 10 s, and keeps the ledger across a restart', async () => {
    const first = startBot(env);
    emulator.sendText(asha, group, '/start');
    emulator.sendText(ravi, group, '/start');
    await emulator.waitForReplies(group.id, 2, 60_000);
    emulator.sendText(asha, group, '/paid 500 equal @asha_k @ravi_m dinner');
    const [recorded] = await emulator.waitForReplies(group.id, 1, 30_000);
    expect(emulator.textOf(recorded)).toContain('Ravi owes Asha: ₹250.00');
    expect(emulator.myCommands('all_group_chats')).toEqual(
      expect.arrayContaining([expect.objectContaining({ command: 'paid' })]),
    );

    const stopping = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(first.stderr()).not.toContain(TEST_TOKEN);

    const second = startBot(env);
    emulator.sendText(ravi, group, '/balances');
    const [balances] = await emulator.waitForReplies(group.id, 1, 60_000);
    expect(emulator.textOf(balances)).toContain('Ravi owes Asha: ₹250.00');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('loses and doubles nothing when killed (SIGKILL) in the middle of a burst', {
    timeout: 150_000,
  }, async () => {
    const burst = 40;
    const first = startBot(env);
    // Wait until it is polling, then send the burst and kill it part-way through.
    emulator.sendText(asha, group, '/start');
    emulator.sendText(ravi, group, '/start');
    await emulator.waitForReplies(group.id, 2, 60_000);
    for (let i = 1; i <= burst; i++)
      emulator.sendText(asha, group, `/paid ${i} equal @asha_k @ravi_m burst ${i}`);
    await emulator.waitForReplies(group.id, 8, 30_000);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = startBot(env);
    // Every expense of the burst is answered in the end (the ones before the kill possibly twice:
    // a reply may be repeated, an expense never).
    const deadline = Date.now() + 60_000;
    const answered = () =>
      new Set(
        emulator
          .sent({ chatId: group.id })
          .map((m) => /for burst (\d+),/.exec(emulator.textOf(m))?.[1])
          .filter((n) => n !== undefined),
      ).size;
    while (answered() < burst && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    second.child.kill('SIGTERM');
    const log = `after the restart:\n${second.stderr().slice(-3000)}`;
    expect(await second.exited, log).toBe(0);
    expect(answered(), log).toBe(burst);

    const db = await openDatabase({ dataDir, migrate: false });
    try {
      const rows = await db.prisma.expense.findMany({ where: { description: { startsWith: 'burst ' } } });
      expect(rows).toHaveLength(burst);
      expect(new Set(rows.map((r) => r.description)).size).toBe(burst);
    } finally {
      await db.close();
    }
  });
});
