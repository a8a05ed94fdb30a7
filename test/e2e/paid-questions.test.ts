// Issue 23: recorded as meant, or asked. A /paid that names members in words the split would not
// use, or reads two ways, or looks like a duplicate, is asked about with buttons only its sender can
// press; the question is in the database (it survives a restart) and records nothing until pressed,
// and expires like the guided /paid. Replies to a confirmation act on that expense.
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, newFlat as flatFor, replyTo } from '../support/flat.js';

describe('questions about a /paid', () => {
  let h: TestBot;
  let offsetMs = 0;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' }, clock: () => new Date(Date.now() + offsetMs) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const newFlat = () => flatFor(h, { usernames: false });
  const expenses = (group: Chat) => expensesIn(h, group);
  const ask = (from: User, chat: Chat, text: string, expected: RegExp) =>
    replyTo(h, from, chat, text, expected);

  function current(message: Message): Message {
    const now = h.emulator.sent({ chatId: message.chat.id }).find((m) => m.message_id === message.message_id);
    if (!now) throw new Error(`no message ${message.message_id}`);
    return now;
  }

  function buttonData(message: Message, label: RegExp): string {
    const button = current(message)
      .reply_markup?.inline_keyboard.flat()
      .find((b) => label.test(b.text));
    if (!button || !('callback_data' in button) || !button.callback_data) {
      throw new Error(`no button ${label} on: ${h.emulator.textOf(current(message))}`);
    }
    return button.callback_data;
  }

  async function press(who: User, message: Message, label: RegExp, expected: RegExp): Promise<Message> {
    const data = buttonData(message, label);
    const reply = h.emulator.waitFor(
      (m) => m.chat.id === message.chat.id && expected.test(h.emulator.textOf(m)),
    );
    h.emulator.pressButton(who, current(message), data);
    return reply;
  }

  function sharers(expense: Awaited<ReturnType<typeof expenses>>[number]): string[] {
    return expense.shares.map((s) => s.user.firstName).sort();
  }

  it('asks before splitting among everyone when members are named in words, and Yes records them', async () => {
    const { group, asha } = await newFlat();
    const question = await ask(asha, group, '/paid 1200 dinner ravi meera', /Split ₹1,200\.00/);
    const text = h.emulator.textOf(question);
    expect(text).toContain('among Asha, Ravi and Meera Iyer, paid by Asha?');
    expect(await expenses(group)).toHaveLength(0);
    const confirmed = await press(asha, question, /^Yes$/, /Recorded/);
    expect(h.emulator.textOf(confirmed)).toMatch(
      /paid by Asha for dinner, split equally among 3: Asha, Ravi, Meera Iyer/,
    );
    const [expense] = await expenses(group);
    expect(sharers(expense as NonNullable<typeof expense>)).toEqual(['Asha', 'Meera', 'Ravi']);
    expect(expense?.description).toBe('dinner');
  });

  it('records among everyone when Everyone is pressed, and nothing when Cancel is', async () => {
    const { group, asha } = await newFlat();
    const first = await ask(asha, group, '/paid 800 chai kabir', /Split ₹800\.00/);
    await press(asha, first, /^Everyone$/, /Recorded/);
    const [expense] = await expenses(group);
    expect(sharers(expense as NonNullable<typeof expense>)).toEqual(['Asha', 'Kabir', 'Meera', 'Ravi']);
    const second = await ask(asha, group, '/paid 900 momos ravi', /Split ₹900\.00/);
    await press(asha, second, /^Cancel$/, /Cancelled; nothing was recorded/);
    expect(await expenses(group)).toHaveLength(1);
  });

  it("refuses a stranger's press, keeps the question across a restart, and lets it expire", async () => {
    const { group, asha, ravi } = await newFlat();
    const question = await ask(asha, group, '/paid 1 500 cook salary', /reads two ways/);
    expect(h.emulator.textOf(question)).toContain('₹1,500.00 for cook salary');
    expect(h.emulator.textOf(question)).toContain('₹1.00 for 500 cook salary');
    const update = h.emulator.pressButton(ravi, current(question), buttonData(question, /1,500/));
    const call = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (c) => c.params.callback_query_id === update.callback_query?.id,
      30_000,
    );
    expect(String(call.params.text)).toMatch(/only they can press it/);
    expect(await expenses(group)).toHaveLength(0);
    await h.restart();
    await press(asha, question, /1,500/, /Recorded/);
    const [expense] = await expenses(group);
    expect(expense?.amount.toString()).toBe('1500');
    expect(expense?.description).toBe('cook salary');

    const late = await ask(asha, group, '/paid 500 bucks pizza', /reads two ways/);
    offsetMs += 11 * 60_000;
    await press(asha, late, /USD/, /expired after 10 minutes/);
    expect(await expenses(group)).toHaveLength(1);
  });

  it('asks before recording the same payer, amount and description twice within a day', async () => {
    const { group, asha } = await newFlat();
    await ask(asha, group, '/paid 2340 bijli bill', /Recorded/);
    const again = await ask(asha, group, '/paid 2340 Bijli bill', /Looks like #\d+ from/);
    expect(await expenses(group)).toHaveLength(1);
    await press(asha, again, /^Record$/, /Recorded/);
    expect(await expenses(group)).toHaveLength(2);
  });

  it('reads everyday phrasing as meant: with, except, by a first name, currency words', async () => {
    const { group, asha } = await newFlat();
    await ask(asha, group, '/paid 1200 dinner with ravi and meera', /Recorded/);
    await ask(asha, group, '/paid 900 groceries everyone except kabir', /Recorded/);
    await ask(asha, group, '/rate NPR 0.625', /NPR/);
    await ask(asha, group, '/paid 1500 by Kabir paragliding', /Recorded/);
    await ask(asha, group, '/paid 2000 nrs momos', /Recorded/);
    const [dinner, groceries, paragliding, momos] = await expenses(group);
    expect(sharers(dinner as NonNullable<typeof dinner>)).toEqual(['Asha', 'Meera', 'Ravi']);
    expect(sharers(groceries as NonNullable<typeof groceries>)).toEqual(['Asha', 'Meera', 'Ravi']);
    expect(paragliding?.payer.firstName).toBe('Kabir');
    expect(paragliding?.description).toBe('paragliding');
    expect(momos?.originalCurrency).toBe('NPR');
    expect(momos?.amount.toString()).toBe('1250');
  });

  it('refuses an adjustment with nobody after it in one sentence, recording nothing', async () => {
    const { group, asha } = await newFlat();
    await ask(
      asha,
      group,
      '/paid 900 exact @asha 450 @kabir 450 +150 dinner',
      /only in an equal split, written right before that person/,
    );
    expect(await expenses(group)).toHaveLength(0);
  });

  it('undoes the expense whose confirmation /undo replies to, not the latest', async () => {
    const { group, asha } = await newFlat();
    const first = await ask(asha, group, '/paid 300 chai', /Recorded #(\d+)/);
    await ask(asha, group, '/paid 400 samosa', /Recorded/);
    const id = /Recorded #(\d+)/.exec(h.emulator.textOf(first))?.[1];
    const asked = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /Undo expense/.test(h.emulator.textOf(m)),
    );
    h.emulator.sendText(asha, group, '/undo', { replyTo: first });
    expect(h.emulator.textOf(await asked)).toContain(`Undo expense #${id}: ₹300.00 chai?`);
    const category = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /is now in/.test(h.emulator.textOf(m)),
    );
    h.emulator.sendText(asha, group, '/category groceries', { replyTo: first });
    expect(h.emulator.textOf(await category)).toContain(`#${id}`);
  });
});
