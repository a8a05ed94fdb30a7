// Hostile input, end to end through the Bot API emulator: Splitwise files too big, too wide or
// lying about their size; imports completed by someone else or with forged button data; and
// (below) every button kind pressed by the wrong person or with tampered ids. Each case checks
// that nothing changed in the database, and that other groups were answered meanwhile.
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, newFlat, replyTo } from '../support/flat.js';

describe('hostile input', () => {
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
    return h.emulator
      .waitFor((m) => m.chat.id === chat.id && expected.test(h.emulator.textOf(m)), 30_000)
      .catch((error: Error) => {
        const said = h.emulator
          .sent({ chatId: chat.id })
          .slice(before)
          .map((m) => h.emulator.textOf(m));
        throw new Error(`${error.message}; the bot said ${JSON.stringify(said)}`);
      });
  }

  /** Sends a text and resolves with the first answer that matches (a timeout says what was said). */
  function say(from: User, chat: Chat, text: string, expected: RegExp): Promise<Message> {
    const reply = next(chat, expected);
    h.emulator.sendText(from, chat, text);
    return reply;
  }

  /** The alert a press was answered with. */
  async function alertFor(press: { callback_query?: { id: string } }): Promise<string> {
    const call = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (c) => c.params.callback_query_id === press.callback_query?.id,
      30_000,
    );
    return String(call.params.text ?? '');
  }

  function csv(people: string[], rows: string[][]): Buffer {
    const lines = [['Date', 'Description', 'Category', 'Cost', 'Currency', ...people].join(',')];
    for (const row of rows) lines.push(row.join(','));
    return Buffer.from(`${lines.join('\n')}\n`);
  }

  /**
   * A file of about `bytes` bytes among 100 people, every cell an amount, whose Total balance row is
   * wrong: it is read to its end (the slowest a file within the limits can be) and then refused.
   */
  function wideFile(bytes: number): Buffer {
    const people = Array.from({ length: 100 }, (_, i) => `Person ${i + 1}`);
    const rows: string[][] = [];
    let size = 0;
    for (let r = 0; size < bytes - 2_000; r++) {
      const nets = people.map((_, i) => (i === r % 100 ? '99.00' : '-1.00'));
      const row = ['2026-09-01', `Row ${r}`, 'General', '100.00', 'INR', ...nets];
      size += row.join(',').length + 1;
      rows.push(row);
    }
    rows.push(['2026-09-30', 'Total balance', ' ', ' ', 'INR', ...people.map(() => '1.00')]);
    return csv(people, rows);
  }

  describe('Splitwise files', () => {
    it('refuses a 10 MB file before downloading it, and another group is answered meanwhile', async () => {
      const a = await newFlat(h, { usernames: true, kabir: false });
      const b = await newFlat(h, { usernames: true, kabir: false });
      await replyTo(h, b.asha, b.group, '/paid 300 equal @asha_k @ravi_m chai', /Recorded #1/);
      const downloads = h.emulator.calls.filter((c) => c.method === 'getFile').length;
      const refused = next(a.group, /bigger than the 2 MB one import reads/);
      h.emulator.sendDocument(a.asha, a.group, Buffer.alloc(10 * 1024 * 1024, 'a'), {
        fileName: 'huge.csv',
        mimeType: 'text/csv',
        caption: '/import',
      });
      const balances = next(b.group, /^Balances/);
      h.emulator.sendText(b.ravi, b.group, '/balances');
      expect(h.emulator.textOf(await balances)).toContain('Ravi owes Asha: ₹150.00');
      expect(h.emulator.textOf(await refused)).toBe(
        'huge.csv is bigger than the 2 MB one import reads; export a shorter period from Splitwise (or split the file) and send that.',
      );
      expect(h.emulator.calls.filter((c) => c.method === 'getFile').length).toBe(downloads);
    });

    it('refuses a file that says it is small but is not, without reading past the limit', async () => {
      const a = await newFlat(h, { usernames: true, kabir: false });
      const refused = next(a.group, /bigger than the 2 MB one import reads/);
      h.emulator.sendDocument(a.asha, a.group, Buffer.alloc(3 * 1024 * 1024, 'a'), {
        fileName: 'liar.csv',
        mimeType: 'text/csv',
        caption: '/import',
        fileSize: 1_000,
      });
      await refused;
      expect(await h.db.prisma.splitwiseImport.count({ where: { fileName: 'liar.csv' } })).toBe(0);
    });

    it('refuses a file naming more than 100 people at its header, in one message', async () => {
      const a = await newFlat(h, { usernames: true, kabir: false });
      const people = Array.from({ length: 300 }, (_, i) => `P${i}`);
      const file = csv(people, [['2026-09-01', 'x', 'General', '1.00', 'INR', ...people.map(() => '0.00')]]);
      const before = h.emulator.sent({ chatId: a.group.id }).length;
      const refused = next(a.group, /^Line 1 of the file names 300 people/);
      h.emulator.sendDocument(a.asha, a.group, file, { fileName: 'wide.csv', caption: '/import' });
      expect(h.emulator.textOf(await refused)).toBe(
        "Line 1 of the file names 300 people, more than the 100 one import takes; send the group's CSV from Splitwise (Export as spreadsheet) unchanged.",
      );
      await replyTo(h, a.asha, a.group, '/balances', /No balances|Balances|settled|even/i);
      // The refusal and the /balances answer: no question per person.
      expect(h.emulator.sent({ chatId: a.group.id }).length - before).toBe(2);
    });

    it('reads a 2 MB file while another group is answered, then refuses it naming the line', async () => {
      const a = await newFlat(h, { usernames: true, kabir: false });
      const b = await newFlat(h, { usernames: true, kabir: false });
      await replyTo(h, b.asha, b.group, '/paid 300 equal @asha_k @ravi_m chai', /Recorded #1/);
      const file = wideFile(2 * 1024 * 1024 - 4_096);
      expect(file.length).toBeLessThanOrEqual(2 * 1024 * 1024);
      const order: string[] = [];
      const refused = next(a.group, /gives Person 1 a total balance of 1\.00/).then((m) => {
        order.push('refused');
        return m;
      });
      const downloaded = h.emulator.waitForCall('getFile', () => true, 30_000);
      h.emulator.sendDocument(a.asha, a.group, file, { fileName: 'wide.csv', caption: '/import' });
      await downloaded;
      // Once the file is being read, the other group asks for its balances, twice over.
      for (const who of [b.ravi, b.asha]) {
        const balances = next(b.group, /^Balances/);
        h.emulator.sendText(who, b.group, '/balances');
        await balances;
        order.push('balances');
      }
      await refused;
      expect(order).toEqual(['balances', 'balances', 'refused']);
      expect(await expensesIn(h, a.group)).toHaveLength(0);
    });

    it('asks one question for all unknown names, which only the sender can answer', async () => {
      const a = await newFlat(h, { usernames: false });
      // Another group, whose people have usernames of their own.
      const o1 = h.emulator.createUser({ firstName: 'Zoya', username: 'zoya_o' });
      const o2 = h.emulator.createUser({ firstName: 'Dev', username: 'dev_o' });
      const other = {
        group: h.emulator.createGroup({ title: 'Other', members: [o1, o2] }),
        asha: o1,
        ravi: o2,
      };
      for (const u of [o1, o2]) await replyTo(h, u, other.group, '/start', /Hello/);
      const file = csv(
        ['Asha', 'Rav', 'Mee', 'Kab'],
        [
          ['2026-09-01', 'Rent', 'Rent', '400.00', 'INR', '300.00', '-100.00', '-100.00', '-100.00'],
          ['2026-09-30', 'Total balance', ' ', ' ', 'INR', '300.00', '-100.00', '-100.00', '-100.00'],
        ],
      );
      const question = next(a.group, /^Who is "Rav" in this group\?/);
      h.emulator.sendDocument(a.asha, a.group, file, { fileName: 'flat.csv', caption: '/import' });
      const asked = await question;
      expect(h.emulator.textOf(asked)).toContain('Then "Mee", "Kab" (3 to go).');
      const imported = await h.db.prisma.splitwiseImport.findFirstOrThrow({
        where: { fileName: 'flat.csv', group: { chatId: BigInt(a.group.id) } },
      });
      const button = (text: string) =>
        (asked.reply_markup?.inline_keyboard.flat() ?? []).find((b) => b.text === text) as {
          callback_data: string;
        };
      const ravi = button('Ravi').callback_data;
      const [, importId, index] = ravi.split(':');
      const userOf = async (u: User) =>
        (await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } })).id;
      const otherImport = await h.db.prisma.splitwiseImport.create({
        data: {
          groupId: (await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(other.group.id) } }))
            .id,
          requestedById: await userOf(other.asha),
          sourceChatId: BigInt(other.group.id),
          sourceMessageId: 999_999,
          fileName: 'theirs.csv',
          fileSha: 'x',
          parsed: { csv: '', people: ['X', 'Y'], rowCount: 1 },
          mapping: [null, null],
          createdAt: new Date(),
        },
      });
      const forged: [User, string, RegExp][] = [
        // Someone else presses the sender's button.
        [a.meera, ravi, /^Only Asha, who sent this Splitwise file/],
        // The sender, with ids changed: a stranger from another group, another group's import, a
        // name the file does not have, and the old form with a forged owner at the end.
        [
          a.asha,
          `swi:${importId}:${index}:${await userOf(other.ravi)}`,
          /is not a member|not in this group/i,
        ],
        [a.asha, `swi:${otherImport.id}:0:${await userOf(a.ravi)}`, /no longer here/],
        [a.asha, `swi:${importId}:99:${await userOf(a.ravi)}`, /no longer here/],
        [a.meera, `swi:${importId}:${index}:${await userOf(a.ravi)}:${a.meera.id}`, /^Only Asha/],
      ];
      for (const [who, data, expected] of forged) {
        expect(await alertFor(h.emulator.forgePress(who, asked, data))).toMatch(expected);
      }
      const mapRefused = next(a.group, /^Only Asha, who sent this Splitwise file/);
      h.emulator.sendText(a.meera, a.group, '/import map "Rav" @ravi_m');
      await mapRefused;
      const unchanged = await h.db.prisma.splitwiseImport.findUniqueOrThrow({ where: { id: imported.id } });
      expect(unchanged.mapping).toEqual(imported.mapping);
      expect(unchanged.status).toBe('waiting');
      expect(
        (await h.db.prisma.splitwiseImport.findUniqueOrThrow({ where: { id: otherImport.id } })).mapping,
      ).toEqual([null, null]);

      // The sender answers: the same message moves on to the next name, then the import runs.
      h.emulator.pressButton(a.asha, asked, ravi);
      const second = await next(a.group, /^"Rav" is Ravi\.\nWho is "Mee"/);
      const meera = (second.reply_markup?.inline_keyboard.flat() ?? []).find(
        (b) => b.text === 'Meera Iyer',
      ) as {
        callback_data: string;
      };
      h.emulator.pressButton(a.asha, second, meera.callback_data);
      const third = await next(a.group, /^"Mee" is Meera Iyer\.\nWho is "Kab"/);
      const kabir = (third.reply_markup?.inline_keyboard.flat() ?? []).find((b) => b.text === 'Kabir') as {
        callback_data: string;
      };
      const done = next(a.group, /^✅ Imported flat\.csv/);
      h.emulator.pressButton(a.asha, third, kabir.callback_data);
      await done;
      // One message asked about all three names (edited as each was answered); a send Telegram
      // refused (429 under load) and the bot sent again is still that one message.
      const questions = h.emulator.calls.filter(
        (c) =>
          c.method === 'sendMessage' &&
          c.status === 200 &&
          String(c.params.chat_id) === String(a.group.id) &&
          /Who is/.test(String(c.params.text)),
      );
      expect(questions).toHaveLength(1);
    });
  });

  describe('forged presses: every button kind, checked against the database', () => {
    /** The button on a message with this label, or the test fails saying which are there. */
    function buttonOf(message: Message, text: RegExp): string {
      const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
      const found = buttons.find((b) => text.test(b.text)) as { callback_data?: string } | undefined;
      if (!found?.callback_data) throw new Error(`no button ${text} among ${buttons.map((b) => b.text)}`);
      return found.callback_data;
    }

    /** Presses (real data by the wrong person, or made-up data) and what each was answered. */
    async function pressAll(message: Message, presses: [User, string, boolean][]): Promise<string[]> {
      const answers: string[] = [];
      for (const [who, data, real] of presses) {
        const press = real
          ? h.emulator.pressButton(who, message, data)
          : h.emulator.forgePress(who, message, data);
        answers.push(await alertFor(press));
      }
      return answers;
    }

    it('refuses undo, keep, category, dispute, pay, recurring and guided /paid presses by the wrong person or with made-up data', async () => {
      const { group, asha, ravi, meera } = await newFlat(h, { usernames: true, kabir: false });
      const groupRow = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(group.id) } });
      const confirmation = await replyTo(
        h,
        asha,
        group,
        '/paid 300 equal @asha_k @ravi_m chai',
        /Recorded #1/,
      );
      const expense = await h.db.prisma.expense.findFirstOrThrow({ where: { groupId: groupRow.id } });
      const before = { category: expense.category, deletedAt: expense.deletedAt };

      // The category button: anyone may open it, only the payer, recorder or an admin may change it.
      const cat = buttonOf(confirmation, / · change$/);
      const catAnswers = await pressAll(confirmation, [
        [meera, cat, true],
        [meera, `${cat}:rent`, false],
      ]);
      expect(catAnswers).toEqual([
        expect.stringMatching(
          /^Only the person who paid expense #\d+, the one who recorded it, or a group admin can change its category\./,
        ),
        expect.stringMatching(/^Only the person who paid expense #\d+/),
      ]);

      // Asha's undo question: Meera presses it, and makes up buttons in her own name.
      const question = await replyTo(h, asha, group, `/undo ${expense.number}`, /^Undo/);
      const undo = buttonOf(question, /Yes, undo it/);
      const keep = buttonOf(question, /Keep it/);
      const undoAnswers = await pressAll(question, [
        [meera, undo, true],
        [meera, keep, true],
        [meera, `undo:e:${expense.id}:${meera.id}`, false],
        [meera, `keep:e:${expense.id}:${meera.id}`, false],
        [meera, `undo:${expense.id}`, false],
        [meera, `keep:${expense.id}`, false],
        [asha, `undo:e:999999:${asha.id}`, false],
      ]);
      expect(undoAnswers).toEqual([
        expect.stringMatching(/^This button is for Asha; only they can press it/),
        expect.stringMatching(/^This button is for Asha; only they can press it/),
        'That button is not on this message; nothing was changed.',
        'That button is not on this message; nothing was changed.',
        expect.stringMatching(
          /^Only the person who paid expense #\d+, the one who recorded it, or a group admin can undo it\./,
        ),
        expect.stringMatching(
          /^Only the person who paid expense #\d+, the one who recorded it, or a group admin can undo it\./,
        ),
        'That button is not on this message; nothing was changed.',
      ]);
      expect(h.emulator.textOf(question)).toMatch(/^Undo/);

      // Ravi pays Asha: the Not received button is Asha's alone.
      const paid = await replyTo(h, ravi, group, '/settle @asha_k 100', /Recorded P\d+|P\d+/);
      const settlement = await h.db.prisma.settlement.findFirstOrThrow({ where: { groupId: groupRow.id } });
      const dispute = buttonOf(paid, /Not received/);
      const disputeAnswers = await pressAll(paid, [
        [meera, dispute, true],
        [ravi, dispute, true],
        [ravi, `dispute:${settlement.id}:${ravi.id}`, false],
        [meera, `upaid:1:${meera.id}`, false],
      ]);
      expect(disputeAnswers).toEqual([
        expect.stringMatching(/^This button is for Asha/),
        expect.stringMatching(/^This button is for Asha/),
        'That button is not on this message; nothing was changed.',
        'That button is not on this message; nothing was changed.',
      ]);

      // A recurring rule set up by Asha (an admin); Meera is not one.
      await replyTo(h, asha, group, '/every month on 1 /paid 300 equal @asha_k @ravi_m wifi', /Set up R\d+/);
      const listing = await replyTo(h, meera, group, '/recurring', /Recurring expenses/);
      const rule = await h.db.prisma.recurringRule.findFirstOrThrow({ where: { groupId: groupRow.id } });
      const recAnswers = await pressAll(listing, [
        [meera, buttonOf(listing, /Cancel R/), true],
        [meera, `rec:pause:${rule.id}`, true],
        [asha, 'rec:cancel:999999', false],
      ]);
      expect(recAnswers).toEqual([
        expect.stringMatching(
          /^Only Asha, who set up recurring expense R\d+, or a group admin can change it\./,
        ),
        expect.stringMatching(
          /^Only Asha, who set up recurring expense R\d+, or a group admin can change it\./,
        ),
        expect.stringMatching(/^There is no recurring expense R999999 in this group/),
      ]);

      // Asha's guided /paid: Meera, with a guided /paid of her own open, presses Asha's Cancel.
      const guided = await replyTo(h, asha, group, '/paid', /How much/i);
      await replyTo(h, meera, group, '/paid', /How much/i);
      const cancel = buttonOf(guided, /Cancel/);
      const gpAnswers = await pressAll(guided, [
        [meera, cancel, true],
        [meera, cancel.replace(String(asha.id), String(meera.id)), false],
      ]);
      expect(gpAnswers).toEqual([
        expect.stringMatching(/^This button is for Asha/),
        'That button is not on this message; nothing was changed.',
      ]);
      expect(h.emulator.textOf(guided)).toMatch(/How much/i);

      // Nothing changed: the expense, its category, the payment, the rule, both guided drafts.
      const after = await h.db.prisma.expense.findUniqueOrThrow({ where: { id: expense.id } });
      expect({ category: after.category, deletedAt: after.deletedAt }).toEqual(before);
      expect(
        (await h.db.prisma.settlement.findUniqueOrThrow({ where: { id: settlement.id } })).deletedAt,
      ).toBeNull();
      expect((await h.db.prisma.recurringRule.findUniqueOrThrow({ where: { id: rule.id } })).status).toBe(
        rule.status,
      );
    });
  });

  describe('forwards, mentions and look-alike names', () => {
    it('does not record a forwarded /paid, saying so in one sentence', async () => {
      const { group, asha, ravi } = await newFlat(h, { usernames: true, kabir: false });
      await say(asha, group, '/paid 300 equal @asha_k @ravi_m chai', /Recorded #\d+/);
      const refused = next(group, /was forwarded/);
      h.emulator.forwardText(ravi, group, asha, '/paid 300 equal @asha_k @ravi_m chai');
      expect(h.emulator.textOf(await refused)).toBe(
        'That /paid was forwarded, so I did nothing with it; to record it, type it as your own message.',
      );
      expect(await expensesIn(h, group)).toHaveLength(1);
    });

    it('names someone by text mention without making them a member', async () => {
      const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
      const zoya = h.emulator.createUser({ firstName: 'Zoya' });
      const { text, entities } = h.emulator.compose([
        '/paid 200 equal @asha_k ',
        { text: 'Zoya', user: zoya },
        ' auto',
      ]);
      const recorded = next(group, /Recorded #\d+/);
      h.emulator.sendText(asha, group, text, { entities });
      await recorded;
      // Everyone is the three who are here, not Zoya.
      const everyone = await say(asha, group, '/paid 300 dinner', /Recorded #\d+/);
      expect(h.emulator.textOf(everyone)).toContain('among all 3');
      const [, second] = await expensesIn(h, group);
      expect(second?.shares.map((s) => s.user.firstName).sort()).toEqual(['Asha', 'Meera', 'Ravi']);
      const groupRow = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(group.id) } });
      const { groupStartToken } = await import('../../src/http/miniapp/start-token.js');
      const { TEST_TOKEN } = await import('../support/app.js');
      const page = await fetch(`${h.app.http?.url}/app/api/overview`, {
        headers: {
          authorization: `tma ${h.emulator.webAppInitData(zoya, { startParam: groupStartToken(TEST_TOKEN, groupRow.id) })}`,
        },
      });
      expect(page.status).toBe(403);
    });

    it('tells a member apart from a look-alike with an invisible character in /balances', async () => {
      const { group, asha, ravi } = await newFlat(h, { usernames: true, kabir: false });
      const impostor = h.emulator.createUser({ firstName: 'Ravi\u200B', username: 'ravi_x' });
      h.emulator.addMember(group, impostor);
      await say(impostor, group, '/start', /Hello/);
      await say(ravi, group, '/paid 1000 equal @ravi_m @asha_k rent', /Recorded #\d+/);
      await say(asha, group, '/paid 3000 equal @asha_k @ravi_x dinner', /Recorded #\d+/);
      const text = h.emulator.textOf(await say(asha, group, '/balances', /^Balances/));
      expect(text).toContain('Ravi (@ravi_x) owes Asha: ₹1,500.00');
      expect(text).toContain('Asha owes Ravi (@ravi_m): ₹500.00');
      expect(text).not.toContain('\u200B');
      const stored = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(impostor.id) } });
      expect(stored.firstName).toBe('Ravi');
    });
  });
});
