// Webhook mode: Telegram (the emulator) posts updates with the secret header; anything else is
// refused; /healthz and the landing page answer.
import { createServer } from 'node:net';
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('webhook mode', () => {
  let h: TestBot;
  let base: string;
  let asha: User;
  let ravi: User;
  let group: Chat;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    h = await startTestBot({
      env: {
        WEBHOOK_URL: `${base}/telegram/hook`,
        WEBHOOK_SECRET: 'secret-for-tests-only',
        PORT: String(port),
        HOST: '127.0.0.1',
      },
    });
    asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    ravi = h.emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
    group = h.emulator.createGroup({ title: 'Flat', members: [asha, ravi] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('takes updates posted with the secret header and answers them', async () => {
    h.emulator.sendText(asha, group, '/start');
    h.emulator.sendText(ravi, group, '/start');
    await h.emulator.waitForReplies(group.id, 2);
    h.emulator.sendText(asha, group, '/paid 90 equal @asha_k @ravi_m chai');
    const [reply] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(reply)).toContain('Ravi owes Asha: ₹45.00');
  });

  it('refuses updates without the right secret, and records nothing from them', async () => {
    const forged = {
      update_id: 1,
      message: {
        message_id: 999,
        date: 0,
        chat: group,
        from: ravi,
        text: '/paid 5000 equal @asha_k @ravi_m forged',
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    };
    const without = await fetch(`${base}/telegram/hook`, { method: 'POST', body: JSON.stringify(forged) });
    expect(without.status).toBe(401);
    const wrong = await fetch(`${base}/telegram/hook`, {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': 'not-the-secret' },
      body: JSON.stringify(forged),
    });
    expect(wrong.status).toBe(401);
    expect(await h.db.prisma.expense.count({ where: { description: 'forged' } })).toBe(0);
  });

  it('answers /healthz from the database and shows a landing page', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/Hisaab/);
    expect(html).toContain('@HisaabTestBot');
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });
});
