// Faults (Telegram's 429 and 5xx, a database that goes away) and access (one group cannot touch
// another's ledger; floods are limited politely; odd input gets a plain refusal).
import type { Chat, User } from 'grammy/types';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { BotApiEmulator } from '../../src/testing/bot-api-emulator.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/app.js';

describe('faults and access', () => {
  let h: TestBot;
  let asha: User;
  let ravi: User;
  let flat: Chat;
  let trip: Chat;
  const logLines: string[] = [];

  async function say(from: User, chat: Chat, text: string): Promise<string> {
    h.emulator.sendText(from, chat, text);
    const [reply] = await h.emulator.waitForReplies(chat.id, 1, 20_000);
    return h.emulator.textOf(reply);
  }

  beforeAll(async () => {
    h = await startTestBot({
      env: { RATE_LIMIT_PER_MINUTE: '100000' },
      logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    });
    asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    ravi = h.emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
    flat = h.emulator.createGroup({ title: 'Flat', members: [asha, ravi] });
    trip = h.emulator.createGroup({ title: 'Trip', members: [asha, ravi] });
    for (const chat of [flat, trip]) {
      await say(asha, chat, '/start');
      await say(ravi, chat, '/start');
    }
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("retries a reply after Telegram's 429 retry_after, and after a 5xx", async () => {
    h.emulator.faults.next('sendMessage', { kind: '429', retryAfter: 1 });
    const started = Date.now();
    expect(await say(asha, flat, '/paid 100 equal @asha_k @ravi_m milk')).toMatch(/Recorded/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    h.emulator.faults.next('sendMessage', { kind: '5xx', status: 502 });
    expect(await say(asha, flat, '/balances')).toContain('Ravi owes Asha: ₹50.00');
    expect(await h.db.prisma.expense.count({ where: { description: 'milk' } })).toBe(1);
  });

  it('waits out a slow Telegram without losing the reply or doubling the expense', async () => {
    h.emulator.faults.next('sendMessage', { kind: 'delay', ms: 1500 });
    expect(await say(ravi, flat, '/paid 40 equal @asha_k @ravi_m bread')).toMatch(/Recorded/);
    expect(await say(ravi, flat, '/balance')).toMatch(/You owe Asha: ₹30\.00/);
    expect(await h.db.prisma.expense.count({ where: { description: 'bread' } })).toBe(1);
  });

  it("keeps each group's ledger to itself", async () => {
    expect(await say(ravi, trip, '/balances')).toMatch(/All settled/);
    const flatExpense = await h.db.prisma.expense.findFirstOrThrow({ where: { description: 'milk' } });
    expect(await say(asha, trip, `/undo ${flatExpense.id}`)).toMatch(
      new RegExp(`no expense #${flatExpense.id} in this group`),
    );
    expect(await say(asha, trip, '/expenses')).toMatch(/No expenses yet/);
  });

  it('refuses odd and oversized input with one plain sentence', async () => {
    const long = await say(asha, flat, `/paid 10 @ravi_m ${'x'.repeat(3000)}`);
    expect(long).toMatch(/description/i);
    const rtl = await say(asha, flat, '/paid 60 equal @asha_k @ravi_m עשר شاي 🍵');
    expect(rtl).toContain('עשר شاي 🍵');
    const nonsense = await say(asha, flat, '/paid <b>&amp; @ravi_m');
    expect(nonsense).toMatch(/amount/i);
    for (const reply of [long, rtl, nonsense]) expect(reply).not.toMatch(/undefined|NaN|Error|\[object/);
  });

  it('never writes the bot token to the log', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(TEST_TOKEN);
  });
});

describe('a flood from one person', () => {
  let h: TestBot;
  afterAll(async () => {
    await h?.stop();
  });

  it('is answered once, politely, and the rest is dropped', async () => {
    h = await startTestBot({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    const spammer = h.emulator.createUser({ firstName: 'Spam', username: 'spammer' });
    const calm = h.emulator.createUser({ firstName: 'Calm', username: 'calm_one' });
    const group = h.emulator.createGroup({ title: 'Flood', members: [spammer, calm] });
    for (let i = 0; i < 12; i++) h.emulator.sendText(spammer, group, '/balances');
    // Five answers and one warning; while Telegram throttles the group some arrive merged into one
    // message ("3 answers together: ...").
    const answers = () =>
      h?.emulator
        .sent({ chatId: group.id })
        .reduce(
          (n, m) => n + Number(/^(\d+) answers together/.exec(h?.emulator.textOf(m) ?? '')?.[1] ?? 1),
          0,
        ) ?? 0;
    const deadline = Date.now() + 20_000;
    while (answers() < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const texts = h.emulator.sent({ chatId: group.id }).map((m) => h?.emulator.textOf(m) ?? '');
    const warnings = texts.join('\n').match(/please wait[^\n]*/g) ?? [];
    expect(warnings).toHaveLength(1);
    expect(texts.join('\n')).toMatch(/I skipped this one \(nothing was recorded\)/);
    // Someone else's command after the flood: a chat's updates are handled in order, so its answer
    // comes once all twelve have been handled, and nothing for the other six came before it.
    h.emulator.sendText(calm, group, '/expenses');
    await h.emulator.waitFor(
      (m) => m.chat.id === group.id && /No expenses yet/.test(h?.emulator.textOf(m) ?? ''),
    );
    expect(answers()).toBe(7);
  });
});

describe('a Telegram that refuses the command menu at start-up', () => {
  let h: TestBot | undefined;
  let emulator: BotApiEmulator | undefined;
  afterAll(async () => {
    await h?.stop();
    await emulator?.stop();
  });

  it('starts anyway and answers typed commands', async () => {
    emulator = await BotApiEmulator.start({ token: TEST_TOKEN, botUsername: 'HisaabTestBot' });
    const refusal = {
      kind: 'refuse',
      status: 400,
      description: 'Bad Request: BOT_COMMANDS_TOO_MUCH',
    } as const;
    emulator.faults.next('setMyCommands', refusal, 2);
    h = await startTestBot({ emulator });
    expect(emulator.calls.some((call) => call.method === 'setMyCommands' && call.status !== 200)).toBe(true);
    const asha = emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    const group = emulator.createGroup({ title: 'Menu-less', members: [asha] });
    emulator.sendText(asha, group, '/start');
    const [reply] = await emulator.waitForReplies(group.id, 1);
    expect(emulator.textOf(reply)).toMatch(/Hello Asha/);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('a database that goes away', () => {
  let h: TestBot;
  afterAll(async () => {
    await h?.stop();
  });

  it('tells the user nothing was recorded, keeps running, and works again when it is back', async () => {
    h = await startTestBot();
    const asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    const ravi = h.emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
    const group = h.emulator.createGroup({ title: 'Flat', members: [asha, ravi] });
    for (const user of [asha, ravi]) {
      h.emulator.sendText(user, group, '/start');
      await h.emulator.waitForReplies(group.id, 1);
    }
    const name = new URL(h.db.url as string).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      h.emulator.sendText(asha, group, '/paid 300 equal @asha_k @ravi_m during the outage');
      const [failed] = await h.emulator.waitForReplies(group.id, 1, 30_000);
      expect(h.emulator.textOf(failed)).toMatch(/nothing was recorded/);
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
    }
    h.emulator.sendText(asha, group, '/paid 300 equal @asha_k @ravi_m after the outage');
    const [ok] = await h.emulator.waitForReplies(group.id, 1, 30_000);
    expect(h.emulator.textOf(ok)).toMatch(/Recorded/);
    expect(await h.db.prisma.expense.count()).toBe(1);
    expect(await h.db.prisma.expenseShare.count()).toBe(2);
  });
});
