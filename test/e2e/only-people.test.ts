// Only people are people: a message sent as a chat (an anonymous admin, a channel) or by a bot is
// never a member or a participant, and a command from one gets one plain refusal.
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';

describe('messages not sent by a person', () => {
  let h: TestBot;
  let asha: User;
  let ravi: User;
  let group: Chat;
  let channel: Chat;

  async function say(from: User, text: string): Promise<string> {
    h.emulator.sendText(from, group, text);
    const [reply] = await h.emulator.waitForReplies(group.id, 1);
    return h.emulator.textOf(reply);
  }

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
    asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    ravi = h.emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
    group = h.emulator.createGroup({ title: 'Flat 42', members: [asha, ravi], admins: [asha] });
    channel = { id: -1_009_999_000_001, type: 'channel', title: 'Flat 42 news' } as Chat;
    for (const user of [asha, ravi]) await say(user, '/start');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("refuses an anonymous admin's /paid with one plain sentence and records nothing", async () => {
    h.emulator.sendAsChat(group, group, '/paid 500 equal @asha_k @ravi_m pizza');
    const [reply] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(reply)).toMatch(/post as yourself/i);
    expect(await h.db.prisma.expense.count()).toBe(0);
  });

  it("refuses a channel's command in its discussion group, and learns nobody from its posts", async () => {
    h.emulator.sendAsChat(channel, group, 'Rent is due on Friday');
    h.emulator.sendAsChat(channel, group, '/paid 100 @asha_k');
    const [reply] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(reply)).toMatch(/post as yourself/i);
    expect(await h.db.prisma.expense.count()).toBe(0);
  });

  it('never counts the group, a channel or a bot among everyone, nor in /balances', async () => {
    const helper: User = { id: 5_550_001, is_bot: true, first_name: 'Helper', username: 'helper_bot' };
    h.emulator.sendText(helper, group, 'beep');
    const split = await say(asha, '/paid 300 groceries');
    expect(split).toMatch(/among (all )?2\b/);
    expect(split).not.toMatch(/Group|Telegram|Helper/);
    const balances = await say(ravi, '/balances');
    expect(balances).toContain('Ravi owes Asha: ₹150.00');
    expect(balances).not.toMatch(/Group|Telegram|Helper/);
    const names = (await h.db.prisma.user.findMany({ select: { firstName: true } })).map((u) => u.firstName);
    expect(names.sort()).toEqual(['Asha', 'Ravi']);
  });

  it('refuses a bot named by text mention as a participant', async () => {
    const helper: User = { id: 5_550_002, is_bot: true, first_name: 'Splitter', username: 'splitter_bot' };
    const { text, entities } = h.emulator.compose([
      '/paid 100 equal me ',
      { text: 'Splitter', user: helper },
    ]);
    h.emulator.sendText(asha, group, text, { entities });
    const [reply] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(reply)).toMatch(/Splitter is a bot/);
    expect(await h.db.prisma.user.count({ where: { telegramId: BigInt(helper.id) } })).toBe(0);
  });
});
