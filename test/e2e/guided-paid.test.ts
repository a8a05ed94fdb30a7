// The guided /paid: a bare /paid (or /paid 500) in a group is a short guided flow with buttons,
// owned by its sender. The app's clock is the test's, so abandonment is tested by moving it, not by
// sleeping. Replies are awaited by what they say (the emulator may merge answers while throttled).
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, newFlat as flatFor, replyTo } from '../support/flat.js';

describe('guided /paid', () => {
  let h: TestBot;
  let offsetMs = 0;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' }, clock: () => new Date(Date.now() + offsetMs) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Sends a message and resolves with the first message sent or edited in that chat that matches. */
  const expenses = (group: Chat) => expensesIn(h, group);

  const newFlat = () => flatFor(h, { usernames: false });

  function ask(from: User, chat: Chat, text: string, expected: RegExp): Promise<Message> {
    return replyTo(h, from, chat, text, expected);
  }

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
      throw new Error(
        `no button ${label} on message ${message.message_id}: ${h.emulator.textOf(current(message))}`,
      );
    }
    return button.callback_data;
  }

  /** Presses a button and waits until that message (or a new one in the chat) matches `expected`. */
  async function press(who: User, message: Message, label: RegExp, expected: RegExp): Promise<Message> {
    const data = buttonData(message, label);
    const reply = h.emulator.waitFor(
      (m) => m.chat.id === message.chat.id && expected.test(h.emulator.textOf(m)),
    );
    h.emulator.pressButton(who, current(message), data);
    return reply;
  }

  /** Presses as someone else; resolves with the alert they are shown. */
  async function pressAsStranger(who: User, message: Message, label: RegExp): Promise<string> {
    const update = h.emulator.pressButton(who, current(message), buttonData(message, label));
    const call = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (c) => c.params.callback_query_id === update.callback_query?.id,
      30_000,
    );
    return String(call.params.text ?? '');
  }

  function sharesOf(expense: Awaited<ReturnType<typeof expenses>>[number]): Record<string, string> {
    return Object.fromEntries(expense.shares.map((s) => [s.user.firstName, s.share.toFixed(2)]));
  }

  it('walks a bare /paid through amount, people, split and description, and records it', async () => {
    const { group, asha, ravi, meera } = await newFlat();
    await ask(asha, group, '/paid', /How much did you pay/);
    const people = await ask(asha, group, '1.5k', /Who shares it/);
    expect(h.emulator.textOf(people)).toContain('₹1,500.00 (1.5k)');
    // The payer is ticked already; the others are not.
    expect(buttonData(people, /✅ Asha/)).toMatch(/^gp:t:/);
    await press(asha, people, /Ravi/, /Who shares it/);
    expect(JSON.stringify(current(people).reply_markup)).toContain('✅ Ravi');
    await press(asha, people, /▫️ Meera/, /Who shares it/);
    await press(asha, people, /Next/, /How is it split/);
    await press(asha, people, /Equally/, /What was it for/);
    const confirm = await ask(asha, group, 'groceries', /Record it\?/);
    expect(h.emulator.textOf(confirm)).toMatch(/split equally among 3: Asha, Ravi, Meera Iyer/);
    await press(asha, confirm, /Record/, /Recorded/);
    const [expense] = await expenses(group);
    expect(expense?.amount.toFixed(2)).toBe('1500.00');
    expect(expense?.description).toBe('groceries');
    expect(expense?.splitType).toBe('EQUAL');
    expect(sharesOf(expense as NonNullable<typeof expense>)).toEqual({
      Asha: '500.00',
      Ravi: '500.00',
      Meera: '500.00',
    });
    expect(h.emulator.textOf(current(confirm))).toMatch(/Ravi owes Asha: ₹500\.00/);
    void ravi;
    void meera;
  });

  it('takes exact amounts after /paid 500 and skips the description', async () => {
    const { group, asha, kabir } = await newFlat();
    const people = await ask(asha, group, '/paid 500', /Who shares it/);
    await press(asha, people, /Kabir/, /Who shares it/);
    await press(asha, people, /Next/, /How is it split/);
    await press(asha, people, /Exact/, /the amounts for Asha, Kabir/);
    expect(h.emulator.textOf(await ask(asha, group, '100 300', /Reply again/))).toMatch(/500/);
    const description = await ask(asha, group, '200 300', /What was it for/);
    const confirm = await press(asha, description, /Skip/, /Record it\?/);
    expect(h.emulator.textOf(confirm)).toMatch(/Asha ₹200\.00, Kabir ₹300\.00/);
    await press(asha, confirm, /Record/, /Recorded/);
    const [expense] = await expenses(group);
    expect(expense?.splitType).toBe('EXACT');
    expect(sharesOf(expense as NonNullable<typeof expense>)).toEqual({ Asha: '200.00', Kabir: '300.00' });
    void kabir;
  });

  it("refuses someone else's press with an alert and changes nothing", async () => {
    const { group, asha, ravi } = await newFlat();
    const people = await ask(asha, group, '/paid 300', /Who shares it/);
    const alert = await pressAsStranger(ravi, people, /Ravi/);
    expect(alert).toMatch(/only they can press it/);
    expect(JSON.stringify(current(people).reply_markup)).toContain('▫️ Ravi');
    const cancelled = await pressAsStranger(ravi, people, /Cancel/);
    expect(cancelled).toMatch(/only they can press it/);
    // Asha's flow is still there and still hers.
    await press(asha, people, /Ravi/, /Who shares it/);
    await press(asha, people, /Next/, /How is it split/);
    // Ravi chatting meanwhile is not taken as Asha's answer, and his own /paid is his own flow.
    await ask(ravi, group, '/paid', /New expense by Ravi/);
    await press(asha, people, /Equally/, /What was it for/);
    const confirm = await ask(asha, group, 'chai', /Record it\?/);
    expect(await pressAsStranger(ravi, confirm, /Record/)).toMatch(/only they can press it/);
    expect(await expenses(group)).toHaveLength(0);
    await press(asha, confirm, /Record/, /Recorded/);
    expect(await expenses(group)).toHaveLength(1);
  });

  it('records nothing when cancelled, by the button or by /cancel', async () => {
    const { group, asha, ravi } = await newFlat();
    const people = await ask(asha, group, '/paid 300', /Who shares it/);
    await press(asha, people, /Cancel/, /Cancelled; nothing was recorded/);
    await ask(ravi, group, '/paid', /New expense by Ravi/);
    await ask(ravi, group, '/cancel', /Ravi: your unfinished \/paid is cancelled/);
    // With nothing running, /cancel says so (and nothing about /profile).
    await ask(ravi, group, '/cancel', /^Nothing to cancel\.$/);
    // After /cancel, Ravi's numbers are ordinary chat.
    h.emulator.sendText(ravi, group, '450');
    await ask(ravi, group, '/balances', /.+/);
    expect(await expenses(group)).toHaveLength(0);
    expect(await h.db.prisma.paidDraft.count({ where: { chatId: BigInt(group.id) } })).toBe(0);
  });

  it('abandons a flow left for 10 minutes, with nothing recorded', async () => {
    const { group, asha } = await newFlat();
    const people = await ask(asha, group, '/paid 300', /Who shares it/);
    offsetMs += 11 * 60_000;
    // Watched from before the press: the edit may be delivered before the press is answered.
    const edited = h.emulator.waitFor(
      (m) => m.message_id === people.message_id && /abandoned/.test(h.emulator.textOf(m)),
      30_000,
    );
    const update = h.emulator.pressButton(asha, current(people), buttonData(people, /Next/));
    const call = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (c) => c.params.callback_query_id === update.callback_query?.id,
      30_000,
    );
    expect(String(call.params.text)).toMatch(/abandoned after 10 minutes/);
    await edited;
    // A later number is not an answer to it.
    h.emulator.sendText(asha, group, '300');
    await ask(asha, group, '/balances', /.+/);
    expect(await expenses(group)).toHaveLength(0);
  });

  it('keeps a flow across a restart', async () => {
    const { group, asha } = await newFlat();
    await ask(asha, group, '/paid', /How much did you pay/);
    const people = await ask(asha, group, '600', /Who shares it/);
    await press(asha, people, /Meera/, /Who shares it/);
    await h.restart();
    await press(asha, people, /Next/, /How is it split/);
    await press(asha, people, /Percent/, /the percentages for Asha, Meera/);
    await h.restart();
    const description = await ask(asha, group, '25 75', /What was it for/);
    void description;
    const confirm = await ask(asha, group, 'rent', /Record it\?/);
    await press(asha, confirm, /Record/, /Recorded/);
    const [expense] = await expenses(group);
    expect(expense?.splitType).toBe('PERCENT');
    expect(sharesOf(expense as NonNullable<typeof expense>)).toEqual({ Asha: '150.00', Meera: '450.00' });
  });
});
