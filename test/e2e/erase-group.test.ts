// A group admin erases the whole group, end to end through the Bot API emulator, with receipts in a
// real s3rver bucket: only an admin who opened a private chat with the bot may ask; the button is
// checked against the stored request (someone else's press and made-up data change nothing); the
// final CSV export reaches the admin privately before anything is erased; then nothing of the group
// is left (ledger, members, receipts in the bucket), and the same people's other group is untouched,
// their nets and running nets without the erased group.
import type { Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startS3, type TestS3 } from '../../src/testing/s3.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { newFlat, replyTo } from '../support/flat.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 5, 6, 7, 8, 0xff, 0xd9]);

describe('erasing a whole group', () => {
  let h: TestBot;
  let s3: TestS3;

  beforeAll(async () => {
    s3 = await startS3('hisaab-erase-group', 'flat/');
    h = await startTestBot({
      env: {
        S3_BUCKET: s3.settings.bucket,
        S3_PREFIX: s3.settings.prefix,
        S3_REGION: s3.settings.region,
        S3_ENDPOINT: s3.settings.endpoint as string,
        S3_FORCE_PATH_STYLE: 'true',
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await s3?.stop();
  });

  async function alertFor(press: { callback_query?: { id: string } }): Promise<string> {
    const call = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (c) => c.params.callback_query_id === press.callback_query?.id,
    );
    return String(call.params.text ?? '');
  }

  function buttonData(message: Message, label: string): string {
    const button = (message.reply_markup?.inline_keyboard.flat() ?? []).find((b) => b.text === label);
    if (!button || !('callback_data' in button)) throw new Error(`no button ${label}`);
    return button.callback_data as string;
  }

  /** Each of a person's passbook lines' running net is the sum of their deltas so far. */
  async function runningNetsHold(user: User): Promise<void> {
    const row = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(user.id) } });
    const lines = await h.db.prisma.passbookEntry.findMany({
      where: { userId: row.id },
      orderBy: { id: 'asc' },
    });
    let sum = 0n;
    for (const line of lines) {
      sum += BigInt(line.delta.mul(100).toFixed(0));
      expect(BigInt(line.runningNet.mul(100).toFixed(0))).toBe(sum);
    }
    const net = await h.db.prisma.userNet.findUnique({
      where: { userId_currency: { userId: row.id, currency: 'INR' } },
    });
    expect(BigInt((net?.net ?? row.net).mul(100).toFixed(0))).toBe(sum);
    expect(BigInt(row.net.mul(100).toFixed(0))).toBe(sum);
  }

  it('erases the group after its admin confirms and receives the final export, and nothing else', async () => {
    const { group, asha, ravi, meera } = await newFlat(h, { usernames: true, kabir: false });
    const groupRow = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(group.id) } });
    // The same people share a trip in another group, before and after the flat's expenses.
    const trip = h.emulator.createGroup({ title: 'Trip', members: [asha, ravi], admins: [ravi] });
    for (const user of [asha, ravi]) await replyTo(h, user, trip, '/start', /Hello/);
    await replyTo(h, ravi, trip, '/paid 1000 equal @asha_k @ravi_m fuel', /Recorded #1/);
    const photoDone = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /Recorded #1/.test(h.emulator.textOf(m)),
    );
    h.emulator.sendPhoto(ravi, group, JPEG, { caption: '/paid 600 equal @asha_k @ravi_m @meera_i dinner' });
    await photoDone;
    await replyTo(h, asha, group, '/paid 300 equal @asha_k @ravi_m chai', /Recorded #2/);
    await replyTo(h, meera, group, '/settle @ravi_m 100', /./);
    await replyTo(h, asha, trip, '/paid 200 equal @asha_k @ravi_m snacks', /Recorded #2/);
    const receiptKey = `flat/receipts/${groupRow.id}/`;
    await vi.waitFor(async () => expect((await s3.keys()).some((k) => k.startsWith(receiptKey))).toBe(true), {
      timeout: 15_000,
      interval: 50,
    });
    const tripBefore = h.emulator.textOf(await replyTo(h, asha, trip, '/balances', /^Balances/));

    // Not an admin; an admin who never opened a private chat: each refused in one sentence.
    await replyTo(
      h,
      ravi,
      group,
      '/erasegroup',
      /^Only a group admin can erase the group's ledger; ask one of them to send \/erasegroup\.$/,
    );
    await replyTo(h, asha, group, '/erasegroup', /^Open a private chat with me and send \/start there first/);

    await replyTo(h, asha, 'private', '/start', /./);
    const question = await replyTo(h, asha, group, '/erasegroup', /^Erase this group's whole ledger/);
    const erase = buttonData(question, 'Erase the group');
    expect(erase).toMatch(/^eg:\d+:y$/);

    // Ravi presses it; made-up data is pressed; nothing is erased.
    expect(await alertFor(h.emulator.pressButton(ravi, question, erase))).toBe(
      'This button is for Asha; only they can press it. Nothing was changed.',
    );
    const id = Number(erase.split(':')[1]);
    expect(await alertFor(h.emulator.forgePress(asha, question, `eg:${id + 1}:y`))).toBe(
      'That button is not on this message; nothing was changed.',
    );
    expect(await h.db.prisma.group.count({ where: { id: groupRow.id } })).toBe(1);

    // Asha confirms: the final export reaches her privately first, then the group is erased.
    const file = h.emulator.waitForCall('sendDocument', (c) => String(c.params.chat_id) === String(asha.id));
    const erased = h.emulator.waitFor(
      (m) => m.message_id === question.message_id && /^Erased/.test(h.emulator.textOf(m)),
    );
    const confirmed = h.emulator.pressButton(asha, question, erase);
    const sent = await file;
    expect(String(sent.params.caption)).toMatch(/^The final export of Flat/);
    expect(h.emulator.textOf(await erased)).toBe(
      "Erased: Flat's ledger is gone (2 expenses, 1 payment, 1 receipt); its final export was sent to you privately. A new /paid here starts a new ledger.",
    );
    const documents = h.emulator.sent({ chatId: asha.id }).filter((m) => m.document);
    const csv = h.emulator.fileBytes(documents.at(-1)?.document?.file_id ?? '')?.toString('utf8') ?? '';
    expect(csv).toContain('dinner');
    expect(csv).toContain('chai');

    // Nothing of the group is left: its row, ledger, members and receipts in the bucket.
    expect(await h.db.prisma.group.count({ where: { id: groupRow.id } })).toBe(0);
    expect(await h.db.prisma.expense.count({ where: { groupId: groupRow.id } })).toBe(0);
    expect(await h.db.prisma.settlement.count({ where: { groupId: groupRow.id } })).toBe(0);
    expect(await h.db.prisma.passbookEntry.count({ where: { groupId: groupRow.id } })).toBe(0);
    expect(await h.db.prisma.pairBalance.count({ where: { groupId: groupRow.id } })).toBe(0);
    expect(await h.db.prisma.membership.count({ where: { groupId: groupRow.id } })).toBe(0);
    expect(
      // The confirming press itself is marked handled once its answers are delivered, after the erasure.
      await h.db.prisma.inboundUpdate.count({
        where: {
          chatId: BigInt(group.id),
          handledAt: { not: null },
          updateId: { not: BigInt(confirmed.update_id) },
        },
      }),
    ).toBe(0);
    expect((await s3.keys()).some((k) => k.startsWith(receiptKey))).toBe(false);
    // The press again: answered already.
    expect(await alertFor(h.emulator.forgePress(asha, question, erase))).toBe(
      'This question was answered already; nothing more was changed.',
    );

    // The trip is as it was, and everyone's nets and running nets leave the flat out.
    expect(h.emulator.textOf(await replyTo(h, asha, trip, '/balances', /^Balances/))).toBe(tripBefore);
    for (const user of [asha, ravi, meera]) await runningNetsHold(user);
    // The group starts again from nothing: members send /start again, numbers start at #1.
    await replyTo(h, ravi, group, '/start', /Hello Ravi/);
    await replyTo(h, asha, group, '/paid 90 equal @asha_k @ravi_m tea', /Recorded #1/);
  });
});
