// Categories as members meet them, over HTTP through the Bot API emulator: guessed when /paid
// records an expense and shown on the confirmation's button; changed with that button (by the payer,
// the recorder or an admin only) or /category; kept by a correction once chosen by hand, guessed
// again otherwise; shown by /expense.
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { idOfNumber, newFlat, replyTo } from '../support/flat.js';

describe('categories', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The message as it is now (after the bot's edits). */
  function current(message: Message): Message {
    const found = h.emulator
      .sent({ chatId: message.chat.id })
      .find((m) => m.message_id === message.message_id);
    if (!found) throw new Error(`no message ${message.message_id}`);
    return found;
  }

  function buttons(message: Message): { text: string; data: string }[] {
    return (current(message).reply_markup?.inline_keyboard.flat() ?? []).map((b) => ({
      text: b.text,
      data: 'callback_data' in b ? (b.callback_data ?? '') : '',
    }));
  }

  /** The expense's id (its buttons carry it) and its number in the group (what people read). */
  async function paid(
    from: User,
    group: Chat,
    line: string,
  ): Promise<{ id: number; number: number; confirmation: Message }> {
    const confirmation = await replyTo(h, from, group, line, /Recorded #\d+/);
    const number = Number(/#(\d+)/.exec(h.emulator.textOf(confirmation))?.[1]);
    return { id: await idOfNumber(h, group, number), number, confirmation };
  }

  async function press(from: User, message: Message, data: string): Promise<string> {
    const update = h.emulator.pressButton(from, message, data);
    const call = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (c) => c.params.callback_query_id === update.callback_query?.id,
    );
    return String(call.params.text ?? '');
  }

  async function stored(id: number) {
    return h.db.prisma.expense.findUniqueOrThrow({
      where: { id },
      select: { category: true, categoryByHand: true },
    });
  }

  it('guesses the category from the description and shows it on the confirmation button', async () => {
    const { group, asha } = await newFlat(h, { usernames: true });
    const { id, confirmation } = await paid(asha, group, '/paid 300 @ravi_m me sabzi aur doodh');
    expect(buttons(confirmation)).toEqual([{ text: '🛒 Groceries · change', data: `cat:${id}` }]);
    expect(await stored(id)).toEqual({ category: 'groceries', categoryByHand: false });
    const other = await paid(asha, group, '/paid 500 @ravi_m me kiraya');
    expect(await stored(other.id)).toEqual({ category: 'rent', categoryByHand: false });
  });

  it('lets the payer change it with the buttons, and tells anyone else in one sentence', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true });
    const { id, number, confirmation } = await paid(asha, group, '/paid 450 @ravi_m me misc stuff');
    expect(await stored(id)).toEqual({ category: 'other', categoryByHand: false });

    expect(await press(ravi, confirmation, `cat:${id}`)).toBe(
      `Only the person who paid expense #${number}, the one who recorded it, or a group admin can change its category.`,
    );
    expect(buttons(confirmation)).toHaveLength(1);

    expect(await press(asha, confirmation, `cat:${id}`)).toMatch(/What was/);
    await vi.waitFor(() => expect(buttons(confirmation).length).toBeGreaterThan(10), { timeout: 10_000 });
    expect(buttons(confirmation)).toContainEqual({ text: '✓ 📦 Other', data: `cat:${id}:other` });
    expect(buttons(confirmation)).toContainEqual({ text: '🧴 Household', data: `cat:${id}:household` });

    // Ravi cannot choose either, even from the open keyboard.
    expect(await press(ravi, confirmation, `cat:${id}:health`)).toMatch(/^Only the person who paid/);
    expect(await press(asha, confirmation, `cat:${id}:household`)).toBe(`#${number} is now in 🧴 Household.`);
    await vi.waitFor(
      () => expect(buttons(confirmation)).toEqual([{ text: '🧴 Household · change', data: `cat:${id}` }]),
      { timeout: 10_000 },
    );
    expect(await stored(id)).toEqual({ category: 'household', categoryByHand: true });
  });

  it('lets a group admin change it, and "Keep it" changes nothing', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true });
    const { id, confirmation } = await paid(ravi, group, '/paid 200 @asha_k me uber');
    expect(await stored(id)).toEqual({ category: 'travel', categoryByHand: false });
    await press(asha, confirmation, `cat:${id}`);
    await vi.waitFor(() => expect(buttons(confirmation).length).toBeGreaterThan(10), { timeout: 10_000 });
    expect(await press(asha, confirmation, `cat:${id}:=`)).toBe('Kept.');
    await vi.waitFor(
      () => expect(buttons(confirmation)).toEqual([{ text: '🚕 Travel · change', data: `cat:${id}` }]),
      { timeout: 10_000 },
    );
    expect(await stored(id)).toEqual({ category: 'travel', categoryByHand: false });
    await press(asha, confirmation, `cat:${id}`);
    await vi.waitFor(() => expect(buttons(confirmation).length).toBeGreaterThan(10), { timeout: 10_000 });
    expect(await press(asha, confirmation, `cat:${id}:fuel`)).toMatch(/now in ⛽ Fuel/);
    expect(await stored(id)).toEqual({ category: 'fuel', categoryByHand: true });
  });

  it('/category shows and sets it; refusals are one sentence', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true });
    const { id, number, confirmation } = await paid(asha, group, '/paid 900 @ravi_m me dinner');
    // Anyone may look; the button under the answer opens the choice like the confirmation's.
    const shown = await replyTo(h, ravi, group, `/category ${number}`, /is in/);
    expect(h.emulator.textOf(shown)).toBe(
      `🏷 #${number} (dinner) is in 🍽 Eating out (guessed from its description).`,
    );
    expect(buttons(shown)).toEqual([{ text: '🍽 Eating out · change', data: `cat:${id}` }]);
    expect(
      h.emulator.textOf(await replyTo(h, asha, group, `/category ${number} food delivery`, /now in/)),
    ).toBe(`🏷 #${number} (dinner) is now in 🛵 Food delivery.`);
    await vi.waitFor(
      () => expect(buttons(confirmation)).toEqual([{ text: '🛵 Food delivery · change', data: `cat:${id}` }]),
      { timeout: 10_000 },
    );
    expect(await stored(id)).toEqual({ category: 'delivery', categoryByHand: true });
    expect(h.emulator.textOf(await replyTo(h, ravi, group, `/category ${number} rent`, /Only/))).toBe(
      `Only the person who paid expense #${number}, the one who recorded it, or a group admin can change its category.`,
    );
    expect(
      h.emulator.textOf(await replyTo(h, asha, group, `/category ${number} banana`, /know the category/)),
    ).toMatch(
      /^I don't know the category "banana"; use one of rent, electricity, .*, other, like: \/category 12 groceries$/,
    );
    expect(h.emulator.textOf(await replyTo(h, asha, group, '/category 99999 rent', /no expense/))).toMatch(
      /^There is no expense #99999 in this group/,
    );
    expect(h.emulator.textOf(await replyTo(h, asha, group, '/category rent', /expense number/))).toMatch(
      /^rent is not an expense number/,
    );
  });

  it('guesses again when a correction changes the description, unless it was chosen by hand', async () => {
    const { group, asha } = await newFlat(h, { usernames: true });
    const guessed = await paid(asha, group, '/paid 600 @ravi_m me misc');
    // A correction edits the confirmation once its message id is stored (see confirmations.ts).
    await vi.waitFor(
      async () =>
        expect(
          (await h.db.prisma.expense.findUniqueOrThrow({ where: { id: guessed.id } })).confirmationMessageId,
        ).not.toBeNull(),
      { timeout: 10_000 },
    );
    await replyTo(h, asha, group, `/edit ${guessed.number} 600 @ravi_m me wifi bill`, /Corrected/);
    expect(await stored(guessed.id)).toEqual({ category: 'internet', categoryByHand: false });
    await vi.waitFor(
      () =>
        expect(buttons(guessed.confirmation)).toEqual([
          { text: '🌐 Internet · change', data: `cat:${guessed.id}` },
        ]),
      { timeout: 10_000 },
    );

    const chosen = await paid(asha, group, '/paid 700 @ravi_m me misc');
    await replyTo(h, asha, group, `/category ${chosen.number} health`, /now in/);
    await replyTo(h, asha, group, `/edit ${chosen.number} 700 @ravi_m me wifi bill`, /Corrected/);
    expect(await stored(chosen.id)).toEqual({ category: 'health', categoryByHand: true });
  });

  it('/expense shows the category and how it was set', async () => {
    const { group, asha } = await newFlat(h, { usernames: true });
    const { number } = await paid(asha, group, '/paid 120 @ravi_m me chai');
    const detail = await replyTo(h, asha, group, `/expense ${number}`, /Category/);
    expect(h.emulator.textOf(detail)).toContain(
      `Category: 🍽 Eating out (guessed; /category ${number} <category> changes it).`,
    );
  });
});
