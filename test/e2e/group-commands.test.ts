// Group commands as members meet them, over HTTP through the Bot API emulator. One bot and
// database for the file (for speed), but every test builds its own group with its own members,
// so no test depends on what another recorded or on the order they run in.
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP_TOPICS } from '../../src/bot/help-topics.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { idOfNumber } from '../support/flat.js';

interface Flat {
  group: Chat;
  asha: User;
  ravi: User;
  meera: User;
  /** No username: reachable only by text mention. Joined the group but never wrote to the bot. */
  kabir: User;
}

describe('group commands', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function say(from: User, chat: Chat, text: string): Promise<string> {
    h.emulator.sendText(from, chat, text);
    const [reply] = await h.emulator.waitForReplies(chat.id, 1);
    return h.emulator.textOf(reply);
  }

  /**
   * A new group (its own chat id and members) where Asha (the admin), Ravi and Meera have sent
   * /start, and Kabir has joined. Usernames are the same in every group: the latest /start holds
   * each, which is this group's member.
   */
  async function newFlat(): Promise<Flat> {
    const asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    const ravi = h.emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
    const meera = h.emulator.createUser({ firstName: 'Meera', lastName: '<b>Iyer</b>', username: 'meera_i' });
    const kabir = h.emulator.createUser({ firstName: 'Kabir' });
    const group = h.emulator.createGroup({
      title: 'Flat & friends',
      members: [asha, ravi, meera],
      admins: [asha],
    });
    h.emulator.addMember(group, kabir);
    // Updates of one chat are handled in order, so the replies to /start also mean the join is known.
    for (const user of [asha, ravi, meera]) expect(await say(user, group, '/start')).toMatch(/Hello/);
    return { group, asha, ravi, meera, kabir };
  }

  function expensesIn(group: Chat, where: { deleted?: boolean } = {}): Promise<number> {
    return h.db.prisma.expense.count({
      where: {
        group: { chatId: BigInt(group.id) },
        ...(where.deleted === undefined ? {} : { deletedAt: where.deleted ? { not: null } : null }),
      },
    });
  }

  it('refuses an unknown @username, naming it and saying how to fix it, and records nothing', async () => {
    const { group, asha } = await newFlat();
    const reply = await say(asha, group, '/paid 300 equal @asha_k @nobody_here tea');
    expect(reply).toMatch(/@nobody_here/);
    expect(reply).toMatch(/\/start/);
    expect(await expensesIn(group)).toBe(0);
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
    const { group, ravi } = await newFlat();
    const reply = await say(ravi, group, command);
    expect(reply).toMatch(reason);
    expect(reply).not.toMatch(/undefined|NaN|Error:|at .*\.ts|\[object/);
    expect(await expensesIn(group)).toBe(0);
  });

  it('accepts @usernames, text mentions and me, and escapes names in the reply', async () => {
    const { group, asha, kabir } = await newFlat();
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
    expect(await expensesIn(group)).toBe(1);
  });

  it('splits among every known member when nobody is named', async () => {
    const { group, ravi } = await newFlat();
    const reply = await say(ravi, group, '/paid 1000 groceries');
    expect(reply).toMatch(/among all 4: /);
    expect(reply).toContain('Asha owes Ravi: ₹250.00');
    expect(reply).toContain('Kabir owes Ravi: ₹250.00');
  });

  it('shows the sender their own balance and a settle-up plan that settles everyone', async () => {
    const { group, asha, ravi, kabir } = await newFlat();
    expect(await say(asha, group, '/paid 400 rent deposit')).toMatch(/among all 4: /);
    expect(await say(ravi, group, '/paid 1000 groceries')).toMatch(/among all 4: /);
    const mine = await say(kabir, group, '/balance');
    expect(mine).toContain('You owe Asha: ₹100.00');
    expect(mine).toContain('You owe Ravi: ₹250.00');
    const plan = await say(asha, group, '/settleup');
    expect(plan).toMatch(/Settle up in \d payments?/);
  });

  it('records a settlement of the whole debt, and an overpayment that flips the pair', async () => {
    const { group, asha, meera } = await newFlat();
    expect(await say(asha, group, '/paid 200 equal @asha_k @meera_i tea')).toContain(
      'Meera <b>Iyer</b> owes Asha: ₹100.00',
    );
    const whole = await say(meera, group, '/settle @asha_k');
    expect(whole).toContain('Meera <b>Iyer</b> paid Asha ₹100.00');
    expect(whole).toMatch(/even/);
    const over = await say(meera, group, '/settle @asha_k 50');
    expect(over).toContain('Asha now owes you ₹50.00.');
    const refused = await say(meera, group, '/settle @meera_i 10');
    expect(refused).toMatch(/yourself/);
  });

  it('lists expenses and undoes one after the confirmation button, refusing anyone else', async () => {
    const { group, asha, ravi, kabir } = await newFlat();
    expect(await say(ravi, group, '/paid 1000 groceries')).toMatch(/Recorded/);
    expect(await say(asha, group, '/paid 300 equal @asha_k @ravi_m @meera_i snacks')).toMatch(/Recorded/);
    const list = await say(asha, group, '/expenses');
    expect(list).toMatch(/groceries/);
    expect(list).toMatch(/snacks/);
    h.emulator.sendText(asha, group, '/undo');
    const [question] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(question)).toMatch(/Undo expense #\d+: ₹300\.00 snacks\?/);
    const id = await idOfNumber(h, group, Number(/#(\d+)/.exec(h.emulator.textOf(question))?.[1]));

    // Someone else pressing the button is refused: the question is Asha's. The refusal is the
    // answer to that press (an alert), and the question is left as it was.
    const press = h.emulator.pressButton(kabir, question, `undo:e:${id}:${asha.id}`);
    const refusal = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (call) => call.params.callback_query_id === press.callback_query?.id,
    );
    expect(refusal.params.text).toBe('This button is for Asha; only they can press it. Nothing was changed.');
    expect(refusal.params.show_alert).toBe(true);
    const asked = h.emulator.sent({ chatId: group.id }).filter((m) => m.message_id === question.message_id);
    expect(asked.map((m) => h.emulator.textOf(m))).toEqual([expect.stringMatching(/^Undo expense #/)]);
    expect(await expensesIn(group, { deleted: true })).toBe(0);

    h.emulator.pressButton(asha, question, `undo:e:${id}:${asha.id}`);
    await h.emulator.waitFor(
      (m) => m.message_id === question.message_id && /Undone/.test(h.emulator.textOf(m)),
    );
    expect(await expensesIn(group, { deleted: true })).toBe(1);
    const balances = await say(ravi, group, '/balances');
    expect(balances).toContain('Asha owes Ravi: ₹250.00');
    expect(balances).not.toMatch(/Meera <b>Iyer<\/b> owes Asha/);
  });

  it('numbers expenses and payments within each group, and says what an old number is now', async () => {
    // A busy bot: the global ids are far beyond this group's numbers.
    await h.db.prisma.$executeRawUnsafe(
      `SELECT setval('"Expense_id_seq"', (SELECT COALESCE(max(id), 0) FROM "Expense") + 5000)`,
    );
    const { group, asha } = await newFlat();
    expect(await say(asha, group, '/paid 300 equal @asha_k @ravi_m tea')).toMatch(/^✅ Recorded #1: /);
    expect(await say(asha, group, '/paid 200 equal @asha_k @ravi_m milk')).toMatch(/^✅ Recorded #2: /);
    expect(await say(asha, group, '/settle @ravi_m 50')).toMatch(/^✅ Recorded P1: /);
    const tea = await idOfNumber(h, group, 1);
    // The number the bot showed before numbers counted per group still finds tea, and says so.
    const detail = await say(asha, group, `/expense ${tea}`);
    expect(detail.split('\n').slice(0, 2)).toEqual([
      `ℹ️ #${tea} is now #1: numbers count within each group.`,
      expect.stringMatching(/^#1 ₹300\.00 tea$/),
    ]);
    expect(await say(asha, group, `/undo ${tea}`)).toMatch(
      new RegExp(`#${tea} is now #1[^]*Undo expense #1: ₹300.00 tea?`),
    );
    expect(await say(asha, group, '/expense 2')).toMatch(/^#2 ₹200\.00 milk/);
    // In another group that id is nobody's.
    const other = await newFlat();
    expect(await say(other.asha, other.group, `/expense ${tea}`)).toBe(
      `There is no expense #${tea} in this group; /expenses lists them with their numbers.`,
    );
  });

  it('answers /help in one screen with topic buttons, and /help paid (or its button) with that topic', async () => {
    const { group, asha, ravi } = await newFlat();
    h.emulator.sendText(asha, group, '/help');
    const [screen] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(screen).split('\n').length).toBeLessThanOrEqual(6);
    const data = (screen.reply_markup?.inline_keyboard.flat() ?? []).map((b) =>
      'callback_data' in b ? b.callback_data : '',
    );
    expect(data).toEqual(HELP_TOPICS.map((t) => `help:${t.key}`));
    const paid = await say(asha, group, '/help paid');
    expect(paid).toMatch(/^Recording what someone paid\n/);
    expect(paid).toContain('/paid 1250 exact @asha 370 @ravi 880 sale');
    // Anyone may press a topic: the message becomes that topic, as /help settle says it.
    const settle = await say(asha, group, '/help settle');
    h.emulator.pressButton(ravi, screen, 'help:settle');
    await h.emulator.waitFor((m) => m.message_id === screen.message_id && h.emulator.textOf(m) === settle);
    expect(await say(asha, group, '/help weather')).toBe(
      'There is no help topic "weather"; the topics are paid, split, bill, settle, history, recurring, currency, import, like /help paid.',
    );
  });

  it('records one expense when Telegram delivers the same update twice', async () => {
    const { group, ravi } = await newFlat();
    const update = h.emulator.sendText(ravi, group, '/paid 90 equal @ravi_m @asha_k @meera_i chai');
    await h.emulator.waitForReplies(group.id, 1);
    h.emulator.redeliver(update);
    // A fresh command afterwards proves the redelivery was processed (chat order is kept).
    await say(ravi, group, '/balance');
    expect(await expensesIn(group)).toBe(1);
  });
});
