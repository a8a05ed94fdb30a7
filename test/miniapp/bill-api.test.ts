// The Mini App's "Split a bill" page, server side, against the real bot and database: the member who
// opened it records a bill as its payer, the bot confirms it in the group, and nothing the page sends
// is trusted (initData, membership now, everyone ticked a current member, amounts, the body's shape).
import type { User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillRecordedView, ExpenseView, ScanView } from '../../src/http/miniapp/api-types.js';
import { startPageOf } from '../../src/http/miniapp/start-page.js';
import { groupStartToken } from '../../src/http/miniapp/start-token.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/app.js';
import { expensesIn, type Flat, newFlat } from '../support/flat.js';

describe('the Mini App: Split a bill', () => {
  let h: TestBot;
  let flat: Flat;
  let base: string;
  let token: string;
  const ids = new Map<string, number>();

  const as = (user: User, startParam: string | null = token) =>
    h.emulator.webAppInitData(user, startParam ? { startParam } : {});
  const post = (body: unknown, initData?: string) =>
    fetch(`${base}/app/api/bill`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(initData ? { authorization: `tma ${initData}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const bill = (key: number, people = ['Asha', 'Ravi']) => ({
    key,
    description: 'Toit',
    items: [
      { description: 'Pizza', amount: '600', people: [ids.get('Asha'), ids.get('Ravi'), ids.get('Meera')] },
      { description: 'Beer', amount: '400', people: people.map((p) => ids.get(p)) },
    ],
    charges: [
      { label: 'GST', percent: '5' },
      { label: 'discount', amount: '-50' },
    ],
  });

  beforeAll(async () => {
    h = await startTestBot({
      env: { PUBLIC_URL: 'https://hisaab.example.com/', MINIAPP_SHORT_NAME: 'ledger' },
    });
    base = h.app.http?.url ?? '';
    flat = await newFlat(h, { usernames: true });
    const groupRow = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(flat.group.id) } });
    token = groupStartToken(TEST_TOKEN, groupRow.id);
    for (const user of [flat.asha, flat.ravi, flat.meera, flat.kabir]) {
      const row = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(user.id) } });
      ids.set(user.first_name, row.id);
    }
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('records the bill for the member who opened the page, and the bot confirms it in the group', async () => {
    const confirmation = h.emulator.waitFor(
      (m) => m.chat.id === flat.group.id && /split by items/.test(h.emulator.textOf(m)),
    );
    const response = await post(bill(101), as(flat.asha));
    expect(response.status).toBe(200);
    const view = (await response.json()) as BillRecordedView;
    expect(view.created).toBe(true);
    // Items 1000, +50 GST -50 discount = 1000: Asha 200+200, Ravi 200+200, Meera 200.
    expect(view.lines[0]).toBe(
      `✅ Recorded #${view.number}: ₹1,000.00 paid by Asha for Toit, split by items among 3: Asha, Ravi, Meera.`,
    );
    expect(view.lines).toContain('Meera: ₹200.00, owes Asha');
    expect(h.emulator.textOf(await confirmation)).toContain('Ravi: ₹400.00, owes Asha');
    const [expense] = await expensesIn(h, flat.group);
    expect(expense?.payer.firstName).toBe('Asha');
    expect(await h.db.prisma.expenseItem.count({ where: { expenseId: expense?.id } })).toBe(4);
    // The app's expense page shows the lines.
    const shown = (await (
      await fetch(`${base}/app/api/expense/${expense?.id}`, {
        headers: { authorization: `tma ${as(flat.ravi)}` },
      })
    ).json()) as ExpenseView;
    expect(shown.split).toBe('by items');
    expect(shown.items.map((i) => `${i.what} ${i.amount.text}: ${i.people}`)).toEqual([
      'Pizza ₹600.00: Asha, Ravi, Meera',
      'Beer ₹400.00: Asha, Ravi',
      'GST +5% ₹50.00: ',
      'discount -₹50.00: ',
    ]);

    // The same page sending it again records nothing new.
    const again = (await (await post(bill(101), as(flat.asha))).json()) as BillRecordedView;
    expect(again).toMatchObject({ number: view.number, created: false });
    expect(await expensesIn(h, flat.group)).toHaveLength(1);
  });

  it('trusts nothing the page sends', async () => {
    expect((await post(bill(102))).status).toBe(401);
    expect((await post(bill(102), `${as(flat.asha)}x`)).status).toBe(401);
    expect((await post(bill(102), as(flat.asha, null))).status).toBe(403);
    const stranger = h.emulator.createUser({ firstName: 'Zoya', username: 'zoya_x' });
    expect((await post(bill(102), as(stranger))).status).toBe(403);
    // Someone who is not a member of this group, ticked on an item.
    const elsewhere = await newFlat(h, { usernames: false, kabir: false });
    const outsider = await h.db.prisma.user.findUniqueOrThrow({
      where: { telegramId: BigInt(elsewhere.meera.id) },
    });
    const forged = bill(103);
    forged.items[1] = { description: 'Beer', amount: '400', people: [outsider.id] };
    const refused = await post(forged, as(flat.asha));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/is not a member of this group/);
    const badAmount = bill(104);
    badAmount.items[0] = { description: 'Pizza', amount: '6.005', people: [ids.get('Asha')] };
    const precise = await post(badAmount, as(flat.asha));
    expect(precise.status).toBe(400);
    expect(((await precise.json()) as { error: string }).error).toMatch(/^Item 1: .*two decimal places/);
    expect((await post({ key: 1, description: 'x', items: [], charges: [] }, as(flat.asha))).status).toBe(
      400,
    );
    expect((await post('not json', as(flat.asha))).status).toBe(400);
    expect(await expensesIn(h, flat.group)).toHaveLength(1);
  });

  it("fills the page in from the asker's own bill photo (Split by items), and keeps the photo as the receipt", async () => {
    // A bill photo Asha sent, read and offered (what bill-photo.ts stores).
    const scan = await h.db.prisma.billScan.create({
      data: {
        chatId: BigInt(flat.group.id),
        telegramId: BigInt(flat.asha.id),
        sourceMessageId: 9_001,
        fileId: 'photo-file',
        fileUniqueId: 'photo-unique',
        step: 'items',
        total: '1100.00',
        reading: {
          merchant: 'Barbeque Nation',
          date: null,
          confidence: 'sure',
          items: [
            { name: 'Paneer tikka', amount: '600.00' },
            { name: 'Beer', amount: '400.00' },
          ],
          taxes: [{ kind: 'CGST', amount: '90.00' }],
        },
        updatedAt: new Date(),
      },
    });
    expect(startPageOf(`${token}-bill-${scan.id.toString(36)}`)).toEqual({ page: 'bill', scan: scan.id });
    const get = (user: User, id = scan.id) =>
      fetch(`${base}/app/api/scan/${id}`, { headers: { authorization: `tma ${as(user)}` } });
    // Only its sender gets its lines.
    expect((await get(flat.ravi)).status).toBe(404);
    expect((await get(flat.asha, scan.id + 1)).status).toBe(404);
    const read = (await (await get(flat.asha)).json()) as ScanView;
    expect(read).toEqual({
      merchant: 'Barbeque Nation',
      total: '1100.00',
      items: [
        { description: 'Paneer tikka', amount: '600.00' },
        { description: 'Beer', amount: '400.00' },
      ],
      charges: [
        { label: 'CGST', amount: '90.00' },
        { label: 'other charges', amount: '10.00' },
      ],
    });
    // Ravi cannot record with Asha's photo.
    const body = {
      key: 201,
      scan: scan.id,
      description: read.merchant,
      items: read.items.map((i) => ({ ...i, people: [ids.get('Asha'), ids.get('Ravi')] })),
      charges: read.charges,
    };
    expect((await post(body, as(flat.ravi))).status).toBe(404);
    const done = (await (await post(body, as(flat.asha))).json()) as BillRecordedView;
    expect(done.lines[0]).toMatch(/₹1,100\.00 paid by Asha for Barbeque Nation, split by items among 2/);
    const expense = await h.db.prisma.expense.findFirstOrThrow({
      where: { number: done.number, group: { chatId: BigInt(flat.group.id) } },
    });
    const receipt = await h.db.prisma.expenseReceipt.findUniqueOrThrow({ where: { expenseId: expense.id } });
    expect(receipt.fileUniqueId).toBe('photo-unique');
    expect(await h.db.prisma.billScan.count({ where: { id: scan.id } })).toBe(0);
  });
});
