// Group commands as members meet them, over HTTP through the Bot API emulator.
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';

describe('group commands', () => {
  let h: TestBot;
  let asha: User;
  let ravi: User;
  let meera: User;
  let kabir: User; // no username: reachable only by text mention
  let group: Chat;

  async function say(from: User, text: string, chat: Chat = group): Promise<string> {
    h.emulator.sendText(from, chat, text);
    const [reply] = await h.emulator.waitForReplies(chat.id, 1);
    return h.emulator.textOf(reply);
  }

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
    asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    ravi = h.emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
    meera = h.emulator.createUser({ firstName: 'Meera', lastName: '<b>Iyer</b>', username: 'meera_i' });
    kabir = h.emulator.createUser({ firstName: 'Kabir' });
    group = h.emulator.createGroup({
      title: 'Flat & friends',
      members: [asha, ravi, meera, kabir],
      admins: [asha],
    });
    for (const user of [asha, ravi, meera]) await say(user, '/start');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses an unknown @username, naming it and saying how to fix it, and records nothing', async () => {
    const reply = await say(asha, '/paid 300 equal @asha_k @nobody_here tea');
    expect(reply).toMatch(/@nobody_here/);
    expect(reply).toMatch(/\/start/);
    expect(await h.db.prisma.expense.count()).toBe(0);
  });

  it.each([
    ['/paid', /amount/i],
    ['/paid abc @ravi_m', /amount|number/i],
    ['/paid 0 @ravi_m', /more than|zero|positive/i],
    ['/paid 100.555 @ravi_m', /two decimal/i],
    ['/paid 100000000 @ravi_m', /1,00,00,000/],
    ['/paid 1e9 @ravi_m', /number|amount/i],
    ['/paid 1250 exact @ravi_m 370 @meera_i 800', /1,170\.00|1,250\.00|80\.00/],
    ['/paid 1200 percent @ravi_m 40 @meera_i 50', /90/],
    ['/paid 100 exact @ravi_m', /@ravi_m/],
    ['/paid 100 equal @ravi_m @ravi_m', /twice|more than once|duplicate/i],
  ])('refuses %s with one plain sentence and records nothing', async (command, reason) => {
    const reply = await say(ravi, command);
    expect(reply).toMatch(reason);
    expect(reply).not.toMatch(/undefined|NaN|Error:|at .*\.ts|\[object/);
    expect(await h.db.prisma.expense.count()).toBe(0);
  });

  it('accepts @usernames, text mentions and me, and escapes names in the reply', async () => {
    const text = '/paid 300 equal @meera_i me ';
    const update = h.emulator.sendText(asha, group, `${text}Kabir snacks`, {
      entities: [
        { type: 'bot_command', offset: 0, length: 5 },
        { type: 'text_mention', offset: text.length, length: 5, user: kabir },
      ],
    });
    expect(update.update_id).toBeGreaterThan(0);
    const [reply] = await h.emulator.waitForReplies(group.id, 1);
    const plain = h.emulator.textOf(reply);
    expect(plain).toContain('Meera <b>Iyer</b> owes Asha: ₹100.00');
    expect(plain).toContain('Kabir owes Asha: ₹100.00');
    expect(plain).toContain('snacks');
    expect(h.emulator.htmlOf(reply)).toContain('&lt;b&gt;Iyer&lt;/b&gt;');
  });

  it('splits among every known member when nobody is named', async () => {
    const reply = await say(ravi, '/paid 1000 groceries');
    expect(reply).toMatch(/among 4/);
    expect(reply).toContain('Asha owes Ravi: ₹250.00');
    expect(reply).toContain('Kabir owes Ravi: ₹250.00');
  });

  it('shows the sender their own balance and a settle-up plan that settles everyone', async () => {
    const mine = await say(kabir, '/balance');
    expect(mine).toContain('You owe Asha: ₹100.00');
    expect(mine).toContain('You owe Ravi: ₹250.00');
    const plan = await say(asha, '/settleup');
    expect(plan).toMatch(/Settle up in \d payments?/);
  });

  it('records a settlement of the whole debt, and an overpayment that flips the pair', async () => {
    const whole = await say(meera, '/settle @asha_k');
    expect(whole).toContain('Meera <b>Iyer</b> paid Asha ₹100.00');
    expect(whole).toMatch(/even/);
    const over = await say(meera, '/settle @asha_k 50');
    expect(over).toContain('Asha now owes Meera <b>Iyer</b>: ₹50.00');
    const refused = await say(meera, '/settle @meera_i 10');
    expect(refused).toMatch(/yourself/);
  });

  it('lists expenses and undoes one after the confirmation button', async () => {
    const list = await say(asha, '/expenses');
    expect(list).toMatch(/groceries/);
    h.emulator.sendText(asha, group, '/undo');
    const [question] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(question)).toMatch(/Undo expense #\d+: ₹300\.00 snacks\?/);
    const id = /#(\d+)/.exec(h.emulator.textOf(question))?.[1];
    // Someone else pressing the button is refused: only the payer or an admin may undo.
    h.emulator.pressButton(kabir, question, `undo:${id}`);
    await h.emulator.waitFor((m) => m.message_id === question.message_id, 2000).catch(() => undefined);
    expect(await h.db.prisma.expense.count({ where: { deletedAt: { not: null } } })).toBe(0);
    h.emulator.pressButton(asha, question, `undo:${id}`);
    await h.emulator.waitFor(
      (m) => m.message_id === question.message_id && /Undone/.test(h.emulator.textOf(m)),
    );
    expect(await h.db.prisma.expense.count({ where: { deletedAt: { not: null } } })).toBe(1);
    const balances = await say(ravi, '/balances');
    expect(balances).not.toMatch(/Kabir owes Asha/);
  });

  it('records one expense when Telegram delivers the same update twice', async () => {
    const before = await h.db.prisma.expense.count();
    const update = h.emulator.sendText(ravi, group, '/paid 90 equal @ravi_m @asha_k @meera_i chai');
    await h.emulator.waitForReplies(group.id, 1);
    h.emulator.redeliver(update);
    // A fresh command afterwards proves the redelivery was processed (chat order is kept).
    await say(ravi, '/balance');
    expect(await h.db.prisma.expense.count()).toBe(before + 1);
  });
});
