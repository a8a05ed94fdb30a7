// hisaab_record_occurrence: an occurrence of a recurring expense is recorded once, whoever calls it
// and however often (two instances at once, a sweep repeated after a crash), with the expense posted
// through the one ledger writer and the rule moved on in the same transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOccurrenceSql } from '../../src/db/queries/recurring.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { MemberDirectory } from '../../src/usecases/members.js';

describe('recording an occurrence', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('records it once when called twice at the same time, and moves the rule on', async () => {
    const members = new MemberDirectory(db.prisma, db.sql);
    const group = { chatId: -300_001, title: 'Occurrence flat' };
    const { groupId, person: a } = await members.learnMember(group, { id: 8001, firstName: 'A' });
    const { person: b } = await members.learnMember(group, { id: 8002, firstName: 'B' });
    const at = new Date('2026-12-01T09:01:00Z');
    const rule = await db.prisma.recurringRule.create({
      data: {
        groupId,
        createdById: a.id,
        schedule: { every: 'month', day: 1 },
        paidText: '/paid 1000 everyone rent',
        paidEntities: [],
        amount: '1000',
        description: 'rent',
        nextDueOn: new Date('2026-12-01T00:00:00Z'),
        nextDueAt: new Date('2026-12-01T09:00:00Z'),
        createdAt: at,
        updatedAt: at,
        sourceChatId: BigInt(group.chatId),
        sourceMessageId: 1,
      },
    });
    const call = () =>
      db.sql.run(recordOccurrenceSql, [
        rule.id,
        '2026-12-01',
        false,
        0,
        '2027-01-01',
        '2027-01-01T09:00:00.000Z',
        groupId,
        a.id,
        a.id,
        '1000.00',
        'EQUAL',
        'rent',
        [a.id, b.id],
        ['500.00', '500.00'],
        [null, null],
        at.toISOString(),
        'rent',
      ]);
    const [[first], [second]] = await Promise.all([call(), call()]);
    expect([first?.created, second?.created].sort()).toEqual([false, true]);
    expect(first?.expenseId).toBe(second?.expenseId);
    const [[third]] = await Promise.all([call()]);
    expect(third?.created).toBe(false);

    const expenses = await db.prisma.expense.findMany({ where: { groupId }, include: { shares: true } });
    expect(expenses).toHaveLength(1);
    expect(expenses[0]?.sourceChatId).toBe(0n);
    expect(expenses[0]?.sourceMessageId).toBeLessThan(0);
    expect(expenses[0]?.spentOn.toISOString().slice(0, 10)).toBe('2026-12-01');
    expect(expenses[0]?.category).toBe('rent');
    const pair = await db.prisma.pairBalance.findMany({ where: { groupId } });
    expect(pair.map((p) => p.amount.abs().toString())).toEqual(['500']);
    const moved = await db.prisma.recurringRule.findUniqueOrThrow({ where: { id: rule.id } });
    expect(moved.nextDueOn.toISOString().slice(0, 10)).toBe('2027-01-01');
    expect(await db.prisma.recurringOccurrence.count({ where: { ruleId: rule.id } })).toBe(1);
  });
});
