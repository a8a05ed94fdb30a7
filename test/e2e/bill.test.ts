// Itemised bills end to end (issue 28, part 2): a multi-line /bill is recorded as one expense whose
// shares add up to the items plus the charges, each person's share listed; its lines are kept and
// shown by /expense; refusals are one sentence naming the line; and a bill photo's "Split by items"
// turns the lines read off the photo into a /bill to fill in, whose expense keeps the photo.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupItemsFile } from '../../src/export/groups.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, newFlat, replyTo } from '../support/flat.js';

const BILLS = join(import.meta.dirname, '..', 'fixtures', 'bills');
const READING_MS = 90_000;

describe('/bill: itemised bills', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot({
      env: {
        ADMIN_IDS: '',
        BILL_READING_TIMEOUT_SECONDS: '120',
        PUBLIC_URL: 'https://hisaab.example.com/',
        MINIAPP_SHORT_NAME: 'ledger',
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const flat = () => newFlat(h, { usernames: true });
  const items = (expenseId: number) =>
    h.db.prisma.expenseItem.findMany({ where: { expenseId }, orderBy: { position: 'asc' } });

  async function say(from: User, chat: Parameters<typeof replyTo>[2], text: string, expected: RegExp) {
    return h.emulator.textOf(await replyTo(h, from, chat, text, expected));
  }

  it('records one expense split by items, charges spread in proportion, and lists each share', async () => {
    const { group, asha } = await flat();
    const reply = await say(
      asha,
      group,
      [
        '/bill Barbeque Nation',
        'Paneer tikka 600 everyone',
        'Beer 400 me meera',
        'Kulfi 200 Ravi',
        '+5% GST',
        '+40 tip',
        '-100 discount',
      ].join('\n'),
      /Recorded/,
    );
    // Items 1200; +60 GST +40 tip -100 discount = 1200. Asha 150+200, Meera 150+200, Ravi 150+200,
    // Kabir 150: × 1200/1200.
    expect(reply).toMatch(/₹1,200\.00 paid by Asha for Barbeque Nation, split by items among 4/);
    expect(reply).toContain(
      'Items ₹1,200.00 · GST +5% ₹60.00 · tip ₹40.00 · discount -₹100.00, spread over the items.',
    );
    expect(reply).toContain('Asha: ₹350.00 (paid the bill)');
    expect(reply).toContain('Meera: ₹350.00, owes Asha');
    expect(reply).toContain('Ravi: ₹350.00, owes Asha');
    expect(reply).toContain('Kabir: ₹150.00, owes Asha');
    const [expense] = await expensesIn(h, group);
    expect(expense?.splitType).toBe('EXACT');
    expect(expense?.amount.toFixed(2)).toBe('1200.00');
    const sum = expense?.shares.reduce((s, x) => s + Math.round(Number(x.share) * 100), 0);
    expect(sum).toBe(120_000);
    const lines = await items(expense?.id as number);
    expect(
      lines.map((l) => [l.position, l.description, l.amount.toFixed(2), l.userIds.length, l.charge]),
    ).toEqual([
      [1, 'Paneer tikka', '600.00', 4, false],
      [2, 'Beer', '400.00', 2, false],
      [3, 'Kulfi', '200.00', 1, false],
      [4, 'GST', '60.00', 0, true],
      [5, 'tip', '40.00', 0, true],
      [6, 'discount', '-100.00', 0, true],
    ]);
    const detail = await say(asha, group, `/expense ${expense?.number}`, /Items:/);
    expect(detail).toMatch(/split by items among 4/);
    expect(detail).toContain('Beer ₹400.00: Asha, Meera');
    expect(detail).toContain('GST +5%: ₹60.00');
    // The balances follow the shares.
    await say(asha, group, '/balances', /Kabir owes Asha: ₹150\.00/);
    // The weekly export writes the lines beside the group's Splitwise-layout file.
    const { id } = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(group.id) } });
    const file = (await groupItemsFile(h.db.sql, { id, title: 'Flat', currency: 'INR' })) ?? '';
    const rows = file.replace(/^\uFEFF/, '').split('\r\n');
    expect(rows[0]).toBe('Expense,Date,Bill,Line,Kind,What,Amount,Percent,Currency,Had it');
    expect(rows[2]).toMatch(/^#1,\d{4}-\d\d-\d\d,Barbeque Nation,2,item,Beer,400\.00,,INR,Asha; Meera$/);
    expect(rows[4]).toMatch(/,4,charge,GST,60\.00,5\.00,INR,$/);
    expect(rows[6]).toMatch(/,6,charge,discount,-100\.00,,INR,$/);
  });

  it('takes the payer and a total from the first line, exact to the paisa', async () => {
    const { group, asha, ravi } = await flat();
    const reply = await say(
      asha,
      group,
      ['/bill chai 100 by @ravi_m', 'Chai 100 me ravi meera'].join('\n'),
      /Recorded/,
    );
    expect(reply).toMatch(/₹100\.00 paid by Ravi for chai, split by items among 3/);
    expect(reply).toContain('Recorded by Asha for Ravi.');
    const [expense] = await expensesIn(h, group);
    expect(expense?.payer.id).toBeDefined();
    expect(expense?.payer.firstName).toBe(ravi.first_name);
    expect(expense?.shares.map((s) => s.share.toFixed(2)).sort()).toEqual(['33.33', '33.33', '33.34']);
  });

  it('refuses in one sentence, recording nothing: a total that does not add up, an unknown name, an item without people', async () => {
    const { group, asha } = await flat();
    const mismatch = await say(
      asha,
      group,
      ['/bill dinner 1000', 'Thali 900 everyone', '+5% GST'].join('\n'),
      /first line/,
    );
    expect(mismatch).toBe(
      'The first line says ₹1,000.00, but the items and charges come to ₹945.00 (₹55.00 short); fix the total or a line, or leave the total out.',
    );
    const unknown = await say(asha, group, ['/bill dinner', 'Thali 900 @zoya_x me'].join('\n'), /zoya_x/);
    expect(unknown.split('\n')).toHaveLength(1);
    expect(unknown).toMatch(/I don't know @zoya_x in this group yet/);
    const nobody = await say(asha, group, ['/bill dinner', 'Thali 900 me', 'Lassi 80'].join('\n'), /Line 3/);
    expect(nobody).toBe(
      'Line 3 ("Lassi 80") names nobody who had it; write them after the amount, like: Paneer tikka 320 @ravi me',
    );
    expect(await expensesIn(h, group)).toHaveLength(0);
  });

  it('records one expense and one set of lines when Telegram delivers the /bill twice', async () => {
    const { group, ravi } = await flat();
    const update = h.emulator.sendText(ravi, group, '/bill chai\nChai 90 everyone\n+10 tip');
    await h.emulator.waitFor((m) => m.chat.id === group.id && /Recorded/.test(h.emulator.textOf(m)));
    h.emulator.redeliver(update);
    await say(ravi, group, '/balance', /./);
    const expenses = await expensesIn(h, group);
    expect(expenses).toHaveLength(1);
    expect((await items(expenses[0]?.id as number)).map((l) => l.description)).toEqual(['Chai', 'tip']);
  });

  it('reads a refused /bill again once it is fixed by editing the message; a recorded one is not corrected', async () => {
    const { group, asha } = await flat();
    const update = h.emulator.sendText(asha, group, '/bill lunch\nThali 300 everyone\nLassi 80');
    await h.emulator.waitFor((m) => m.chat.id === group.id && /Line 3/.test(h.emulator.textOf(m)));
    expect(await expensesIn(h, group)).toHaveLength(0);
    const recorded = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /Recorded/.test(h.emulator.textOf(m)),
    );
    h.emulator.editText(asha, update.message as Message, '/bill lunch\nThali 300 everyone\nLassi 80 me');
    expect(h.emulator.textOf(await recorded)).toMatch(
      /₹380\.00 paid by Asha for lunch, split by items among 4/,
    );
    const refused = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /itemised bill/.test(h.emulator.textOf(m)),
    );
    h.emulator.editText(asha, update.message as Message, '/bill lunch\nThali 400 everyone');
    expect(h.emulator.textOf(await refused)).toMatch(/send \/undo 1 and send the \/bill again/);
    expect(await expensesIn(h, group)).toHaveLength(1);
  });

  it('keeps the photo a /bill is sent as the caption of', async () => {
    const { group, asha } = await flat();
    const reply = h.emulator.waitFor((m) => m.chat.id === group.id && /Recorded/.test(h.emulator.textOf(m)));
    const update = h.emulator.sendPhoto(asha, group, readFileSync(join(BILLS, '05-restaurant.jpg')), {
      caption: '/bill lunch\nThali 300 everyone',
    });
    expect(h.emulator.textOf(await reply)).toContain('The photo is kept as its receipt');
    const [expense] = await expensesIn(h, group);
    const receipt = await h.db.prisma.expenseReceipt.findUniqueOrThrow({ where: { expenseId: expense?.id } });
    expect(receipt.fileUniqueId).toBe((update.message as Message).photo?.at(-1)?.file_unique_id);
  });

  it('refuses to correct an itemised bill by editing; /undo it and send it again', async () => {
    const { group, asha } = await flat();
    const confirmation = await replyTo(h, asha, group, '/bill lunch\nThali 300 everyone', /Recorded/);
    const [expense] = await expensesIn(h, group);
    const reply = await say(asha, group, `/edit ${expense?.number} 500 everyone lunch`, /itemised bill/);
    expect(reply).toContain(`send /undo ${expense?.number} and send the /bill again`);
    expect(confirmation).toBeDefined();
  });

  it('turns a read bill photo into a /bill to fill in ("Split by items"), keeping the photo as the receipt', async () => {
    const { group, asha } = await flat();
    const reading = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /^🧾 Haldiram Foods/.test(h.emulator.textOf(m)),
      READING_MS,
    );
    const update = h.emulator.sendPhoto(asha, group, readFileSync(join(BILLS, '05-restaurant.jpg')), {
      caption: '/paid',
    });
    const photo = update.message as Message;
    const offer = await reading;
    const button = offer.reply_markup?.inline_keyboard.flat().find((b) => b.text === 'Split by items');
    if (!button || !('callback_data' in button)) throw new Error('no Split by items button');
    const template = h.emulator.waitFor(
      (m) => m.message_id === offer.message_id && /copy this/.test(h.emulator.textOf(m)),
    );
    h.emulator.pressButton(asha, offer, button.callback_data as string);
    const filled = await template;
    const text = h.emulator.textOf(filled);
    // With the Mini App set up, its Bill page too, filled in from this photo's lines.
    const app = filled.reply_markup?.inline_keyboard.flat().find((b) => 'url' in b && b.url);
    expect(app && 'url' in app ? app.url : '').toMatch(
      /^https:\/\/t\.me\/\w+\/ledger\?startapp=g\w+_[\w-]{22}-bill-[0-9a-z]+$/,
    );
    const bill = text.slice(text.indexOf('/bill'));
    expect(bill.split('\n')[0]).toMatch(/^\/bill Haldiram Foods 2163\.00$/);
    expect(await expensesIn(h, group)).toHaveLength(0);
    // Asha writes who had each item (everyone) and sends it.
    const typed = bill
      .split('\n')
      .map((line) => (/^[/+-]/.test(line) ? line : `${line.trim()} everyone`))
      .join('\n');
    const reply = await say(asha, group, typed, /Recorded/);
    expect(reply).toMatch(/₹2,163\.00 paid by Asha for Haldiram Foods, split by items among 4/);
    expect(reply).toContain('The photo is kept as its receipt');
    const [expense] = await expensesIn(h, group);
    const receipt = await h.db.prisma.expenseReceipt.findUniqueOrThrow({ where: { expenseId: expense?.id } });
    expect(receipt.fileUniqueId).toBe(photo.photo?.at(-1)?.file_unique_id);
    expect((await items(expense?.id as number)).length).toBeGreaterThan(1);
  });
});
