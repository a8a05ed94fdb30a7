// The brief's worked example, typed into a group chat, must give exactly its five balances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';

describe('the worked example in a group chat', () => {
  let h: TestBot;
  beforeAll(async () => {
    h = await startTestBot();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('records the three expenses and shows exactly the five netted balances', async () => {
    const { emulator } = h;
    const [u1, u2, u3, u4] = [1, 2, 3, 4].map((n) =>
      emulator.createUser({ firstName: `User${n}`, username: `u${n}` }),
    ) as [
      ReturnType<typeof emulator.createUser>,
      ReturnType<typeof emulator.createUser>,
      ReturnType<typeof emulator.createUser>,
      ReturnType<typeof emulator.createUser>,
    ];
    const group = emulator.createGroup({ title: 'Flat 42', members: [u1, u2, u3, u4] });
    for (const user of [u1, u2, u3, u4]) {
      emulator.sendText(user, group, '/start');
      await emulator.waitForReplies(group.id, 1);
    }

    emulator.sendText(u1, group, '/paid 1000 equal @u1 @u2 @u3 @u4 electricity bill');
    const [first] = await emulator.waitForReplies(group.id, 1);
    expect(emulator.textOf(first)).toContain('User2 owes User1: ₹250.00');

    emulator.sendText(u1, group, '/paid 1250 exact @u2 370 @u3 880 flipkart sale');
    const [second] = await emulator.waitForReplies(group.id, 1);
    expect(emulator.textOf(second)).toContain('User3 owes User1: ₹880.00');

    emulator.sendText(u4, group, '/paid 1200 percent @u1 40 @u2 20 @u3 20 @u4 20 dinner out');
    const [third] = await emulator.waitForReplies(group.id, 1);
    expect(emulator.textOf(third)).toContain('User1 owes User4: ₹480.00');

    emulator.sendText(u2, group, '/balances');
    const [balances] = await emulator.waitForReplies(group.id, 1);
    const text = emulator.textOf(balances).split('\n');
    const lines = text.filter((line) => /^\S+ owes \S+: ₹/.test(line)).sort();
    expect(lines).toEqual(
      [
        'User1 owes User4: ₹230.00',
        'User2 owes User1: ₹620.00',
        'User2 owes User4: ₹240.00',
        'User3 owes User1: ₹1,130.00',
        'User3 owes User4: ₹240.00',
      ].sort(),
    );
    // Then each person's net, those owed first.
    expect(text.at(-1)).toBe(
      'User1 gets back ₹1,520.00 · User4 gets back ₹710.00 · User3 owes ₹1,370.00 · User2 owes ₹860.00',
    );
  });
});
