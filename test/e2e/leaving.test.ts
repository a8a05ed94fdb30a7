// Someone who leaves a group with a balance: the group is told where they stand
// and how to settle with them, they stay settleable by @username or text mention, they drop out of
// splits among everyone, and if they come back they are the same person with the same balances.
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';

describe('leaving a group', () => {
  let h: TestBot;
  beforeAll(async () => {
    h = await startTestBot();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Waits for the bot's message that matches (answers may be merged while a chat is throttled). */
  function expectMessage(chat: Chat, expected: RegExp): Promise<string> {
    return h.emulator
      .waitFor((m) => m.chat.id === chat.id && expected.test(h.emulator.textOf(m)))
      .then((m) => h.emulator.textOf(m));
  }

  async function say(from: User, chat: Chat, text: string, expected: RegExp): Promise<string> {
    const reply = expectMessage(chat, expected);
    h.emulator.sendText(from, chat, text);
    return reply;
  }

  async function newFlat(title: string) {
    const asha = h.emulator.createUser({ firstName: 'Asha', username: `asha_${title}` });
    const ravi = h.emulator.createUser({ firstName: 'Ravi', username: `ravi_${title}` });
    const meera = h.emulator.createUser({ firstName: 'Meera', username: `meera_${title}` });
    const kabir = h.emulator.createUser({ firstName: 'Kabir' }); // no username
    const group = h.emulator.createGroup({ title, members: [asha, ravi, meera, kabir] });
    for (const user of [asha, ravi, meera, kabir]) {
      await say(user, group, '/start', new RegExp(`Hello ${user.first_name}`));
    }
    return { group, asha, ravi, meera, kabir };
  }

  it('tells the group what a leaver owes and the payments that settle them, once', async () => {
    const { group, asha, ravi } = await newFlat('owing');
    // Everyone owes Asha 300; then Ravi leaves.
    await say(asha, group, '/paid 1200 groceries', /Recorded #\d+.*among all 4: /);
    const told = expectMessage(group, /Ravi left/);
    h.emulator.removeMember(group, ravi);
    const text = await told;
    expect(text).toMatch(/Ravi left the group owing ₹300\.00 here/);
    expect(text).toMatch(/Ravi pays Asha: ₹300\.00/);
    expect(text).not.toMatch(/Meera pays|Kabir pays/);
    // Telegram may say it twice (a service message, then a member update): the group hears it once.
    h.emulator.injectUpdate({
      chat_member: {
        chat: group,
        from: ravi,
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: 'member', user: ravi },
        new_chat_member: { status: 'left', user: ravi },
      },
    });
    await say(asha, group, '/balance', /Your balances/);
    expect(
      h.emulator.sent({ chatId: group.id }).filter((m) => /Ravi left/.test(h.emulator.textOf(m))),
    ).toHaveLength(1);
  });

  it('keeps a leaver settleable by @username and by text mention, out of splits among everyone', async () => {
    const { group, asha, ravi, meera, kabir } = await newFlat('owed');
    // Ravi paid for everyone; Kabir paid Meera's share of something.
    await say(ravi, group, '/paid 800 dinner', /Recorded #\d+.*among all 4: /);
    await say(kabir, group, '/paid 100 exact @meera_owed 100 tea', /Recorded #\d+: ₹100\.00 paid by Kabir/);

    const ravisLeaving = expectMessage(group, /Ravi left/);
    h.emulator.removeMember(group, ravi);
    const told = await ravisLeaving;
    expect(told).toMatch(/Ravi left the group and gets back ₹600\.00 here/);
    expect(told).toMatch(/Asha pays Ravi: ₹200\.00/);

    const kabirsLeaving = expectMessage(group, /Kabir left/);
    h.emulator.removeMember(group, kabir);
    expect(await kabirsLeaving).toMatch(/Kabir left the group owing ₹100\.00 here/);

    // Meera pays Ravi by @username, and Kabir by text mention: both recorded, nobody asked to /start.
    expect(await say(meera, group, '/settle @ravi_owed', /Recorded|start/)).toMatch(
      /Recorded P\d+: Meera paid Ravi ₹200\.00\.\nYou and Ravi are now even\./,
    );
    const byMention = h.emulator.compose(['/settle ', { text: 'Kabir', user: kabir }, ' 100']);
    const settled = expectMessage(group, /Recorded|start/);
    h.emulator.sendText(meera, group, byMention.text, { entities: byMention.entities });
    expect(await settled).toMatch(/Recorded P\d+: Meera paid Kabir ₹100\.00\./);

    // A split among everyone is now among Asha and Meera only: the mention did not bring Kabir back.
    expect(await say(asha, group, '/paid 500 rent', /Recorded/)).toMatch(/split equally among all 2: /);
    const balances = await say(asha, group, '/balances', /Balances/);
    expect(balances).toMatch(/Meera owes Asha: ₹250\.00/);
    expect(balances).toMatch(/Asha owes Ravi: ₹200\.00/);
  });

  it('welcomes someone back as the same person, with the same balances, in splits again', async () => {
    const { group, asha, ravi } = await newFlat('back');
    await say(asha, group, '/paid 400 internet', /Recorded #\d+.*among all 4: /);
    const told = expectMessage(group, /Ravi left/);
    h.emulator.removeMember(group, ravi);
    await told;
    h.emulator.addMember(group, ravi);
    expect(await say(ravi, group, '/balance', /Your balances/)).toMatch(/You owe Asha: ₹100\.00/);
    expect(await say(asha, group, '/paid 300 milk', /Recorded/)).toMatch(/split equally among all 4: /);
    expect(await h.db.prisma.user.count({ where: { telegramId: BigInt(ravi.id) } })).toBe(1);
  });
});
