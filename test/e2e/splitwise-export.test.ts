// The weekly export's per-group file in Splitwise's layout, and the round trip: a group's file,
// imported into a new group with the same people, gives every person the same net.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSplitwiseCsv } from '../../src/commands/index.js';
import { Decimal } from '../../src/ledger/index.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { newFlat, replyTo } from '../support/flat.js';

describe('the export in Splitwise layout', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot();
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function netsByName(chat: Chat): Promise<Record<string, string>> {
    const group = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(chat.id) } });
    const rows = await h.db.prisma.pairBalance.findMany({ where: { groupId: group.id } });
    const nets = new Map<number, Decimal>();
    const add = (id: number, amount: Decimal) => nets.set(id, (nets.get(id) ?? new Decimal(0)).plus(amount));
    for (const row of rows) {
      add(row.highUserId, new Decimal(row.amount.toString()));
      add(row.lowUserId, new Decimal(row.amount.toString()).neg());
    }
    const users = await h.db.prisma.user.findMany({ where: { id: { in: [...nets.keys()] } } });
    return Object.fromEntries(
      users.map((u) => [
        u.lastName ? `${u.firstName} ${u.lastName}` : u.firstName,
        (nets.get(u.id) as Decimal).toFixed(2),
      ]),
    );
  }

  function record(from: User, chat: Chat, text: string, expected: RegExp): Promise<Message> {
    return replyTo(h, from, chat, text, expected);
  }

  it('writes each group as a Splitwise export that /import reads back to the same nets', async () => {
    const flat = await newFlat(h, { usernames: false });
    const { group, asha, ravi, meera, kabir } = flat;
    await record(asha, group, '/paid 1000 equal me @ravi_m Meera Kabir electricity', /^✅ Recorded/);
    await record(asha, group, '/paid 1250 exact @ravi_m 370 Meera 880 flipkart, "sale"', /^✅ Recorded/);
    await record(
      ravi,
      group,
      '/paid 1200 percent @asha_k 40 me 20 Meera 20 Kabir 20 =dinner out',
      /^✅ Recorded/,
    );
    await record(kabir, group, '/paid 100 shares me 1 Meera 2 chai', /^✅ Recorded/);
    await record(meera, group, '/paid 999.99 equal me @asha_k @ravi_m groceries', /^✅ Recorded/);
    await record(ravi, group, '/settle @asha_k 300 rent share', /Ravi paid Asha|P\d+/);
    const undone = await record(kabir, group, '/paid 5000 equal me @asha_k mistake', /^✅ Recorded #\d+/);
    const undoId = /#(\d+)/.exec(h.emulator.textOf(undone))?.[1];
    const question = await record(kabir, group, `/undo ${undoId}`, /^Undo /);
    const yes = question.reply_markup?.inline_keyboard.flat().find((b) => b.text === 'Yes, undo it') as {
      callback_data: string;
    };
    const gone = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /undone|Undone/.test(h.emulator.textOf(m)),
    );
    h.emulator.pressButton(kabir, question, yes.callback_data);
    await gone;

    const result = await h.app.exports.runNow('CLI');
    if (result.status !== 'done') throw new Error(`export ${result.status}`);
    const week = /users\/(.+)\.csv$/.exec(result.outcome.key)?.[1] as string;
    const groupRow = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(group.id) } });
    const path = join(h.config.export.exportDir, 'groups', week, `group-${groupRow.id}.csv`);
    const bytes = await readFile(path);
    const text = bytes.toString('utf8');

    // Splitwise's columns, one per person, the balance row; the undone expense is not in it.
    const file = parseSplitwiseCsv(text);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFDate,Description,Category,Cost,Currency,Asha,Kabir,Meera Iyer,Ravi',
    );
    expect(file.people).toEqual(['Asha', 'Kabir', 'Meera Iyer', 'Ravi']);
    expect(file.rows).toHaveLength(6);
    expect(file.rows.map((r) => r.description)).toEqual([
      'electricity',
      'flipkart, "sale"',
      "'=dinner out",
      'chai',
      'groceries',
      'Ravi paid Asha: rent share',
    ]);
    expect(file.rows[5]).toMatchObject({
      category: 'Payment',
      cost: '300.00',
      nets: ['-300.00', '0.00', '0.00', '300.00'],
    });
    // Hisaab's categories, guessed from the descriptions, as words.
    expect(file.rows.map((r) => r.category)).toEqual([
      'Electricity',
      'Shopping',
      'Eating out',
      'Eating out',
      'Groceries',
      'Payment',
    ]);
    expect(file.rows[0]).toMatchObject({
      cost: '1000.00',
      nets: ['750.00', '-250.00', '-250.00', '-250.00'],
    });
    const before = await netsByName(group);
    expect(Object.fromEntries(file.people.map((name, i) => [name, file.balances[0]?.nets[i]]))).toEqual(
      before,
    );

    // Into a new group of the same people (new accounts with the same names): the same nets.
    const other = await newFlat(h, { usernames: false });
    const done = h.emulator.waitFor(
      (m) => m.chat.id === other.group.id && /^✅ Imported/.test(h.emulator.textOf(m)),
    );
    h.emulator.sendDocument(other.asha, other.group, bytes, {
      fileName: 'flat.csv',
      mimeType: 'text/csv',
      caption: '/import',
    });
    expect(h.emulator.textOf(await done)).toContain(
      "The group's balances now equal the file's Total balance to the paisa",
    );
    expect(await netsByName(other.group)).toEqual(before);
    void meera;
  });
});
