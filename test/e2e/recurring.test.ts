// Recurring expenses end to end, with the app's clock moved by the test: a monthly rule fires once
// at 09:00 on the 1st in the group's time zone; two instances on one database record it once; after
// downtime one late occurrence is recorded; pause, resume and cancel from /recurring's buttons; a
// rule whose people left is paused and its creator told.
import { createServer } from 'node:net';
import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/app.js';
import { expensesIn, type Flat, newFlat, replyTo } from '../support/flat.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const webhookEnv = (base: string, port: number) => ({
  WEBHOOK_URL: `${base}/telegram/hook`,
  WEBHOOK_SECRET: 'secret-for-tests-only',
  PORT: String(port),
  HOST: '127.0.0.1',
});

describe('recurring expenses', () => {
  let h: TestBot;
  let flat: Flat;
  let now = new Date('2026-11-20T10:00:00Z');
  let base: string;
  const rules: Record<string, number> = {};

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Webhook mode, so that a second instance can run beside it (two pollers would fight over getUpdates).
    h = await startTestBot({ env: webhookEnv(base, port), clock: () => now });
    flat = await newFlat(h, { usernames: true, kabir: false });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const milkRecorded = async () => (await expensesIn(h, flat.group)).filter((e) => e.description === 'milk');

  it('a monthly rule fires once, at 09:00 on the 1st in the group time zone', async () => {
    const { asha, group } = flat;
    await replyTo(h, asha, group, '/timezone Asia/Kolkata', /time zone is now Asia\/Kolkata/);
    // The monthly summary follows the group's zone too.
    await replyTo(h, asha, group, '/summary auto', /from \d+:00, Asia\/Kolkata\)/);
    const set = await replyTo(
      h,
      asha,
      group,
      '/every month on 1 /paid 30000 exact @asha_k 12000 @ravi_m 9000 @meera_i 9000 rent',
      /Set up|refuse|not/,
    );
    const text = h.emulator.textOf(set);
    expect(text).toMatch(
      /🔁 Set up R\d+: Rent, ₹30,000\.00 every month on the 1st, paid by Asha, split by exact amounts among 3\./,
    );
    expect(text).toContain('The first is recorded on 1 Dec 2026 at 9:00 (Asia/Kolkata)');
    rules.rent = Number(/R(\d+)/.exec(text)?.[1]);

    // 08:59 in Kolkata on the 1st (03:29 UTC): not yet. 09:01: recorded, and said so in the group.
    now = new Date('2026-12-01T03:29:00Z');
    expect((await h.app.recurring.sweep()).recorded).toBe(0);
    now = new Date('2026-12-01T03:31:00Z');
    const told = h.emulator.waitFor((m) => m.chat.id === group.id && /^🔁 Rent/.test(h.emulator.textOf(m)));
    expect((await h.app.recurring.sweep()).recorded).toBe(1);
    const announced = h.emulator.textOf(await told);
    expect(announced).toMatch(
      new RegExp(
        `^🔁 Rent \\(R${rules.rent}, every month on the 1st\\): ✅ Recorded #\\d+: ₹30,000\\.00 paid by Asha for rent`,
      ),
    );
    expect(announced).toContain('Ravi owes Asha: ₹9,000.00');
    expect(announced).not.toContain('late');

    // Sweeping again records nothing more.
    now = new Date('2026-12-01T05:00:00Z');
    expect((await h.app.recurring.sweep()).recorded).toBe(0);
    const rent = (await expensesIn(h, flat.group)).filter((e) => e.description === 'rent');
    expect(rent).toHaveLength(1);
    expect(rent[0]?.amount.toString()).toBe('30000');
    expect(rent[0]?.spentOn.toISOString().slice(0, 10)).toBe('2026-12-01');
    expect(rent[0]?.shares.map((s) => s.share.toString()).sort()).toEqual(['12000', '9000', '9000']);
  });

  it('an /every message delivered twice sets up one rule', async () => {
    const update = h.emulator.sendText(
      flat.meera,
      flat.group,
      '/every week on sun /paid 200 everyone newspaper',
    );
    await h.emulator.waitFor((m) => /Set up R\d+: Newspaper/.test(h.emulator.textOf(m)));
    // Telegram delivers it again; the next command of the chat is handled after it.
    h.emulator.redeliver(update);
    await replyTo(h, flat.meera, flat.group, '/recurring', /Recurring expenses/);
    const rules = await h.db.prisma.recurringRule.findMany({ where: { description: 'newspaper' } });
    expect(rules).toHaveLength(1);
    await h.db.prisma.recurringRule.update({ where: { id: rules[0]?.id }, data: { status: 'CANCELLED' } });
  });

  it('a split that does not add up is refused at creation, in one sentence', async () => {
    const refusal = await replyTo(
      h,
      flat.ravi,
      flat.group,
      '/every 15th /paid 1000 exact @asha_k 300 @ravi_m 300 wifi',
      /./,
    );
    expect(h.emulator.textOf(refusal)).toMatch(/^[^.]*add up[^\n]*$/);
    expect(await h.db.prisma.recurringRule.count({ where: { description: 'wifi' } })).toBe(0);
  });

  it('an amount in another currency is refused at creation: at which rate would next month record it?', async () => {
    const refusal = await replyTo(
      h,
      flat.ravi,
      flat.group,
      '/every month on 1 /paid 45 USD @ 83.20 equal @asha_k @ravi_m netflix',
      /./,
    );
    expect(h.emulator.textOf(refusal)).toBe(
      "A recurring expense is kept in the group's own currency, INR: write its amount in INR, like /every month on 1 /paid 30000 everyone rent.",
    );
    expect(await h.db.prisma.recurringRule.count({ where: { description: 'netflix' } })).toBe(0);
  });

  it('two instances on one database record an occurrence once', async () => {
    const set = await replyTo(h, flat.asha, flat.group, '/every day /paid 60 everyone milk', /Set up R\d+/);
    expect(h.emulator.textOf(set)).toContain('The first is recorded on 2 Dec 2026');
    rules.milk = Number(/R(\d+)/.exec(h.emulator.textOf(set))?.[1]);

    const port = await freePort();
    const config = parseConfig({
      BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: h.emulator.apiRoot,
      DATABASE_URL: h.db.url,
      DATA_DIR: h.dataDir,
      ...webhookEnv(base, port),
    });
    const second: App = await startApp(config, {
      logger: silentLogger,
      db: h.db,
      schedule: false,
      clock: () => now,
    });
    try {
      now = new Date('2026-12-02T03:31:00Z');
      const told = h.emulator.waitFor((m) => /^🔁 Milk/.test(h.emulator.textOf(m)));
      const [a, b] = await Promise.all([h.app.recurring.sweep(), second.recurring.sweep()]);
      expect(a.recorded + b.recorded).toBe(1);
      await told;
    } finally {
      await second.stop();
    }
    expect(await milkRecorded()).toHaveLength(1);
  });

  it('after downtime, catches up once, late, and says how many were skipped', async () => {
    await h.app.stop();
    // Down from 2 Dec to 5 Dec, 10:00 in Kolkata: the milk of 3, 4 and 5 Dec fell due meanwhile.
    now = new Date('2026-12-05T04:30:00Z');
    await h.restart();
    const told = h.emulator.waitFor(
      (m) => /^🔁 Milk/.test(h.emulator.textOf(m)) && /late/.test(h.emulator.textOf(m)),
    );
    expect((await h.app.recurring.sweep()).recorded).toBe(1);
    const text = h.emulator.textOf(await told);
    expect(text).toContain('It was due on 5 Dec 2026 and is recorded late');
    expect(text).toContain('2 earlier ones were skipped');
    const milk = await milkRecorded();
    expect(milk.map((e) => e.spentOn.toISOString().slice(0, 10))).toEqual(['2026-12-02', '2026-12-05']);
    expect((await h.app.recurring.sweep()).recorded).toBe(0);
  });

  it('pause, resume and cancel from /recurring, by the creator or an admin only', async () => {
    const { asha, ravi, group } = flat;
    const list = await replyTo(h, ravi, group, '/recurring', /Recurring expenses/);
    expect(h.emulator.textOf(list)).toContain(
      `R${rules.milk} Milk: ₹60.00 every day, next 6 Dec 2026 (set up by Asha)`,
    );

    // Ravi neither set it up nor is an admin.
    const press = h.emulator.pressButton(ravi, list, `rec:pause:${rules.milk}`);
    const refusal = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (call) => call.params.callback_query_id === press.callback_query?.id,
    );
    expect(refusal.params.text).toBe(
      `Only Asha, who set up recurring expense R${rules.milk}, or a group admin can change it.`,
    );

    h.emulator.pressButton(asha, list, `rec:pause:${rules.milk}`);
    await h.emulator.waitFor(
      (m) => m.message_id === list.message_id && /⏸ paused/.test(h.emulator.textOf(m)),
    );
    now = new Date('2026-12-07T04:00:00Z');
    expect((await h.app.recurring.sweep()).recorded).toBe(0);
    expect(await milkRecorded()).toHaveLength(2);

    // Resumed, it starts again from the next due time: the days it was paused are not recorded.
    h.emulator.pressButton(asha, list, `rec:resume:${rules.milk}`);
    const resumed = await h.emulator.waitFor(
      (m) => m.message_id === list.message_id && /next 8 Dec 2026/.test(h.emulator.textOf(m)),
    );
    h.emulator.pressButton(asha, resumed, `rec:cancel:${rules.milk}`);
    await h.emulator.waitFor(
      (m) => m.message_id === list.message_id && !h.emulator.textOf(m).includes(`R${rules.milk} `),
    );
    now = new Date('2026-12-09T04:00:00Z');
    expect((await h.app.recurring.sweep()).recorded).toBe(0);
    expect(await milkRecorded()).toHaveLength(2);
  });

  it('a rule whose people left is paused, and its creator told why', async () => {
    const { ravi, group } = flat;
    h.emulator.removeMember(group, ravi);
    await h.emulator.waitFor((m) => m.chat.id === group.id && /Ravi/.test(h.emulator.textOf(m)));
    now = new Date('2027-01-01T03:31:00Z');
    // Asha never opened a private chat with the bot, so she is told in the group.
    const told = h.emulator.waitFor((m: Message) => /paused recurring expense/.test(h.emulator.textOf(m)));
    const result = await h.app.recurring.sweep();
    expect(result).toMatchObject({ recorded: 0, paused: 1 });
    const text = h.emulator.textOf(await told);
    expect(text).toContain(
      `I paused recurring expense R${rules.rent} (every month on the 1st): Ravi is no longer in the group.`,
    );
    const rule = await h.db.prisma.recurringRule.findUniqueOrThrow({ where: { id: rules.rent } });
    expect(rule.status).toBe('PAUSED');
  });
});
