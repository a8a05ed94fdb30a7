// Issue 29, end to end through the Bot API emulator (sendPhoto, getFile, the file download, the
// buttons) on the test database: a photo captioned /paid with no amount is read offline and offered
// with buttons; nothing is recorded until its sender presses one that showed the amount; the photo
// becomes the expense's receipt. Bills are from the rendered test set (test/fixtures/bills).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, newFlat, replyTo } from '../support/flat.js';

const BILLS = join(import.meta.dirname, '..', 'fixtures', 'bills');
const bill = (name: string) => readFileSync(join(BILLS, name));
const READING_MS = 90_000;

describe('bill photos that read themselves', () => {
  let h: TestBot;

  beforeAll(async () => {
    // A generous deadline: CI machines run two test files at once, and the first photo starts the engine.
    h = await startTestBot({ env: { BILL_READING_TIMEOUT_SECONDS: '120' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  function current(message: Message): Message {
    const now = h.emulator.sent({ chatId: message.chat.id }).find((m) => m.message_id === message.message_id);
    if (!now) throw new Error(`no message ${message.message_id}`);
    return now;
  }

  function buttonData(message: Message, label: RegExp): string {
    const button = current(message)
      .reply_markup?.inline_keyboard.flat()
      .find((b) => label.test(b.text));
    if (!button || !('callback_data' in button) || !button.callback_data)
      throw new Error(`no button ${label}: ${h.emulator.textOf(current(message))}`);
    return button.callback_data;
  }

  function press(who: User, message: Message, label: RegExp, expected: RegExp): Promise<Message> {
    const data = buttonData(message, label);
    const reply = h.emulator.waitFor(
      (m) => m.chat.id === message.chat.id && expected.test(h.emulator.textOf(m)),
    );
    h.emulator.pressButton(who, current(message), data);
    return reply;
  }

  async function alertFor(who: User, message: Message, label: RegExp): Promise<string> {
    const update = h.emulator.pressButton(who, current(message), buttonData(message, label));
    const call = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (c) => c.params.callback_query_id === update.callback_query?.id,
      30_000,
    );
    return String(call.params.text ?? '');
  }

  function sendBill(
    from: User,
    chat: Chat,
    bytes: Buffer,
    expected: RegExp,
    options: { caption?: string; replyTo?: Message } = {},
  ) {
    // Reading takes seconds (the first photo starts the engine), more on a loaded machine.
    const reply = h.emulator.waitFor(
      (m) => m.chat.id === chat.id && expected.test(h.emulator.textOf(m)),
      READING_MS,
    );
    const update = h.emulator.sendPhoto(from, chat, bytes, { caption: '/paid', ...options });
    return { reply, photo: update.message as Message };
  }

  it('reads the bill, records nothing until its sender presses Split, then records the shown total with the photo', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true });
    const sent = sendBill(asha, group, bill('05-restaurant.jpg'), /^🧾 Haldiram Foods/);
    const offer = await sent.reply;
    expect(h.emulator.textOf(offer)).toMatch(/^🧾 Haldiram Foods, 6 Apr, total ₹2,163\.00/);
    expect(h.emulator.textOf(offer)).toContain('Asha: nothing is recorded until you press a button.');
    expect(await expensesIn(h, group)).toHaveLength(0);

    // Ravi cannot press Asha's buttons.
    expect(await alertFor(ravi, offer, /equally/)).toMatch(/^This button is for Asha/);
    expect(await expensesIn(h, group)).toHaveLength(0);

    const recorded = await press(
      asha,
      offer,
      /^Split ₹2,163\.00 equally among everyone$/,
      /^✅ Recorded #\d+/,
    );
    expect(h.emulator.textOf(recorded)).toMatch(
      /₹2,163\.00 paid by Asha for Haldiram Foods, spent on 2026-04-06, split equally among all 4/,
    );
    const [expense] = await expensesIn(h, group);
    expect(expense?.amount.toFixed(2)).toBe('2163.00');
    expect(expense?.shares.map((s) => s.share.toFixed(2))).toEqual(['540.75', '540.75', '540.75', '540.75']);
    const receipt = await h.db.prisma.expenseReceipt.findUniqueOrThrow({ where: { expenseId: expense?.id } });
    expect(receipt.fileUniqueId).toBe(sent.photo.photo?.at(-1)?.file_unique_id);

    // The offer became the confirmation: its Split button is gone, so it cannot be pressed twice.
    expect(
      current(offer)
        .reply_markup?.inline_keyboard.flat()
        .some((button) => /equally/.test(button.text)),
    ).toBe(false);
    expect(await expensesIn(h, group)).toHaveLength(1);
  });

  it('Change amount takes a typed amount, shows it, and records only that', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    const offer = await sendBill(asha, group, bill('05-restaurant.jpg'), /^🧾 Haldiram Foods/).reply;
    await press(asha, offer, /^Change amount$/, /reply with the bill's amount/);
    const shown = await replyTo(h, asha, group, '2000', /^🧾 Haldiram Foods, 6 Apr, total ₹2,000\.00/);
    await press(asha, shown, /^Split ₹2,000\.00 equally/, /^✅ Recorded #\d+/);
    const [expense] = await expensesIn(h, group);
    expect(expense?.amount.toFixed(2)).toBe('2000.00');
  });

  it('an unsure reading says so and records its total only after the sender confirms it', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    const unsure = await sendBill(asha, group, bill('01-restaurant.jpg'), /^🧾 I am not sure/).reply;
    expect(h.emulator.textOf(unsure)).toContain(
      'its total looks like ₹1,848.00, but its lines do not add up to it',
    );
    expect(await expensesIn(h, group)).toHaveLength(0);
    const offer = await press(asha, unsure, /^₹1,848\.00 is right$/, /total ₹1,848\.00/);
    await press(asha, offer, /equally/, /^✅ Recorded #\d+/);
    expect((await expensesIn(h, group))[0]?.amount.toFixed(2)).toBe('1848.00');
  });

  it('a photo it cannot read asks for the amount; Cancel records nothing', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    const notAPhoto = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]);
    const asked = await sendBill(asha, group, notAPhoto, /I could not read it/).reply;
    expect(h.emulator.textOf(asked)).toMatch(
      /^🧾 I could not read it .*type the amount\. Asha: reply with it/,
    );
    const refused = await replyTo(h, asha, group, 'lots', /Reply with the bill's amount/);
    expect(h.emulator.textOf(refused)).toMatch(/like 1200 or 1\.5k, or press Cancel\.$/);
    const offer = await replyTo(h, asha, group, '900', /^🧾 The bill, total ₹900\.00/);
    await press(asha, offer, /^Cancel$/, /^Cancelled; nothing was recorded\.$/);
    expect(await expensesIn(h, group)).toHaveLength(0);
  });

  it('a photo sent as a reply to the guided /paid question is read the same way', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    const question = await replyTo(h, asha, group, '/paid', /or a photo of the bill/);
    const offer = await sendBill(asha, group, bill('03-delivery.jpg'), /^🧾 Truffles Cafe/, {
      caption: '',
      replyTo: question,
    }).reply;
    expect(h.emulator.textOf(offer)).toMatch(/total ₹2,890\.00/);
    expect(await h.db.prisma.paidDraft.count({ where: { chatId: BigInt(group.id) } })).toBe(0);
  });

  it('refuses a photo over the 20 MB Telegram lets bots download, in one sentence', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    const huge = Buffer.alloc(20 * 1024 * 1024 + 1, 1);
    const refused = await sendBill(asha, group, huge, /larger than the 20 MB/).reply;
    expect(h.emulator.textOf(refused)).toBe(
      'This photo is larger than the 20 MB Telegram lets me download: send a smaller one, or type the amount, like /paid 1200 dinner.',
    );
    expect(await h.db.prisma.billScan.count({ where: { chatId: BigInt(group.id) } })).toBe(0);
  });
});
