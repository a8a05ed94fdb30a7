// End to end: commands typed the way a new flat types them on a phone, each finding first
// reproduced here. Every test builds its own group; replies are awaited by what they say, since the
// emulator may merge answers while a chat is throttled.
import type { Chat, Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { expensesIn, newFlat as flatFor, replyTo } from '../support/flat.js';

describe('typed the way people type', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Sends a message and resolves with the first answer in that chat that matches. */
  const expenses = (group: Chat) => expensesIn(h, group);

  const newFlat = () => flatFor(h, { usernames: false });

  async function ask(from: User, chat: Chat | 'private', text: string, expected: RegExp): Promise<string> {
    return h.emulator.textOf(await replyTo(h, from, chat, text, expected));
  }

  /** Everything the bot has sent to a chat since `from` messages, as text. */
  function sentSince(chat: Chat, from: number): string[] {
    return h.emulator
      .sent({ chatId: chat.id })
      .slice(from)
      .map((m: Message) => h.emulator.textOf(m));
  }

  it('reads a command in any letter case: /Paid, as a phone keyboard capitalises it', async () => {
    const { group, asha } = await newFlat();
    await ask(asha, group, '/Paid 300 maggi', /Recorded/);
    const [expense] = await expenses(group);
    expect(expense?.amount.toString()).toBe('300');
    expect(expense?.description).toBe('maggi');
    await ask(asha, group, '/BALANCES', /owes Asha/);
  });

  it.each([
    ['/pay 300 chai', /\/paid, like: \/paid 300/],
    ['/spent 300 chai', /\/paid, like:/],
    ['/balnce', /send \/balance\b/],
    ['/bal', /send \/balance\b/],
    ['/settle_up', /send \/settleup/],
    ['/expnses 2', /send \/expenses, like: \/expenses 2/],
    ['/got 500 @ravi_m', /send \/received, like:/],
  ])('points %s to the right command, recording nothing', async (text, expected) => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, text, /is not one of my commands/);
    expect(reply).toMatch(expected);
    expect(reply.split('\n')).toHaveLength(1);
    expect(await expenses(group)).toHaveLength(0);
  });

  it('stays quiet about commands in a group that are nothing like ours, or meant for another bot', async () => {
    const { group, asha } = await newFlat();
    const before = h.emulator.sent({ chatId: group.id }).length;
    h.emulator.sendText(asha, group, '/weather');
    h.emulator.sendText(asha, group, '/pay@OtherBot 300');
    await ask(asha, group, '/balance', /balance|owe|even|nothing/i);
    expect(sentSince(group, before).filter((t) => /not one of my commands/.test(t))).toHaveLength(0);
  });

  it('never meets an unknown command in a private chat with silence', async () => {
    const { asha } = await newFlat();
    await ask(asha, 'private', '/weather', /\/help/);
    await ask(asha, 'private', '/pasbook', /send \/passbook/);
  });

  it.each([
    ['/paid 1 lakh deposit', '100000', /₹1,00,000\.00 \(1 lakh\)/],
    ['/paid 1.5k chai', '1500', /₹1,500\.00 \(1\.5k\)/],
    ['/paid 12K rent', '12000', /₹12,000\.00 \(12K\)/],
    ['/paid 250+180+90 veggies', '520', /₹520\.00 \(250\+180\+90\)/],
    ['/paid ५०० सब्ज़ी', '500', /₹500\.00 \(५००\)/],
  ])('records %s exactly and shows what it understood', async (text, amount, shown) => {
    const { group, asha } = await newFlat();
    await ask(asha, group, text, shown);
    const [expense] = await expenses(group);
    expect(expense?.amount.toString()).toBe(amount);
  });

  it('takes a member named by first name before me as a participant, not as the description', async () => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, '/paid 300 Meera me auto fare', /Recorded/);
    expect(reply).toContain('Meera Iyer owes Asha: ₹150.00');
    expect(reply).toMatch(/for auto fare, split equally among 2/);
    const [expense] = await expenses(group);
    expect(expense?.description).toBe('auto fare');
    expect(expense?.shares.map((s) => s.user.firstName).sort()).toEqual(['Asha', 'Meera']);
  });

  it('takes names after the amount when they name members, and keeps the rest as the description', async () => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, '/paid 300 Kabir Meera Iyer auto fare', /Recorded/);
    expect(reply).toContain('Kabir owes Asha: ₹150.00');
    expect(reply).toContain('Meera Iyer owes Asha: ₹150.00');
    expect(reply).toMatch(/for auto fare/);
  });

  it('reads me,@ravi_m as two people', async () => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, '/paid 600 me,@ravi_m ola', /Recorded/);
    expect(reply).toContain('Ravi owes Asha: ₹300.00');
    expect(reply).toMatch(/for ola, split equally among 2/);
  });

  it('names someone without a username who sent /start by @first name', async () => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, '/paid 300 @Kabir me', /Recorded|know/);
    expect(reply).toContain('Kabir owes Asha: ₹150.00');
  });

  it('refuses every unknown name in one reply, recording nothing', async () => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, '/paid 300 @nobody_x Zed me snacks', /know/);
    expect(reply).toMatch(/@nobody_x/);
    expect(reply).toMatch(/Zed/);
    expect(reply).toMatch(/\/start/);
    expect(reply.split('\n')).toHaveLength(1);
    expect(await expenses(group)).toHaveLength(0);
  });

  it('refuses a name that fits two members, saying who they could be', async () => {
    const { group, asha } = await newFlat();
    const other = h.emulator.createUser({ firstName: 'Ravi', lastName: 'Shah' });
    h.emulator.addMember(group, other);
    await ask(other, group, '/start', /Hello Ravi/);
    const reply = await ask(asha, group, '/paid 300 Ravi me chai', /could be/);
    expect(reply).toMatch(/Ravi Shah/);
    expect(reply).toMatch(/@ravi_m/);
    expect(await expenses(group)).toHaveLength(0);
  });

  it('says who everyone was in an everyone-split', async () => {
    const { group, ravi } = await newFlat();
    const reply = await ask(ravi, group, '/paid 1000 groceries', /Recorded/);
    expect(reply).toMatch(/among all 4: Asha, Ravi, Meera Iyer, Kabir/);
  });

  it('points out that the payer is not in an equal split they left themselves out of', async () => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, '/paid 300 @ravi_m Kabir dinner', /Recorded/);
    expect(reply).toContain('Ravi owes Asha: ₹150.00');
    expect(reply).toMatch(/You are not in this split; add me to include yourself/);
    const included = await ask(asha, group, '/paid 300 @ravi_m me lunch', /Recorded/);
    expect(included).not.toMatch(/not in this split/);
  });

  it('answers a bare /paid with the guided flow, which also shows the one-message form', async () => {
    const { group, asha } = await newFlat();
    const reply = await ask(asha, group, '/paid', /\/paid 1200 equal/);
    expect(reply).not.toMatch(/Write the amount first/);
    expect(reply).toMatch(/1\.5k/);
  });

  it('says hello when added to a group, telling everyone to send /start', async () => {
    const asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    const kabir = h.emulator.createUser({ firstName: 'Kabir' });
    const group = h.emulator.createGroup({ title: 'New flat', members: [asha, kabir] });
    const hello = h.emulator.waitFor((m) => m.chat.id === group.id && /\/start/.test(h.emulator.textOf(m)));
    h.emulator.injectUpdate({
      my_chat_member: {
        chat: group,
        from: asha,
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: 'left', user: h.emulator.bot },
        new_chat_member: { status: 'member', user: h.emulator.bot },
      },
    } as never);
    const message = await hello;
    const text = h.emulator.textOf(message);
    expect(text).toMatch(/everyone/i);
    expect(text).toMatch(/\/paid/);

    // Join registers whoever presses it: Kabir never wrote, and is in the next everyone-split.
    const press = h.emulator.pressButton(kabir, message, 'join');
    const answered = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (call) => call.params.callback_query_id === press.callback_query?.id,
    );
    expect(answered.params.text).toMatch(/Welcome, Kabir/);
    await ask(asha, group, '/paid 200 tea', /among all 2: Asha, Kabir/);
  });

  it("names who joined since the group's last everyone-split", async () => {
    const { group, asha } = await newFlat();
    const first = await ask(asha, group, '/paid 400 everyone chai', /Recorded/);
    expect(first).not.toMatch(/New since/);
    const zoya = h.emulator.createUser({ firstName: 'Zoya', username: 'zoya_s' });
    h.emulator.addMember(group, zoya);
    await ask(zoya, group, '/start', /Hello Zoya/);
    const second = await ask(asha, group, '/paid 500 everyone snacks', /Recorded/);
    expect(second).toMatch(/among all 5: .*Zoya/);
    expect(second).toMatch(/New since the last split among everyone: Zoya\./);
    // Named splits leave the marker alone; the next everyone-split has nobody new.
    await ask(asha, group, '/paid 100 @zoya_s tea', /Recorded/);
    expect(await ask(asha, group, '/paid 600 everyone milk', /Recorded/)).not.toMatch(/New since/);
  });
});
