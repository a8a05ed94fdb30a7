// /balances agrees with /settleup: people who pay exactly what the plan proposes, and record it with
// /settle, are told they are all settled (debt cycles are cancelled, so nets of zero show nothing). The brief's worked example has no cycle
// of debts, so its five balances stay exactly as they are.
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';

describe('balances that agree with the settle-up plan', () => {
  let h: TestBot;
  beforeAll(async () => {
    h = await startTestBot();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Sends a command and waits for the bot's answer that matches (answers may be merged while throttled). */
  async function say(from: User, chat: Chat, text: string, expected: RegExp): Promise<string> {
    const reply = h.emulator.waitFor((m) => m.chat.id === chat.id && expected.test(h.emulator.textOf(m)));
    h.emulator.sendText(from, chat, text);
    return h.emulator.textOf(await reply);
  }

  async function workedExample(): Promise<{ group: Chat; users: User[] }> {
    const users = [1, 2, 3, 4].map((n) =>
      h.emulator.createUser({ firstName: `User${n}`, username: `u${n}` }),
    );
    const [u1, , , u4] = users as [User, User, User, User];
    const group = h.emulator.createGroup({ title: 'Flat 42', members: users });
    for (const user of users) await say(user, group, '/start', new RegExp(`Hello ${user.first_name}`));
    await say(u1, group, '/paid 1000 equal @u1 @u2 @u3 @u4 electricity bill', /Recorded #\d+: ₹1,000\.00/);
    await say(u1, group, '/paid 1250 exact @u2 370 @u3 880 flipkart sale', /Recorded #\d+: ₹1,250\.00/);
    await say(
      u4,
      group,
      '/paid 1200 percent @u1 40 @u2 20 @u3 20 @u4 20 dinner out',
      /Recorded #\d+: ₹1,200\.00/,
    );
    return { group, users };
  }

  it('after paying exactly the /settleup plan and recording it, /balances says all settled', async () => {
    const { group, users } = await workedExample();
    const byName = new Map(users.map((u) => [u.first_name, u]));
    const plan = await say(users[1] as User, group, '/settleup', /Settle up in/);
    const payments = [...plan.matchAll(/^(\S+) pays (\S+): ₹([\d,.]+)$/gm)].map(([, from, to, amount]) => ({
      from: byName.get(from as string) as User,
      to: byName.get(to as string) as User,
      amount: (amount as string).replaceAll(',', ''),
    }));
    expect(payments.length).toBe(3);
    const standings: string[] = [];
    for (const p of payments) {
      const reply = await say(p.from, group, `/settle @${p.to.username} ${p.amount}`, /Recorded P\d+: /);
      standings.push(reply);
    }
    // The last payment leaves everyone even: its pair too, not "still owes".
    expect(standings.at(-1)).toMatch(/are now even\./m);
    const balances = await say(users[0] as User, group, '/balances', /settled|Balances/);
    expect(balances).toBe('All settled: nobody owes anybody here.');
    expect(await say(users[0] as User, group, '/settleup', /settled|Settle up/)).toBe(
      'All settled: nothing to pay.',
    );
  });

  it('keeps the worked example exactly as it is, and ends /balances with each net', async () => {
    const { group, users } = await workedExample();
    const balances = await say(users[1] as User, group, '/balances', /Balances/);
    expect(balances.split('\n')).toEqual([
      'Balances (pairwise)',
      'User3 owes User1: ₹1,130.00',
      'User2 owes User1: ₹620.00',
      'User2 owes User4: ₹240.00',
      'User3 owes User4: ₹240.00',
      'User1 owes User4: ₹230.00',
      'User1 gets back ₹1,520.00 · User4 gets back ₹710.00 · User3 owes ₹1,370.00 · User2 owes ₹860.00',
    ]);
  });

  it('cancels a cycle of debts: A owes B, B owes C, C owes A the same, and nobody owes anybody', async () => {
    const users = ['Asha', 'Ravi', 'Meera'].map((n) =>
      h.emulator.createUser({ firstName: n, username: n.toLowerCase() }),
    );
    const [asha, ravi, meera] = users as [User, User, User];
    const group = h.emulator.createGroup({ title: 'Cycle', members: users });
    for (const user of users) await say(user, group, '/start', new RegExp(`Hello ${user.first_name}`));
    await say(asha, group, '/paid 300 exact @ravi 300 tickets', /Recorded/);
    await say(ravi, group, '/paid 300 exact @meera 300 cab', /Recorded/);
    await say(meera, group, '/paid 500 exact @asha 500 groceries', /Recorded/);
    // Ravi owes Asha 300, Meera owes Ravi 300, Asha owes Meera 500: the cycle of 300 cancels.
    expect(await say(asha, group, '/balances', /Balances/)).toBe(
      ['Balances (pairwise)', 'Asha owes Meera: ₹200.00', 'Meera gets back ₹200.00 · Asha owes ₹200.00'].join(
        '\n',
      ),
    );
    // What /settle reads agrees: with no amount Asha pays what /balances shows, and the pair is even.
    expect(await say(asha, group, '/settle @meera', /Recorded/)).toMatch(
      /Asha paid Meera ₹200\.00\.\nYou and Meera are now even\./,
    );
    expect(await say(ravi, group, '/balances', /settled|Balances/)).toBe(
      'All settled: nobody owes anybody here.',
    );
  });
});
