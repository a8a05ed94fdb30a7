// The Paid button of a /settleup pay link records its payment exactly once, however often it is
// pressed and by however many instances at once (each with its own member cache, one database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { groupBalances, planSettleUp } from '../../src/usecases/balances.js';
import { MemberDirectory, type Person } from '../../src/usecases/members.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { offerSettleUp, payOffer } from '../../src/usecases/settle-up-offers.js';

describe('settle-up offers', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  const instance = () => {
    const members = new MemberDirectory(db.prisma, db.sql);
    return { prisma: db.prisma, sql: db.sql, members, clock: () => new Date('2026-11-29T10:00:00Z') };
  };

  it('records a payment once when two instances take several presses at the same time', async () => {
    const a = instance();
    const b = instance();
    const group = { chatId: -3_000_001, title: 'Flat' };
    const people: Person[] = [];
    for (const [i, name] of ['Asha', 'Ravi', 'Meera'].entries()) {
      people.push((await a.members.learnMember(group, { id: 3_000_010 + i, firstName: name })).person);
    }
    const [asha, ravi, meera] = people as [Person, Person, Person];
    await db.prisma.user.update({ where: { id: asha.id }, data: { upiId: 'asha@okaxis' } });
    await recordExpense(a, {
      group,
      payer: { id: Number(asha.telegramId), firstName: 'Asha' },
      amount: new Decimal('900'),
      splitType: 'EQUAL',
      everyone: true,
      participants: [],
      description: 'dinner',
      source: { chatId: group.chatId, messageId: 1 },
    });
    const { id: groupId } = await a.members.learnGroup(group);
    const { transfers, state } = await planSettleUp(a, { groupId });
    const { offers } = await offerSettleUp(a, { groupId, transfers, state });
    expect(
      offers.map((o) => [o.transfer.from, o.transfer.to, o.transfer.amount.toFixed(2), o.upiId]),
    ).toEqual(
      expect.arrayContaining([
        [ravi.id, asha.id, '300.00', 'asha@okaxis'],
        [meera.id, asha.id, '300.00', 'asha@okaxis'],
      ]),
    );
    const ravis = offers.find((o) => o.transfer.from === ravi.id);
    const presses = [a, b, a, b].map((deps) =>
      payOffer(deps, { groupId, offerId: ravis?.id as number, payerId: ravi.id, chatId: group.chatId }),
    );
    const results = await Promise.all(presses);
    expect(results.filter((r) => r.outcome === 'recorded')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'already')).toHaveLength(3);
    expect(new Set(results.map((r) => (r.outcome === 'stale' ? 0 : r.id))).size).toBe(1);
    expect(await db.prisma.settlement.count({ where: { groupId } })).toBe(1);
    const { debts } = await groupBalances(a, { groupId });
    expect(debts.map((d) => [d.debtor, d.creditor, d.amount.toFixed(2)])).toEqual([
      [meera.id, asha.id, '300.00'],
    ]);

    // Someone else than the payer cannot pay it for them.
    await expect(
      payOffer(a, { groupId, offerId: ravis?.id as number, payerId: meera.id, chatId: group.chatId }),
    ).rejects.toThrow('Only Ravi can say they paid this.');
    // An offer of another group is not found from this one.
    await expect(
      payOffer(a, { groupId: groupId + 1000, offerId: ravis?.id as number, payerId: ravi.id, chatId: 1 }),
    ).rejects.toThrow('That settle-up is no longer there; send /settleup again.');
  });
});
