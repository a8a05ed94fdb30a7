// The Mini App's reads as use cases, on PGlite or the server in TEST_DATABASE_URL: a filtered search
// pages through every match exactly once, LIKE's own characters are taken literally, spending sums
// agree with the expenses, undone ones count nowhere, and the running net's history ends at the net.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { currentMember } from '../../src/usecases/current-member.js';
import { groupSpending } from '../../src/usecases/group-spending.js';
import { MemberDirectory, type TelegramPerson } from '../../src/usecases/members.js';
import { netHistory } from '../../src/usecases/net-history.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { likePattern, searchExpenses } from '../../src/usecases/search-expenses.js';
import { undoExpense } from '../../src/usecases/undo-expense.js';

const d = (v: string | number) => new Decimal(v);
const person = (n: number): TelegramPerson => ({ id: 3000 + n, firstName: `User${n}`, username: `m${n}` });
const NOW = new Date('2026-11-29T10:00:00Z');

describe("the Mini App's reads", () => {
  let db: TestDatabase;
  let members: MemberDirectory;
  let groupId: number;
  let messageId = 1;
  const group = { chatId: -100888, title: 'Flat 8' };
  const deps = () => ({ prisma: db.prisma, sql: db.sql, members, clock: () => NOW });
  const ids: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    members = new MemberDirectory(db.prisma, db.sql);
    for (const n of [1, 2, 3]) await members.learnMember(group, person(n));
    groupId = (await db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(group.chatId) } })).id;
    // 24 expenses: "item 1".."item 23" and "100% cotton_shirt"; paid by User1 (odd) or User2 (even).
    for (let i = 1; i <= 24; i++) {
      const recorded = await recordExpense(deps(), {
        group,
        payer: person(i % 2 === 0 ? 2 : 1),
        amount: d(10 * i),
        splitType: 'EQUAL',
        everyone: false,
        participants: (i % 3 === 0 ? [1, 2, 3] : [1, 2]).map((n) => ({
          person: { kind: 'username' as const, username: `m${n}` },
        })),
        description: i === 24 ? '100% cotton_shirt' : `item ${i}`,
        source: { chatId: group.chatId, messageId: messageId++ },
      });
      ids.push(recorded.id);
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  it('pages through every match exactly once, newest first', async () => {
    const seen: number[] = [];
    let before: number | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await searchExpenses(deps(), { groupId, limit: 5, ...(before ? { before } : {}) });
      expect(result.count).toBe(24);
      seen.push(...result.items.map((i) => i.id));
      if (result.nextBefore === null) break;
      before = result.nextBefore;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by words, payer, someone sharing, and takes % and _ literally', async () => {
    const user3 = await db.prisma.user.findFirstOrThrow({ where: { username: 'm3' } });
    const user2 = await db.prisma.user.findFirstOrThrow({ where: { username: 'm2' } });
    // Words in order, anything between them: "item 2" is also "item 12".
    const item2x = await searchExpenses(deps(), { groupId, text: 'ITEM 2' });
    expect(item2x.items.map((i) => i.description)).toEqual([
      'item 23',
      'item 22',
      'item 21',
      'item 20',
      'item 12',
      'item 2',
    ]);
    expect((await searchExpenses(deps(), { groupId, text: '100%' })).count).toBe(1);
    expect((await searchExpenses(deps(), { groupId, text: '0%c' })).count).toBe(0);
    expect((await searchExpenses(deps(), { groupId, text: 'n_s' })).count).toBe(1);
    expect((await searchExpenses(deps(), { groupId, text: 'm_1' })).count).toBe(0);
    expect(likePattern('  cotton   shirt ')).toBe('%cotton%shirt%');
    const shared = await searchExpenses(deps(), {
      groupId,
      personId: user3.id,
      payerId: user2.id,
      limit: 100,
    });
    expect(shared.items.map((i) => i.description)).toEqual([
      '100% cotton_shirt',
      'item 18',
      'item 12',
      'item 6',
    ]);
    expect(shared.total.toFixed(2)).toBe('600.00');
  });

  it('sums spending by month and person as the expenses add up; undone ones count nowhere', async () => {
    const before = await groupSpending(deps(), { groupId });
    expect(before.total.toFixed(2)).toBe('3000.00'); // 10 × (1 + … + 24)
    const shares = before.people.reduce((sum, p) => sum.plus(p.share), d(0));
    const paid = before.people.reduce((sum, p) => sum.plus(p.paid), d(0));
    expect(shares.toFixed(2)).toBe('3000.00');
    expect(paid.toFixed(2)).toBe('3000.00');
    expect(before.months).toEqual([{ month: '2026-11', count: 24, total: d(3000) }]);
    const user2 = await db.prisma.user.findFirstOrThrow({ where: { username: 'm2' } });
    await undoExpense(deps(), {
      groupId,
      expenseId: ids[23] as number,
      requesterId: user2.id,
      requesterIsAdmin: false,
    });
    const after = await groupSpending(deps(), { groupId });
    expect(after.total.toFixed(2)).toBe('2760.00');
    expect(after.count).toBe(23);
    expect(after.people.reduce((sum, p) => sum.plus(p.share), d(0)).toFixed(2)).toBe('2760.00');
    expect((await searchExpenses(deps(), { groupId })).count).toBe(23);
    const withUndone = await searchExpenses(deps(), { groupId, includeUndone: true });
    expect(withUndone.count).toBe(24);
    expect(withUndone.items[0]?.undone).toBe(true);
    expect(withUndone.total.toFixed(2)).toBe('2760.00');
  });

  it('draws the running net from the passbook and ends at the person’s net', async () => {
    const user1 = await db.prisma.user.findFirstOrThrow({ where: { username: 'm1' } });
    const history = await netHistory(deps(), { userId: user1.id });
    expect(history.length).toBeGreaterThan(1);
    expect(history.at(-1)?.net.toFixed(2)).toBe(user1.net.toFixed(2));
  });

  it('knows current members only', async () => {
    expect((await currentMember(deps(), { groupId, telegramId: 3001 }))?.groupTitle).toBe('Flat 8');
    expect(await currentMember(deps(), { groupId, telegramId: 9999 })).toBeNull();
    const user2 = await db.prisma.user.findFirstOrThrow({ where: { username: 'm2' } });
    await db.prisma.membership.update({
      where: { groupId_userId: { groupId, userId: user2.id } },
      data: { leftAt: NOW },
    });
    expect(await currentMember(deps(), { groupId, telegramId: 3002 })).toBeNull();
  });
});
