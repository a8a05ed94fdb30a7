// Moving a group in from Splitwise, end to end through the Bot API emulator: real-looking exports
// (people with spaces in their names, payments, rows with two and three payers, a balance row) sent as a
// document, people matched by name or chosen with buttons, the group's nets checked against the
// file's own Total balance row, a second import of the same file recording nothing, and broken
// files refused with the line number.
import { readFileSync } from 'node:fs';
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSplitwiseCsv } from '../../src/commands/index.js';
import { Decimal } from '../../src/ledger/index.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, newFlat } from '../support/flat.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/splitwise/${name}`, import.meta.url));

describe('/import from Splitwise', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The first message to the chat from now on that matches; a timeout says what the bot did send. */
  function next(chat: Chat, expected: RegExp): Promise<Message> {
    const before = h.emulator.sent({ chatId: chat.id }).length;
    return (
      h.emulator
        // Generous: an import is many statements, and CI machines run two test files at once.
        .waitFor((m) => m.chat.id === chat.id && expected.test(h.emulator.textOf(m)), 30_000)
        .catch((error: Error) => {
          const said = h.emulator
            .sent({ chatId: chat.id })
            .slice(before)
            .map((m) => h.emulator.textOf(m));
          throw new Error(`${error.message}; the bot said ${JSON.stringify(said)}`);
        })
    );
  }

  /** Sends a file and resolves with the first message to the chat that matches. */
  function sendFile(
    from: User,
    chat: Chat,
    bytes: Buffer,
    options: { fileName: string; mimeType?: string; caption?: string; replyTo?: Message },
    expected: RegExp,
  ): Promise<Message> {
    const reply = next(chat, expected);
    h.emulator.sendDocument(from, chat, bytes, { mimeType: 'text/csv', ...options });
    return reply;
  }

  function say(from: User, chat: Chat, text: string, expected: RegExp): Promise<Message> {
    const reply = next(chat, expected);
    h.emulator.sendText(from, chat, text);
    return reply;
  }

  /** Each person's net in the group, from the maintained pair balances. */
  async function groupNets(chat: Chat): Promise<Map<number, string>> {
    const group = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(chat.id) } });
    const rows = await h.db.prisma.pairBalance.findMany({ where: { groupId: group.id } });
    const nets = new Map<number, Decimal>();
    const add = (id: number, amount: Decimal) => nets.set(id, (nets.get(id) ?? new Decimal(0)).plus(amount));
    for (const row of rows) {
      const amount = new Decimal(row.amount.toString());
      // amount > 0: low owes high.
      add(row.highUserId, amount);
      add(row.lowUserId, amount.neg());
    }
    return new Map([...nets].map(([id, net]) => [id, net.toFixed(2)]));
  }

  async function userId(user: User): Promise<number> {
    return (await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(user.id) } })).id;
  }

  it('imports an export whose people need a button, and the nets equal its Total balance row', async () => {
    const flat = await newFlat(h, { usernames: false });
    const { group, asha, ravi, meera, kabir } = flat;
    const bytes = fixture('flat-september.csv');
    const prompt = await say(asha, group, '/import', /^📥 Import from Splitwise: reply to this message/);
    // "Ravi Menon" fits no member (Ravi has no last name here): the bot asks who he is.
    const question = await sendFile(
      asha,
      group,
      bytes,
      { fileName: 'Flat September.csv', replyTo: prompt },
      /^Who is "Ravi Menon" in this group\?/,
    );
    const intro = h.emulator
      .sent({ chatId: group.id })
      .find((m) => /^📥 Flat September\.csv/.test(m.text ?? ''));
    expect(intro?.text).toMatch(
      /10 rows and 4 people\. I found "Asha" \(Asha\), "Meera Iyer" \(Meera Iyer\), "Kabir" \(Kabir\)\./,
    );
    const buttons = question.reply_markup?.inline_keyboard.flat() ?? [];
    // Only members not matched already are offered.
    expect(buttons.map((b) => b.text)).toEqual(['Ravi']);
    const data = (buttons[0] as { callback_data: string }).callback_data;

    // The button belongs to whoever sent the file.
    const stranger = h.emulator.pressButton(meera, question, data);
    const alert = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (call) => call.params.callback_query_id === stranger.callback_query?.id,
    );
    expect(String(alert.params.text)).toMatch(
      /^Only Asha, who sent this Splitwise file, can say who its people are; nothing was changed\./,
    );

    const done = next(group, /^✅ Imported/);
    h.emulator.pressButton(asha, question, data);
    const summary = h.emulator.textOf(await done);
    expect(summary).toMatch(
      /^✅ Imported Flat September\.csv from Splitwise: 7 expenses and 2 payments, from 2026-09-01 to 2026-09-20\./,
    );
    expect(summary).toContain('1 row with several payers became one expense each, with every payer.');
    expect(summary).toContain("1 row moved nobody's balance and was left out.");
    expect(summary).toContain("The group's balances now equal the file's Total balance to the paisa:");
    expect(summary).toContain('Ravi Menon (Ravi): owes ₹3,602.13');

    // The nets, read from the ledger itself, equal the file's balance row to the cent.
    const file = parseSplitwiseCsv(bytes.toString('utf8'));
    const nets = await groupNets(group);
    const people = [asha, ravi, meera, kabir];
    for (const [i, person] of people.entries()) {
      expect(nets.get(await userId(person)) ?? '0.00').toBe(file.balances[0]?.nets[i]);
    }

    // Each row keeps its day, description and category; the two-payer row is one expense.
    const expenses = await expensesIn(h, group);
    expect(expenses).toHaveLength(7);
    const rent = expenses[0];
    expect(rent?.description).toBe('Rent September');
    expect(rent?.spentOn.toISOString().slice(0, 10)).toBe('2026-09-01');
    expect(rent?.amount.toString()).toBe('40000');
    expect(rent?.payerId).toBe(await userId(asha));
    expect(rent?.recordedById).toBe(await userId(asha));
    const goa = expenses.find((e) => e.description === 'Goa trip tickets');
    const goaPayers = await h.db.prisma.expensePayer.findMany({
      where: { expenseId: goa?.id },
      orderBy: { paid: 'desc' },
    });
    expect(goaPayers.map((p) => [p.userId, p.paid.toFixed(2)])).toEqual([
      [await userId(asha), '10000.00'],
      [await userId(ravi), '2000.00'],
    ]);
    expect(expenses.filter((e) => e.description === 'Chai')).toHaveLength(2);
    expect(expenses.find((e) => e.description === 'Dinner, "Toit"')?.payerId).toBe(await userId(meera));
    const categories = await h.db.prisma.importedRow.findMany({ where: { expenseId: rent?.id } });
    expect(categories.map((c) => c.category)).toEqual(['Rent']);
    const payments = await h.db.prisma.settlement.findMany({
      where: { groupId: rent?.groupId },
      orderBy: { id: 'asc' },
    });
    expect(payments.map((p) => [p.amount.toString(), p.note])).toEqual([
      ['5000', 'Ravi M. paid Asha (Splitwise, 2026-09-12)'],
      ['250', 'Meera Iyer paid Kabir (Splitwise, 2026-09-20)'],
    ]);

    // The same file again, captioned /import this time and sent by Ravi, records nothing. Names are
    // matched afresh for each file, so Ravi is asked who "Ravi Menon" is, and the buttons are his.
    const again = await sendFile(
      ravi,
      group,
      bytes,
      { fileName: 'Flat September.csv', caption: '/import' },
      /^Who is "Ravi Menon"/,
    );
    const mine = (again.reply_markup?.inline_keyboard.flat() ?? []).find((b) => b.text === 'Ravi') as {
      callback_data: string;
    };
    const nothing = next(group, /^ℹ️ Nothing new/);
    h.emulator.pressButton(ravi, again, mine.callback_data);
    expect(h.emulator.textOf(await nothing)).toMatch(
      /^ℹ️ Nothing new in Flat September\.csv: all 9 of its records were imported before\./,
    );
    expect(await expensesIn(h, group)).toHaveLength(7);
    expect(await groupNets(group)).toEqual(nets);
  });

  it('imports a trip with two- and three-payer rows as one expense per row, nets equal to its balance row', async () => {
    const { group, asha, ravi, meera, kabir } = await newFlat(h, { usernames: false });
    const bytes = fixture('goa-several-payers.csv');
    const question = await sendFile(
      asha,
      group,
      bytes,
      { fileName: 'Goa.csv', caption: '/import' },
      /^Who is "Ravi Menon" in this group\?/,
    );
    const data = (question.reply_markup?.inline_keyboard.flat() ?? [])[0] as { callback_data: string };
    const done = next(group, /^✅ Imported/);
    h.emulator.pressButton(asha, question, data.callback_data);
    const summary = h.emulator.textOf(await done);
    expect(summary).toMatch(/4 expenses and 1 payment/);
    expect(summary).toContain('3 rows with several payers became one expense each, with every payer.');
    expect(summary).not.toContain('part 1');

    const file = parseSplitwiseCsv(bytes.toString('utf8'));
    const nets = await groupNets(group);
    for (const [i, person] of [asha, ravi, meera, kabir].entries())
      expect(nets.get(await userId(person)) ?? '0.00').toBe(file.balances[0]?.nets[i]);

    const expenses = await expensesIn(h, group);
    expect(expenses.map((e) => e.description)).toEqual([
      'Airbnb Goa',
      'Beach shack lunch',
      'Scooter rental',
      'Groceries',
    ]);
    const scooter = expenses[2];
    expect(scooter?.amount.toFixed(2)).toBe('3000.00');
    const payers = await h.db.prisma.expensePayer.findMany({ where: { expenseId: scooter?.id } });
    expect(payers.map((p) => p.paid.toFixed(2)).sort()).toEqual(['1000.00', '1000.00', '1000.00']);
    // /expense shows each payer.
    const shown = await say(asha, group, `/expense ${scooter?.id}`, /Paid by 3 people/);
    expect(h.emulator.textOf(shown)).toMatch(/Asha paid ₹1,000\.00/);
  });

  it('imports at once when every name matches (usernames, Windows line ends, a BOM)', async () => {
    const { group, asha, ravi, meera } = await newFlat(h, { usernames: false, kabir: false });
    const summary = await sendFile(
      ravi,
      group,
      fixture('three-flatmates.csv'),
      { fileName: 'three-flatmates.csv', caption: '/import' },
      /^✅ Imported/,
    );
    expect(h.emulator.textOf(summary)).toMatch(/4 expenses and 2 payments, from 2026-08-02 to 2026-08-30\./);
    const nets = await groupNets(group);
    expect([await userId(asha), await userId(ravi), await userId(meera)].map((id) => nets.get(id))).toEqual([
      '1819.58',
      '-1221.91',
      '-597.67',
    ]);
  });

  it('takes a typed /import map when a name needs choosing', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true, kabir: false });
    const csv = Buffer.from(
      'Date,Description,Category,Cost,Currency,Asha,Ravi Kumar\n2026-10-01,Auto,Taxi,120.00,INR,60.00,-60.00\n',
    );
    await sendFile(asha, group, csv, { fileName: 'two.csv', caption: '/import' }, /^Who is "Ravi Kumar"/);
    const unknown = await say(asha, group, '/import map "Ravi K" @ravi_m', /^The file names nobody "Ravi K"/);
    expect(h.emulator.textOf(unknown)).toBe(
      'The file names nobody "Ravi K"; its people are "Asha", "Ravi Kumar": name one of them, like /import map "Ravi Kumar" @ravi.',
    );
    // Line by line (m): when Telegram's limits hold the chat, both answers come merged in one message.
    const done = next(group, /^✅ Imported two\.csv/m);
    await say(asha, group, '/import map "ravi  kumar" @ravi_m', /^"Ravi Kumar" is Ravi\.$/m);
    const summary = h.emulator.textOf(await done);
    expect(summary).toMatch(/^✅ Imported two\.csv from Splitwise: 1 expense, on 2026-10-01\./m);
    expect(summary).toContain('Ravi Kumar (Ravi): owes ₹60.00');
    expect((await groupNets(group)).get(await userId(ravi))).toBe('-60.00');
  });

  it('refuses a broken file with its line number and records nothing', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    const broken = Buffer.from(
      [
        'Date,Description,Category,Cost,Currency,Asha,Ravi,Meera',
        '',
        '2026-10-01,Milk,Groceries,90.00,INR,60.00,-30.00,-30.00',
        '2026-10-02,Bread,Groceries,40.00,INR,-20.00,40.00',
        '',
      ].join('\n'),
    );
    const refusal = await sendFile(
      asha,
      group,
      broken,
      { fileName: 'broken.csv', caption: '/import' },
      /^Line/,
    );
    expect(h.emulator.textOf(refusal)).toBe(
      "Line 4 of the file has 7 cells where the header has 8; send the group's CSV from Splitwise (Export as spreadsheet) unchanged.",
    );
    expect(await expensesIn(h, group)).toHaveLength(0);
  });

  it('refuses a row in a currency the group has no rate for, naming it and its line, and a file that is not CSV', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    const refusal = await sendFile(
      asha,
      group,
      fixture('trip-usd.csv'),
      { fileName: 'trip.csv', caption: '/import' },
      /^Line/,
    );
    expect(h.emulator.textOf(refusal)).toBe(
      'Line 4 of the file is in USD, and this group has no rate for USD to convert it with: set one with /rate USD 83.20 (INR per USD), then send the file again.',
    );
    const photoLike = await sendFile(
      asha,
      group,
      Buffer.from([0xff, 0xd8, 0xff]),
      { fileName: 'bill.jpg', mimeType: 'image/jpeg', caption: '/import' },
      /not a CSV/,
    );
    expect(h.emulator.textOf(photoLike)).toBe(
      'bill.jpg is not a CSV file; send the .csv file Splitwise makes with Export as spreadsheet.',
    );
    // Nothing recorded, and no import kept: the same file is welcome once a rate is set.
    expect(await expensesIn(h, group)).toHaveLength(0);
    const where = { group: { chatId: BigInt(group.id) } };
    expect(await h.db.prisma.settlement.count({ where })).toBe(0);
    expect(await h.db.prisma.splitwiseImport.count({ where })).toBe(0);
  });

  it("converts rows in another currency at the group's rate, keeping their original amounts", async () => {
    const { group, asha, ravi, meera } = await newFlat(h, { usernames: true, kabir: false });
    await say(asha, group, '/rate USD 83.20', /^✅ 1 USD = 83\.2 INR/);
    const summary = h.emulator.textOf(
      await sendFile(
        asha,
        group,
        fixture('trip-usd.csv'),
        { fileName: 'trip.csv', caption: '/import' },
        /^✅ Imported/,
      ),
    );
    expect(summary).toMatch(
      /^✅ Imported trip\.csv from Splitwise: 2 expenses and 1 payment, from 2026-10-01 to 2026-10-06\./,
    );
    expect(summary).toContain("2 rows in USD were converted at 83.2 (this group's rate)");
    expect(summary).toContain(
      "The group's balances now equal the file's Total balance in this group's currency plus its USD rows as converted to the paisa:",
    );
    // The USD expense as /paid 25.01 USD would record it with exact USD shares of 8.34, 8.34 and
    // 8.33: ₹2,080.83 (25.01 × 83.2 half-even), shares converted to add up to it exactly.
    const [milk, taxi] = await expensesIn(h, group);
    expect(milk?.originalCurrency).toBeNull();
    expect(taxi?.originalCurrency).toBe('USD');
    expect(taxi?.originalAmount?.toString()).toBe('25.01');
    expect(taxi?.rate?.toString()).toBe('83.2');
    expect(taxi?.amount.toString()).toBe('2080.83');
    expect(taxi?.originalShares).toEqual([
      { userId: await userId(asha), typed: '8.34' },
      { userId: await userId(ravi), typed: '8.34' },
      { userId: await userId(meera), typed: '8.33' },
    ]);
    expect(taxi?.shares.map((s) => [s.user.firstName, s.share.toFixed(2)]).sort()).toEqual([
      ['Asha', '693.89'],
      ['Meera', '693.05'],
      ['Ravi', '693.89'],
    ]);
    const [payment] = await h.db.prisma.settlement.findMany({
      where: { group: { chatId: BigInt(group.id) } },
    });
    expect(payment?.amount.toFixed(2)).toBe('693.89');
    expect(payment?.note).toBe('Ravi paid Asha (Splitwise, 2026-10-06, USD 8.34 at 83.2)');
    const detail = h.emulator.textOf(await say(asha, group, `/expense ${taxi?.number}`, /^#\d+/));
    expect(detail).toContain('USD 25.01 (₹2,080.83 at 83.2) Taxi in Dubai');
    // INR 60 + 2,080.83 − 693.89 (her share) − 693.89 (Ravi paid her back).
    const nets = async () => {
      const all = await groupNets(group);
      return [await userId(asha), await userId(ravi), await userId(meera)].map((id) => all.get(id));
    };
    expect(await nets()).toEqual(['753.05', '-30.00', '-723.05']);

    // The same file again, even at another rate, records nothing.
    await say(asha, group, '/rate USD 84', /^✅ 1 USD = 84 INR/);
    const again = await sendFile(
      asha,
      group,
      fixture('trip-usd.csv'),
      { fileName: 'trip.csv', caption: '/import' },
      /^ℹ️ Nothing new/,
    );
    expect(h.emulator.textOf(again)).toMatch(/all 3 of its records were imported before/);
    expect(await nets()).toEqual(['753.05', '-30.00', '-723.05']);
    expect(await expensesIn(h, group)).toHaveLength(2);
  });
});
