// The 1000-member split, answers longer than one message, passbook privacy, /export permissions,
// and a restart that loses and repeats nothing.
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';

describe('a 1000-member group', () => {
  let h: TestBot;
  let payer: User;
  let group: Chat;

  beforeAll(async () => {
    h = await startTestBot();
    payer = h.emulator.createUser({ firstName: 'Treasurer', username: 'treasurer' });
    const others = Array.from({ length: 999 }, (_, i) =>
      h.emulator.createUser({ firstName: `Member${i + 1}`, username: `member_${i + 1}` }),
    );
    group = h.emulator.createGroup({ title: 'Housing society', members: [payer], type: 'supergroup' });
    // Members are learned from join updates, as in a real group.
    for (const user of others) h.emulator.addMember(group, user);
    h.emulator.sendText(payer, group, '/start');
    await h.emulator.waitForReplies(group.id, 1, 60_000);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('splits equally among everyone with shares that add up to the amount', async () => {
    h.emulator.sendText(payer, group, '/paid 10000 equal maintenance');
    const [summary] = await h.emulator.waitForReplies(group.id, 1, 60_000);
    const text = h.emulator.textOf(summary);
    expect(text).toMatch(/split equally among all 1000: Member1, .* and 992 more\./);
    expect(text.length).toBeLessThan(4096);
    const shares = await h.db.prisma.expenseShare.findMany();
    expect(shares).toHaveLength(1000);
    const paise = shares.reduce((sum, s) => sum + BigInt(s.share.toFixed(2).replace('.', '')), 0n);
    expect(paise).toBe(1_000_000n);
  });

  it('splits a balance list longer than one message across several, each within the limit', async () => {
    h.emulator.sendText(payer, group, '/balances');
    // The balances, then each person's net (those owed first): read until the nets begin.
    const replies: Awaited<ReturnType<typeof h.emulator.waitForReplies<1>>>[0][] = [];
    while (!replies.some((m) => h.emulator.textOf(m).includes(' gets back '))) {
      const [reply] = await h.emulator.waitForReplies(group.id, 1, 60_000);
      replies.push(reply);
    }
    const lines = replies
      .flatMap((m) => h.emulator.textOf(m).split('\n'))
      .filter((l) => / owes .*: ₹/.test(l));
    expect(lines).toHaveLength(999);
    for (const message of replies) expect(h.emulator.textOf(message).length).toBeLessThanOrEqual(4096);
  });
});

describe('privacy, permissions and restarts', () => {
  let h: TestBot;
  let asha: User;
  let ravi: User;
  let operator: User;
  let group: Chat;

  beforeAll(async () => {
    h = await startTestBot();
    asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    ravi = h.emulator.createUser({ firstName: 'Ravi', username: 'ravi_m' });
    operator = h.emulator.createUser({ firstName: 'Op', username: 'operator' });
    group = h.emulator.createGroup({ title: 'Flat', members: [asha, ravi, operator] });
    for (const user of [asha, ravi]) {
      h.emulator.sendText(user, group, '/start');
      await h.emulator.waitForReplies(group.id, 1);
    }
    h.emulator.sendText(asha, group, '/paid 600 equal @asha_k @ravi_m rent share');
    await h.emulator.waitForReplies(group.id, 1);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('never shows a passbook in the group: it asks the user to open a private chat first', async () => {
    h.emulator.sendText(ravi, group, '/passbook');
    const [reply] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(reply)).toMatch(/private/);
    expect(h.emulator.textOf(reply)).not.toMatch(/rent share/);
  });

  it('sends the passbook to its owner in a DM, with only their own lines', async () => {
    h.emulator.sendText(ravi, 'private', '/start');
    await h.emulator.waitForReplies(ravi.id, 1);
    h.emulator.sendText(ravi, group, '/passbook');
    const [notice] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(notice)).toMatch(/sent your passbook/);
    const [dm] = await h.emulator.waitForReplies(ravi.id, 1);
    const text = h.emulator.textOf(dm);
    expect(text).toMatch(/rent share/);
    expect(text).toMatch(/your share ₹300\.00/);
    expect(text).toMatch(/you owe ₹300\.00/);
  });

  it('refuses /export to anyone not in ADMIN_IDS', async () => {
    h.emulator.sendText(asha, group, '/export');
    const [reply] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(reply)).toMatch(/Only the operators/);
  });

  it('loses and repeats nothing across a restart', async () => {
    await h.restart();
    h.emulator.sendText(ravi, group, '/paid 100 equal @asha_k @ravi_m chai');
    const [reply] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(reply)).toMatch(/Recorded/);
    h.emulator.sendText(ravi, group, '/balances');
    const [balances] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(balances)).toContain('Ravi owes Asha: ₹250.00');
    expect(await h.db.prisma.expense.count()).toBe(2);
  });
});
