// A person's data, end to end: /privacy names the contact, /mydata sends everything stored about
// the sender, and /forget (after its confirmation) leaves nothing of them but amounts: not in the
// group's lists, the Mini App, the group's export file, the users table or the bucket.
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { groupFile } from '../../src/export/groups.js';
import { groupStartToken } from '../../src/http/miniapp/start-token.js';
import { Decimal } from '../../src/ledger/index.js';
import { startS3, type TestS3 } from '../../src/testing/s3.js';
import { MemberDirectory } from '../../src/usecases/members.js';
import { myData } from '../../src/usecases/personal-data.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/app.js';
import { newFlat, replyTo } from '../support/flat.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);

describe('your data, yours', () => {
  let h: TestBot;
  let s3: TestS3;

  beforeAll(async () => {
    s3 = await startS3('hisaab-erasure', 'flat/');
    h = await startTestBot({
      env: {
        S3_BUCKET: s3.settings.bucket,
        S3_PREFIX: s3.settings.prefix,
        S3_REGION: s3.settings.region,
        S3_ENDPOINT: s3.settings.endpoint as string,
        S3_FORCE_PATH_STYLE: 'true',
        PUBLIC_URL: 'https://hisaab.example.com/',
        PRIVACY_CONTACT: 'privacy@hisaab.example.com',
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await s3?.stop();
  });

  async function balancesText(from: User, group: Chat): Promise<string> {
    return h.emulator.textOf(await replyTo(h, from, group, '/balances', /^Balances/));
  }

  it('says what is kept and whom to write to, and points group members to the private chat', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    const text = h.emulator.textOf(await replyTo(h, asha, 'private', '/privacy', /What Hisaab keeps/));
    expect(text).toContain('privacy@hisaab.example.com');
    expect(text).toContain('/forget');
    await replyTo(h, asha, group, '/forget', /^Send that to me in a private chat/);
  });

  it('erases a person: nothing of them is left but amounts', async () => {
    const { group, asha, ravi, meera } = await newFlat(h, { usernames: true, kabir: false });
    const groupRow = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(group.id) } });
    const raviRow = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(ravi.id) } });
    await h.db.prisma.user.update({
      where: { id: raviRow.id },
      data: { email: 'ravi@example.com', mobile: '+919800000000', upiId: 'ravi@okaxis' },
    });
    // Ravi pays for dinner with its bill's photo; Asha pays for chai.
    const confirmed = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /Recorded #1/.test(h.emulator.textOf(m)),
    );
    h.emulator.sendPhoto(ravi, group, JPEG, { caption: '/paid 600 equal @asha_k @ravi_m @meera_i dinner' });
    await confirmed;
    await replyTo(h, asha, group, '/paid 300 equal @asha_k @ravi_m chai', /Recorded #2/);
    const key = `flat/receipts/${groupRow.id}/`;
    await vi.waitFor(async () => expect((await s3.keys()).some((k) => k.startsWith(key))).toBe(true), {
      timeout: 15_000,
      interval: 50,
    });
    // Ravi and Asha pay for a trip together; a /settleup plan names him; a /paid of his waits for
    // his answer, and a bill photo of his is being read.
    // (Several payers come from a Splitwise import; /paid has no words for them yet.)
    const named = (username: string) => ({ person: { kind: 'username' as const, username } });
    await recordExpense(
      {
        sql: h.db.sql,
        members: new MemberDirectory(h.db.prisma, h.db.sql),
        clock: () => new Date(),
      },
      {
        group: { chatId: group.id, title: group.title ?? 'Flat' },
        payer: { id: ravi.id, firstName: ravi.first_name, username: ravi.username },
        payers: [
          { ...named('ravi_m'), paid: new Decimal(600) },
          { ...named('asha_k'), paid: new Decimal(300) },
        ],
        amount: new Decimal(900),
        splitType: 'EQUAL',
        everyone: false,
        participants: ['asha_k', 'ravi_m', 'meera_i'].map(named),
        description: 'trip',
        source: { chatId: group.id, messageId: 999_000 },
      },
    );
    await replyTo(h, meera, group, '/settleup', /Settle up/);
    await replyTo(h, ravi, group, '/paid 1 500 cook salary', /reads two ways/);
    await h.db.prisma.billScan.create({
      data: {
        chatId: BigInt(group.id),
        telegramId: BigInt(ravi.id),
        sourceMessageId: 999_001,
        fileId: 'scan-file',
        fileUniqueId: 'scan-unique',
        step: 'ready',
        total: '2364.00',
        reading: { merchant: 'Barbeque Nation', date: null, confidence: 'sure', items: [], taxes: [] },
        updatedAt: new Date(),
      },
    });
    const amounts = async () => ({
      payers: (await h.db.prisma.expensePayer.findMany({ where: { userId: raviRow.id } })).map((p) =>
        p.paid.toFixed(2),
      ),
      debts: (
        await h.db.prisma.expenseDebt.findMany({
          where: { OR: [{ debtorId: raviRow.id }, { creditorId: raviRow.id }] },
        })
      ).map((d) => `${d.debtorId}>${d.creditorId} ${d.amount.toFixed(2)}`),
      nets: (await h.db.prisma.userNet.findMany({ where: { userId: raviRow.id } })).map(
        (n) => `${n.currency} ${n.net.toFixed(2)}`,
      ),
    });
    const amountsBefore = await amounts();
    expect(amountsBefore.payers).toEqual(['600.00']);
    expect(amountsBefore.debts.length).toBeGreaterThan(0);
    expect(amountsBefore.nets).toHaveLength(1);
    const before = await balancesText(meera, group);
    expect(before).toContain('Ravi');

    // /mydata: the file holds what /profile stored, the groups, the expenses, his part of the trip
    // and who owes whom in it, his net per currency, the plan's payments that name him, and what
    // waits for his button.
    const data = (await myData({ prisma: h.db.prisma }, { telegramId: ravi.id })) as Record<
      string,
      unknown[]
    >;
    expect(JSON.stringify(data)).toContain('ravi@example.com');
    expect(data.yourPartsOfExpensesWithSeveralPayers).toEqual([expect.objectContaining({ paid: '600' })]);
    expect(data.debtsInExpensesWithSeveralPayers?.length).toBe(amountsBefore.debts.length);
    expect(data.netByCurrency).toEqual([expect.objectContaining({ currency: 'INR' })]);
    expect(data.settleUpPlansNamingYou).toHaveLength(1);
    expect(data.questionsWaitingForYou).toHaveLength(1);
    expect(data.billPhotosBeingRead).toEqual([expect.objectContaining({ total: '2364', step: 'ready' })]);
    const sent = h.emulator.waitForCall('sendDocument', (c) => String(c.params.chat_id) === String(ravi.id));
    h.emulator.sendText(ravi, 'private', '/mydata');
    expect(String((await sent).params.caption)).toMatch(/^Everything Hisaab stores about you/);

    // /forget asks first; Keep me keeps; Yes erases.
    const ask = await replyTo(h, ravi, 'private', '/forget', /^Erase you from Hisaab\?/);
    const yes = ask.reply_markup?.inline_keyboard.flat().find((b) => b.text === 'Yes, erase me') as {
      callback_data: string;
    };
    const done = h.emulator.waitFor(
      (m) => m.chat.id === ravi.id && /^Done: you are now/.test(h.emulator.textOf(m)),
    );
    h.emulator.pressButton(ravi, ask, yes.callback_data);
    const former = `Former member ${raviRow.id}`;
    expect(h.emulator.textOf(await done)).toContain(
      `you are now "${former}" in 1 group; your name, username, email, mobile, UPI id and 1 receipt are gone. The amounts stay`,
    );

    // The users table: nothing that names him.
    const erased = await h.db.prisma.user.findUniqueOrThrow({ where: { id: raviRow.id } });
    expect(erased).toMatchObject({
      firstName: former,
      lastName: null,
      username: null,
      email: null,
      mobile: null,
      upiId: null,
    });
    expect(erased.telegramId < 0n).toBe(true);
    expect(await h.db.prisma.user.count({ where: { telegramId: BigInt(ravi.id) } })).toBe(0);
    // What waited for his button is gone; his amounts stay as they were.
    expect(await h.db.prisma.paidQuestion.count({ where: { telegramId: BigInt(ravi.id) } })).toBe(0);
    expect(await h.db.prisma.billScan.count({ where: { telegramId: BigInt(ravi.id) } })).toBe(0);
    expect(await amounts()).toEqual(amountsBefore);
    expect(await h.db.prisma.settleUpPlan.count({ where: { groupId: groupRow.id } })).toBe(1);
    // The receipt is gone from the ledger and the bucket.
    expect(await h.db.prisma.expenseReceipt.count({ where: { attachedById: raviRow.id } })).toBe(0);
    expect((await s3.keys()).some((k) => k.startsWith(key))).toBe(false);
    // No stored update of his.
    const updates = await h.db.prisma.inboundUpdate.findMany({ where: { handledAt: { not: null } } });
    expect(updates.filter((u) => JSON.stringify(u.payload).includes(`"id":${ravi.id},`))).toHaveLength(0);

    // The group's lists: the same amounts, under his new name.
    const after = await balancesText(meera, group);
    expect(after).not.toContain('Ravi');
    expect(after).toBe(before.replaceAll('Ravi', former));
    // The group's export file.
    const file = await groupFile(h.db.sql, { id: groupRow.id, title: 'Flat', currency: 'INR' });
    expect(file).not.toMatch(/Ravi/);
    expect(file).toContain(former);
    // The Mini App: his name is nowhere, and he is no member.
    const token = groupStartToken(TEST_TOKEN, groupRow.id);
    const base = h.app.http?.url ?? '';
    const get = (user: User) =>
      fetch(`${base}/app/api/overview`, {
        headers: { authorization: `tma ${h.emulator.webAppInitData(user, { startParam: token })}` },
      });
    const overview = await get(asha);
    expect(overview.status).toBe(200);
    const body = await overview.text();
    expect(body).not.toContain('Ravi');
    expect(body).toContain(former);
    expect((await get(ravi)).status).toBe(403);
  });
});
