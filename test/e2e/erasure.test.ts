// A person's data, end to end: /privacy names the contact, /mydata sends everything stored about
// the sender, and /forget (after its confirmation) leaves nothing of them but amounts: not in the
// group's lists, the Mini App, the group's export file, the users table or the bucket.
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { groupFile } from '../../src/export/groups.js';
import { groupStartToken } from '../../src/http/miniapp/start-token.js';
import { startS3, type TestS3 } from '../../src/testing/s3.js';
import { myData } from '../../src/usecases/personal-data.js';
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
    const before = await balancesText(meera, group);
    expect(before).toContain('Ravi');

    // /mydata: the file holds what /profile stored, the groups and the expenses.
    const data = await myData({ prisma: h.db.prisma }, { telegramId: ravi.id });
    expect(JSON.stringify(data)).toContain('ravi@example.com');
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
