// Telegram refusing or out of reach, met by the bot as a process (`npm start`): a revoked token or
// a second poller is one plain sentence and a non-zero exit, never an unhandled rejection; a
// Telegram that cannot be reached is said within 10 s, with the address, and the bot carries on
// once it answers.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { BotApiEmulator } from '../../src/testing/bot-api-emulator.js';
import { startTestBot, TEST_TOKEN } from '../support/app.js';
import { startBot, waitForOutput } from '../support/process.js';

describe('Telegram refusing or out of reach', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hisaab-reach-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stops with one sentence when Telegram refuses the token (401)', async () => {
    const emulator = await BotApiEmulator.start({
      token: '999:another-bot-entirely',
      botUsername: 'OtherBot',
    });
    try {
      const bot = startBot({ BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: emulator.apiRoot, DATA_DIR: dataDir });
      expect(await bot.exited).toBe(1);
      expect(bot.stderr()).toMatch(
        /^Hisaab cannot start: Telegram refused the bot token \(401 Unauthorized\)/m,
      );
      expect(bot.stderr()).not.toContain(TEST_TOKEN);
      expect(bot.stderr()).not.toMatch(/Unhandled|\n\s+at /);
    } finally {
      await emulator.stop();
    }
  });

  it('stops with one sentence and a non-zero code when another poller takes the updates (409)', async () => {
    const emulator = await BotApiEmulator.start({ token: TEST_TOKEN, botUsername: 'HisaabTestBot' });
    try {
      emulator.faults.next('getUpdates', {
        kind: 'refuse',
        status: 409,
        description:
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
      const bot = startBot({ BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: emulator.apiRoot, DATA_DIR: dataDir });
      expect(await bot.exited).toBe(2);
      expect(bot.stderr()).toMatch(
        /^Telegram says another process is taking this bot's updates .*\(409 Conflict\)/m,
      );
      expect(bot.stderr()).not.toMatch(/Unhandled|\n\s+at /);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses to poll while a webhook is set, unless told to replace it', async () => {
    const emulator = await BotApiEmulator.start({ token: TEST_TOKEN, botUsername: 'HisaabTestBot' });
    let replacing: ReturnType<typeof startBot> | undefined;
    try {
      await fetch(`${emulator.apiRoot}/bot${TEST_TOKEN}/setWebhook?url=https://bot.example.org/hook`);
      const env = { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: emulator.apiRoot, DATA_DIR: dataDir };
      const refused = startBot(env);
      expect(await refused.exited).toBe(1);
      expect(refused.stderr()).toMatch(
        /^Hisaab cannot start: A webhook is set for this bot \(https:\/\/bot\.example\.org\/hook\), so polling would take its updates away from it: set WEBHOOK_URL .* or POLLING_REPLACES_WEBHOOK=true/m,
      );
      replacing = startBot({ ...env, POLLING_REPLACES_WEBHOOK: 'true' });
      // Until the webhook is removed the emulator would post updates to it, as Telegram does.
      await waitForOutput(replacing, /polling for updates/, 30_000);
      const asha = emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
      emulator.sendText(asha, 'private', '/start');
      const [hello] = await emulator.waitForReplies(asha.id, 1, 30_000);
      expect(emulator.textOf(hello)).toMatch(/Hisaab/);
      replacing.child.kill('SIGTERM');
      expect(await replacing.exited).toBe(0);
    } finally {
      replacing?.child.kill('SIGKILL');
      await emulator.stop();
    }
  });

  it('backs off and recovers when fetching updates fails, and says so once each way', async () => {
    const lines: string[] = [];
    const h = await startTestBot({
      logger: createLogger({ level: 'info', write: (line) => lines.push(line) }),
    });
    try {
      h.emulator.faults.next('getUpdates', { kind: '5xx', status: 502 }, 2);
      h.emulator.faults.next('getUpdates', { kind: 'drop' });
      const asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
      h.emulator.sendText(asha, 'private', '/start');
      const [hello] = await h.emulator.waitForReplies(asha.id, 1, 30_000);
      expect(h.emulator.textOf(hello)).toMatch(/Hisaab/);
      expect(lines.filter((l) => l.includes('Cannot reach Telegram'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('answers again'))).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });

  it('says within 10 s that Telegram cannot be reached, keeps trying, and works once it answers', {
    timeout: 90_000,
  }, async () => {
    // A black hole: connections are accepted and never answered, as behind a firewall that drops.
    const sockets = new Set<Socket>();
    const hole: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    const port = (hole.address() as { port: number }).port;
    const apiRoot = `http://127.0.0.1:${port}`;
    const bot = startBot({ BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: apiRoot, DATA_DIR: dataDir });
    let emulator: BotApiEmulator | undefined;
    try {
      // The 10 s are the bot's, counted once its database is open: starting a process on a loaded
      // machine can take longer than that by itself.
      await waitForOutput(bot, /database ready/, 60_000);
      await waitForOutput(bot, /Cannot reach Telegram at http:\/\/127\.0\.0\.1:\d+; I keep trying\./, 10_000);
      expect(bot.stderr()).toContain(apiRoot);
      expect(bot.stderr().match(/Cannot reach Telegram/g)).toHaveLength(1);
      // Telegram comes back on the same address.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hole.close(() => resolve()));
      emulator = await BotApiEmulator.start({ token: TEST_TOKEN, botUsername: 'HisaabTestBot', port });
      await waitForOutput(bot, /Telegram at http:\/\/127\.0\.0\.1:\d+ answers again/, 45_000);
      const asha = emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
      emulator.sendText(asha, 'private', '/start');
      const [hello] = await emulator.waitForReplies(asha.id, 1, 30_000);
      expect(emulator.textOf(hello)).toMatch(/Hisaab/);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      bot.child.kill('SIGKILL');
      await emulator?.stop();
      hole.close();
    }
  });
});
