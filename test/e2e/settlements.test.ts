// Settlements both ways, their undoing and disputes, buttons that belong to the person asked, and
// /expenses telling the whole story: as members meet them, over HTTP through the Bot API emulator.
// Each test builds its own group. The first four hold what members once met going wrong: no way to
// record being paid, /undo offering an older expense, anyone answering someone else's question, and
// no way to dispute a payment that never came.
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { newFlat as flatFor, replyTo } from '../support/flat.js';

describe('settlements both ways', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Sends a command and waits for the bot's next message to that chat that matches. */
  const newFlat = () => flatFor(h, { usernames: true });

  function ask(from: User, chat: Chat, text: string, expected: RegExp): Promise<Message> {
    return replyTo(h, from, chat, text, expected);
  }

  async function say(from: User, chat: Chat, text: string, expected: RegExp): Promise<string> {
    return h.emulator.textOf(await ask(from, chat, text, expected));
  }

  /** Presses a button someone else was offered; resolves with the alert they get. */
  async function pressAsStranger(who: User, message: Message, data: string) {
    const press = h.emulator.pressButton(who, message, data);
    return h.emulator.waitForCall(
      'answerCallbackQuery',
      (call) => call.params.callback_query_id === press.callback_query?.id,
    );
  }

  function buttonData(message: Message, label: string): string {
    const current = h.emulator
      .sent({ chatId: message.chat.id })
      .find((m) => m.message_id === message.message_id);
    const button = current?.reply_markup?.inline_keyboard.flat().find((b) => b.text === label);
    if (!button || !('callback_data' in button) || !button.callback_data) {
      throw new Error(`no button "${label}" on message ${message.message_id}`);
    }
    return button.callback_data;
  }

  function textNow(message: Message): string {
    const current = h.emulator
      .sent({ chatId: message.chat.id })
      .find((m) => m.message_id === message.message_id);
    return current ? h.emulator.textOf(current) : '';
  }

  /** Waits until the bot has edited this message to match. */
  async function edited(message: Message, expected: RegExp): Promise<void> {
    await vi.waitFor(() => expect(textNow(message)).toMatch(expected), { timeout: 10_000, interval: 20 });
  }

  async function settlements(group: Chat, where: { undone?: boolean } = {}) {
    return h.db.prisma.settlement.findMany({
      where: {
        group: { chatId: BigInt(group.id) },
        ...(where.undone === undefined ? {} : { deletedAt: where.undone ? { not: null } : null }),
      },
    });
  }

  it('answers /received: records that the other person paid me, at once, and says where we stand', async () => {
    const { group, asha, ravi } = await newFlat();
    await say(asha, group, '/paid 1000 equal @asha_k @ravi_m groceries', /Recorded/);
    const reply = await ask(asha, group, '/received @ravi_m 300 cash at the door', /Ravi paid Asha/);
    const text = h.emulator.textOf(reply);
    expect(text).toMatch(/Recorded P\d+: Ravi paid Asha ₹300\.00 \(cash at the door\)\./);
    expect(text).toContain('Ravi now owes you ₹200.00.');
    expect(text).toMatch(/Ravi: if this did not happen, press Not paid/);
    const [row] = await settlements(group);
    expect(row).toMatchObject({ note: 'cash at the door', deletedAt: null });
    expect(await say(ravi, group, '/balance', /owe/)).toContain('You owe Asha: ₹200.00');
    // Without an amount it is the whole debt; nothing owed and no amount is refused in my words.
    expect(await say(asha, group, '/received @ravi_m', /Ravi paid Asha/)).toContain(
      'You and Ravi are now even.',
    );
    expect(await say(asha, group, '/received @ravi_m', /doesn't owe you/)).toContain('/received @ravi_m 500');
  });

  it('undoes a settlement: /undo right after /settle offers that payment, not an older expense', async () => {
    const { group, asha, meera } = await newFlat();
    await say(asha, group, '/paid 200 equal @asha_k @meera_i tea', /Recorded/);
    await say(meera, group, '/paid 60 equal @asha_k @meera_i biscuits', /Recorded/);
    // A typo: 90000 instead of 90. Never refused for being more than the debt; the reply shows it.
    const typo = await say(meera, group, '/settle @asha_k 90000', /Meera paid Asha/);
    expect(typo).toContain('Meera paid Asha ₹90,000.00');
    expect(typo).toContain('Asha now owes you ₹89,930.00.');
    const question = await ask(meera, group, '/undo', /^Undo /);
    expect(h.emulator.textOf(question)).toMatch(/^Undo payment P\d+: Meera paid Asha ₹90,000\.00\?$/);
    h.emulator.pressButton(meera, question, buttonData(question, 'Yes, undo it'));
    await edited(question, /Undone/);
    expect(textNow(question)).toContain('Meera now owes Asha ₹70.00.');
    expect(await settlements(group, { undone: true })).toHaveLength(1);
    expect(await say(meera, group, '/balance', /owe/)).toContain('You owe Asha: ₹70.00');
    // The passbook keeps both lines: the payment and its reversal.
    const kinds = await h.db.prisma.passbookEntry.findMany({
      where: { group: { chatId: BigInt(group.id) }, settlementId: { not: null } },
      select: { kind: true },
    });
    expect(kinds.map((k) => k.kind).sort()).toEqual([
      'SETTLEMENT',
      'SETTLEMENT',
      'SETTLEMENT_UNDONE',
      'SETTLEMENT_UNDONE',
    ]);
    // The next /undo offers the expense before it, clearly labelled as an expense.
    expect(await say(meera, group, '/undo', /^Undo /)).toMatch(/^Undo expense #\d+: ₹60\.00 biscuits\?$/);
  });

  it('lets only the person asked answer an undo question: anyone else gets an alert and nothing changes', async () => {
    const { group, asha, ravi } = await newFlat();
    await say(asha, group, '/paid 300 equal @asha_k @ravi_m snacks', /Recorded/);
    const question = await ask(asha, group, '/undo', /^Undo expense/);
    for (const label of ['Keep it', 'Yes, undo it']) {
      const alert = await pressAsStranger(ravi, question, buttonData(question, label));
      expect(alert.params).toMatchObject({ show_alert: true });
      expect(alert.params.text).toMatch(/^This button is for Asha; only they can press it/);
    }
    expect(textNow(question)).toMatch(/^Undo expense #\d+: ₹300\.00 snacks\?$/);
    expect(
      await h.db.prisma.expense.count({ where: { description: 'snacks', deletedAt: { not: null } } }),
    ).toBe(0);
    h.emulator.pressButton(asha, question, buttonData(question, 'Keep it'));
    await edited(question, /^Kept/);
  });

  it('gives the other party a "Not received" button only they can press; it reverts the payment, keeps it, tells both', async () => {
    const { group, asha, ravi, kabir } = await newFlat();
    await say(asha, group, '/paid 400 equal @asha_k @ravi_m rent', /Recorded/);
    const confirmation = await ask(ravi, group, '/settle @asha_k 200 rent share', /Ravi paid Asha/);
    expect(h.emulator.textOf(confirmation)).toContain('You and Asha are now even.');
    const data = buttonData(confirmation, 'Not received');
    // Ravi recorded it, so the button is Asha's, not his, and not a bystander's.
    for (const stranger of [ravi, kabir]) {
      const alert = await pressAsStranger(stranger, confirmation, data);
      expect(alert.params.text).toMatch(/^This button is for Asha/);
    }
    expect(await settlements(group, { undone: true })).toHaveLength(0);

    const told = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /says they did not receive it/.test(h.emulator.textOf(m)),
    );
    h.emulator.pressButton(asha, confirmation, data);
    const notice = h.emulator.textOf(await told);
    expect(notice).toMatch(
      /^↩️ Ravi, Asha: Asha says they did not receive it, so payment P\d+ \(₹200\.00\) is undone/,
    );
    expect(notice).toContain('Ravi now owes Asha ₹200.00.');
    // Both are named with a mention (so both are notified), and the button is gone.
    const html = h.emulator.htmlOf(await told);
    expect(html).toContain(`tg://user?id=${asha.id}`);
    expect(html).toContain(`tg://user?id=${ravi.id}`);
    await edited(confirmation, /Undone: Asha did not receive it\./);
    const [undone] = await settlements(group, { undone: true });
    expect(undone?.deletedById).not.toBeNull();
    // Kept in history: hidden from /expenses, shown by /expenses all.
    expect(await say(ravi, group, '/expenses', /Expenses/)).not.toMatch(/P\d+/);
    expect(await say(ravi, group, '/expenses all', /Expenses/)).toMatch(
      /💸 P\d+ \S+ ₹200\.00 payment: Ravi paid Asha \(rent share\) undone/,
    );
  });

  it('lets the sender, the receiver or a group admin undo a payment, and nobody else', async () => {
    const { group, asha, ravi, meera, kabir } = await newFlat();
    const paid = await say(ravi, group, '/settle @meera_i 150', /Ravi paid Meera/);
    const id = /P(\d+)/.exec(paid)?.[1];
    expect(await say(kabir, group, `/undo P${id}`, /undo it/)).toBe(
      `Only the two people in payment P${id} or a group admin can undo it.`,
    );
    // Meera received it; she may undo it.
    expect(await say(meera, group, `/undo P${id}`, /^Undo payment/)).toMatch(/Ravi paid Meera ₹150\.00/);
    // Asha is an admin: she may undo a payment she has no part in.
    const question = await ask(asha, group, `/undo p${id}`, /^Undo payment/);
    h.emulator.pressButton(asha, question, buttonData(question, 'Yes, undo it'));
    await edited(question, /Undone/);
    expect(textNow(question)).toContain('Ravi and Meera are now even.');
    expect(await say(ravi, group, `/undo P${id}`, /already/)).toBe(`Payment P${id} was already undone.`);
  });

  it('shows the whole story: payments marked among expenses, undone ones only with "all", one expense in full', async () => {
    const { group, asha, ravi, meera } = await newFlat();
    const first = await say(
      asha,
      group,
      '/paid 1200 percent @asha_k 40 @ravi_m 35 @meera_i 25 dinner out',
      /Recorded/,
    );
    const dinner = /#(\d+)/.exec(first)?.[1];
    await say(ravi, group, '/paid 90 equal @ravi_m @meera_i chai', /Recorded/);
    const chai = await ask(ravi, group, '/undo', /^Undo expense/);
    h.emulator.pressButton(ravi, chai, buttonData(chai, 'Yes, undo it'));
    await edited(chai, /Undone/);
    await say(meera, group, '/settle @asha_k 300 gpay', /Meera paid Asha/);

    const list = await say(meera, group, '/expenses', /Expenses/);
    const lines = list.split('\n');
    expect(lines[1]).toMatch(/^💸 P\d+ \S+ ₹300\.00 payment: Meera paid Asha \(gpay\)$/);
    expect(lines[2]).toMatch(
      new RegExp(`^#${dinner} \\S+ ₹1,200\\.00 dinner out, paid by Asha \\(percent, 3 people\\)$`),
    );
    expect(list).not.toContain('chai');
    expect(list).toContain('1 undone entry hidden: /expenses all shows them.');
    const all = await say(meera, group, '/expenses all', /Expenses/);
    expect(all).toMatch(/#\d+ \S+ ₹90\.00 chai, paid by Ravi \(equal, 2 people\) undone/);

    const detail = await say(ravi, group, `/expense ${dinner}`, /Paid by/);
    expect(detail.split('\n')).toEqual([
      `#${dinner} ₹1,200.00 dinner out`,
      'Paid by Asha, split by percentage among 3:',
      '  Asha: ₹480.00 (40%)',
      '  Ravi: ₹420.00 (35%)',
      '  Meera: ₹300.00 (25%)',
      `Category: 🍽 Eating out (guessed; /category ${dinner} <category> changes it).`,
      expect.stringMatching(/^Recorded by Asha on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/),
    ]);
    const undone = await say(ravi, group, '/expense 999999', /no expense/);
    expect(undone).toContain('There is no expense #999999 in this group');
  });
});
