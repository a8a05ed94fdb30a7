// Receipt photos, end to end: a /paid written as a photo's caption records the expense with the
// photo, which is copied to the S3 bucket (s3rver) under receipts/<group>/<expense>.jpg; /receipt 12
// attaches one later (as a reply to a photo, or as its caption; payer, recorder or admin only);
// /expense 12 sends the photo again by its file_id with the detail as its caption.
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startS3, type TestS3 } from '../../src/testing/s3.js';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, idOfNumber, newFlat, replyTo } from '../support/flat.js';

/** Bytes that start like a JPEG (the bot never decodes them; Telegram and S3 keep them as they are). */
function photoBytes(seed: number): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.alloc(4096, seed),
    Buffer.from([0xff, 0xd9]),
  ]);
}

describe('receipts', () => {
  let h: TestBot;
  let s3: TestS3;

  beforeAll(async () => {
    s3 = await startS3('hisaab-receipts', 'flat/');
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

  /** Sends a photo (captioned or not) and waits for the bot's answer that matches. */
  function sendPhoto(from: User, chat: Chat, bytes: Buffer, caption: string, expected: RegExp) {
    const reply = h.emulator.waitFor((m) => m.chat.id === chat.id && expected.test(h.emulator.textOf(m)));
    const update = h.emulator.sendPhoto(from, chat, bytes, { caption });
    return { reply, message: update.message as Message };
  }

  async function groupIdOf(chat: Chat): Promise<number> {
    return (await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(chat.id) } })).id;
  }

  it('a /paid on a photo records the expense with it, copies it to the bucket, and /expense shows it', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true, kabir: false });
    const bytes = photoBytes(1);
    const sent = sendPhoto(
      asha,
      group,
      bytes,
      '/paid 1200 equal me @ravi_m dinner at Toit',
      /^✅ Recorded #\d+/,
    );
    const confirmation = h.emulator.textOf(await sent.reply);
    const number = Number(/#(\d+)/.exec(confirmation)?.[1]);
    const id = await idOfNumber(h, group, number);
    expect(confirmation).toContain('Ravi owes Asha: ₹600.00');
    expect(confirmation).toContain(`🧾 The photo is kept as its receipt: /expense ${number} shows it.`);

    const [expense] = await expensesIn(h, group);
    const largest = sent.message.photo?.at(-1);
    const receipt = await h.db.prisma.expenseReceipt.findUniqueOrThrow({ where: { expenseId: id } });
    expect(expense?.id).toBe(id);
    expect(receipt).toMatchObject({ fileId: largest?.file_id, fileUniqueId: largest?.file_unique_id });

    // The copy lands in the bucket, whole, after the confirmation.
    const key = `flat/receipts/${await groupIdOf(group)}/${id}.jpg`;
    await vi.waitFor(async () => expect(await s3.keys()).toContain(key), { timeout: 10_000, interval: 50 });
    const stored = await s3.object(key);
    expect(stored.bytes.equals(bytes)).toBe(true);
    expect(stored.contentType).toBe('image/jpeg');
    await vi.waitFor(
      async () =>
        expect(
          (await h.db.prisma.expenseReceipt.findUniqueOrThrow({ where: { expenseId: id } })).storedKey,
        ).toBe(key),
      { timeout: 10_000, interval: 50 },
    );

    // /expense sends the same photo (by file_id) with the detail as its caption.
    const shown = await replyTo(h, ravi, group, `/expense ${number}`, /^#\d+ ₹1,200\.00 dinner at Toit/);
    expect(shown.photo?.at(-1)?.file_unique_id).toBe(largest?.file_unique_id);
    expect(h.emulator.textOf(shown)).toMatch(/Paid by Asha, split equally among 2:/);
  });

  it('/receipt 12 attaches a photo later, as a reply or as a caption, and only for its payer, recorder or an admin', async () => {
    const { group, asha, ravi, meera } = await newFlat(h, { usernames: true, kabir: false });
    const recorded = await replyTo(
      h,
      ravi,
      group,
      '/paid 450 equal me @asha_k @meera_i auto',
      /^✅ Recorded #\d+/,
    );
    const number = Number(/#(\d+)/.exec(h.emulator.textOf(recorded))?.[1]);
    const id = await idOfNumber(h, group, number);

    // Meera shares it but neither paid nor recorded it.
    const photo = h.emulator.sendPhoto(meera, group, photoBytes(2)).message as Message;
    const refused = await replyTo(h, meera, group, `/receipt ${number}`, /^Send \/receipt|^Only/);
    expect(h.emulator.textOf(refused)).toBe(
      `Send /receipt ${number} as a reply to the photo of the bill, or as the photo's caption.`,
    );
    const notHers = h.emulator.waitFor((m) => m.chat.id === group.id && /^Only/.test(h.emulator.textOf(m)));
    h.emulator.sendText(meera, group, `/receipt ${number}`, { replyTo: photo });
    expect(h.emulator.textOf(await notHers)).toBe(
      `Only the person who paid expense #${number}, the one who recorded it, or a group admin can attach its receipt.`,
    );

    // Ravi (the payer) replies to Meera's photo.
    const attached = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /^🧾 Receipt attached/.test(h.emulator.textOf(m)),
    );
    h.emulator.sendText(ravi, group, `/receipt ${number}`, { replyTo: photo });
    expect(h.emulator.textOf(await attached)).toBe(
      `🧾 Receipt attached to #${number}: /expense ${number} shows it.`,
    );
    const key = `flat/receipts/${await groupIdOf(group)}/${id}.jpg`;
    await vi.waitFor(
      async () => expect((await s3.object(key).catch(() => null))?.bytes.equals(photoBytes(2))).toBe(true),
      {
        timeout: 10_000,
        interval: 50,
      },
    );

    // Asha, an admin, replaces it with a photo captioned /receipt: the bucket's copy follows.
    const replaced = sendPhoto(asha, group, photoBytes(3), `/receipt ${number}`, /^🧾 Receipt attached/);
    await replaced.reply;
    const receipt = await h.db.prisma.expenseReceipt.findUniqueOrThrow({ where: { expenseId: id } });
    expect(receipt.fileUniqueId).toBe(replaced.message.photo?.at(-1)?.file_unique_id);
    await vi.waitFor(async () => expect((await s3.object(key)).bytes.equals(photoBytes(3))).toBe(true), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it('a photo that cannot be fetched is still the receipt: the expense stands and /expense shows it', async () => {
    const { group, asha } = await newFlat(h, { usernames: true, kabir: false });
    // Telegram's file server fails every download the copier tries (three, with backoff).
    h.emulator.faults.next('file', { kind: '5xx', status: 502 }, 3);
    const sent = sendPhoto(asha, group, photoBytes(4), '/paid 99 equal me @ravi_m chai', /^✅ Recorded #\d+/);
    const number = Number(/#(\d+)/.exec(h.emulator.textOf(await sent.reply))?.[1]);
    const id = await idOfNumber(h, group, number);
    await vi.waitFor(
      () => expect(h.emulator.calls.filter((c) => c.method === 'file' && c.status === 502)).toHaveLength(3),
      { timeout: 20_000, interval: 100 },
    );
    const receipt = await h.db.prisma.expenseReceipt.findUniqueOrThrow({ where: { expenseId: id } });
    expect(receipt.storedKey).toBeNull();
    expect(await s3.keys()).not.toContain(`flat/receipts/${await groupIdOf(group)}/${id}.jpg`);
    const shown = await replyTo(h, asha, group, `/expense ${number}`, /^#\d+ ₹99\.00 chai/);
    expect(shown.photo?.at(-1)?.file_unique_id).toBe(receipt.fileUniqueId);

    // A photo Telegram no longer takes (a file id of another bot token): the detail comes as text.
    await h.db.prisma.expenseReceipt.update({
      where: { expenseId: id },
      data: { fileId: 'AgAC-another-bot' },
    });
    const text = await replyTo(h, asha, group, `/expense ${number}`, /^#\d+ ₹99\.00 chai/);
    expect(text.photo).toBeUndefined();
    expect(h.emulator.textOf(text)).toMatch(/Paid by Asha, split equally among 2:/);
  });
});
