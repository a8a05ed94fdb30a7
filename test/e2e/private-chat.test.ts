// Private chats: the /profile conversation (validation, share-contact, cancel, surviving a restart)
// and /export for operators.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';

describe('private chats', () => {
  let h: TestBot;
  let asha: User;
  let operator: User;
  let group: Chat;

  async function dm(from: User, text: string): Promise<string> {
    h.emulator.sendText(from, 'private', text);
    const [reply] = await h.emulator.waitForReplies(from.id, 1, 20_000);
    return h.emulator.textOf(reply);
  }

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '424242' } });
    asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    operator = h.emulator.createUser({ firstName: 'Op', username: 'operator', id: 424242 });
    group = h.emulator.createGroup({ title: 'Flat', members: [asha, operator] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('asks for email, mobile and UPI id, re-asks on bad answers, accepts a shared contact, and shows the profile', async () => {
    expect(await dm(asha, '/start')).toMatch(/Hisaab/);
    expect(await dm(asha, '/profile')).toMatch(/email/i);
    expect(await dm(asha, 'not an email')).toMatch(/not an email address/);
    expect(await dm(asha, 'Asha@Example.com')).toMatch(/mobile/i);
    const [keyboardMessage] = h.emulator.sent({ chatId: asha.id }).slice(-1);
    expect(JSON.stringify(keyboardMessage?.reply_markup)).toMatch(/request_contact/);
    expect(await dm(asha, '12')).toMatch(/not a phone number/);
    h.emulator.shareContact(asha, '+91 98765 43210');
    const [upi] = await h.emulator.waitForReplies(asha.id, 1, 20_000);
    expect(h.emulator.textOf(upi)).toMatch(/UPI id/);
    expect(await dm(asha, 'asha@ok axis')).toMatch(/not a UPI id/);
    expect(await dm(asha, 'asha@123')).toMatch(/not a UPI id/);
    const text = await dm(asha, 'Asha.K-1_@OKAxis');
    expect(text).toMatch(/Profile saved/);
    expect(text).toContain('asha@example.com');
    expect(text).toContain('UPI id: asha.k-1_@okaxis');
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(asha.id) } });
    expect(user).toMatchObject({
      email: 'asha@example.com',
      mobile: '+919876543210',
      upiId: 'asha.k-1_@okaxis',
    });
  });

  it('can be cancelled, and keeps its place across a restart', async () => {
    expect(await dm(asha, '/profile')).toMatch(/email/i);
    expect(await dm(asha, '/cancel')).toMatch(/Cancelled/);
    expect(await dm(asha, '/cancel')).toBe('Nothing to cancel.');
    expect(await dm(asha, '/profile')).toMatch(/email/i);
    await h.restart();
    expect(await dm(asha, 'new@example.com')).toMatch(/mobile/i);
    expect(await dm(asha, '9876501234')).toMatch(/UPI id/);
    // /skip keeps the UPI id she gave before.
    expect(await dm(asha, '/skip')).toMatch(/Profile saved/);
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(asha.id) } });
    expect(user).toMatchObject({
      email: 'new@example.com',
      mobile: '+919876501234',
      upiId: 'asha.k-1_@okaxis',
    });
  });

  it('lets every step be skipped, keeping what is stored, and refuses a 9-digit number in one sentence', async () => {
    expect(await dm(asha, '/profile')).toMatch(/email/i);
    expect(await dm(asha, '/skip')).toMatch(/mobile/i);
    expect(await dm(asha, '98765 4321')).toBe(
      "98765 4321 has 9 digits; an Indian mobile number has 10 digits, like 98765 43210, and another country's starts with + and its code, like +44 7700 900123. Or /skip.",
    );
    expect(await dm(asha, '/skip')).toMatch(/UPI id/);
    const saved = await dm(asha, '/skip');
    expect(saved).toMatch(/Profile saved/);
    expect(saved).toContain('new@example.com');
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(asha.id) } });
    expect(user).toMatchObject({
      email: 'new@example.com',
      mobile: '+919876501234',
      upiId: 'asha.k-1_@okaxis',
    });
    // A new number typed the Indian way replaces the old one.
    expect(await dm(asha, '/profile')).toMatch(/email/i);
    expect(await dm(asha, '/skip')).toMatch(/mobile/i);
    expect(await dm(asha, '098765 43210')).toMatch(/UPI id/);
    expect(await dm(asha, '/skip')).toMatch(/Mobile: \+919876543210/);
  });

  it('lets an operator run the export from a group: the group hears it started, the operator where it went', async () => {
    expect(await dm(operator, '/start')).toMatch(/Hisaab/);
    h.emulator.sendText(operator, group, '/export');
    const [started] = await h.emulator.waitForReplies(group.id, 1, 10_000);
    expect(h.emulator.textOf(started)).toMatch(/Export started; I will tell you in our private chat/);
    // The outcome, which names where the file went, goes to the operator's private chat only.
    const done = await h.emulator.waitFor(
      (m) => m.chat.id === operator.id && /Export done/.test(h.emulator.textOf(m)),
      60_000,
    );
    expect(h.emulator.sent({ chatId: group.id }).map((m) => h.emulator.textOf(m))).not.toContainEqual(
      expect.stringMatching(/written to|Export done/),
    );
    const text = h.emulator.textOf(done);
    expect(text).toMatch(/Export done: 2 users/);
    const file = /written to (\S+\.csv)\./.exec(text)?.[1] as string;
    expect(file.startsWith(join(h.dataDir))).toBe(true);
    const csv = await readFile(file, 'utf8');
    expect(csv).toContain('new@example.com');
    // A mobile number starts with +, which a spreadsheet would read as a formula: it is neutralised.
    expect(csv).toContain("'+919876543210");
  });
});
