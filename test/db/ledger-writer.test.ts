// The one writer of the ledger (hisaab_post and the functions that call it, in
// prisma/migrations/*_one_ledger_writer): the database itself refuses what must never be stored,
// and every write, including undoing a settlement, keeps pair balances, passbooks and nets agreeing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordExpenseSql, undoSettlementSql } from '../../src/db/queries/ledger.js';
import { Decimal } from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { groupBalances } from '../../src/usecases/balances.js';
import { MemberDirectory, type TelegramPerson } from '../../src/usecases/members.js';
import { passbookPage } from '../../src/usecases/passbook.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { recordSettlement } from '../../src/usecases/record-settlement.js';

const person = (n: number): TelegramPerson => ({ id: 7000 + n, firstName: `P${n}`, username: `p${n}` });

describe('the one ledger writer', () => {
  let db: TestDatabase;
  let members: MemberDirectory;
  let chatId = -200_000;
  beforeAll(async () => {
    db = await createTestDatabase();
    members = new MemberDirectory(db.prisma, db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });
  const deps = () => ({ prisma: db.prisma, sql: db.sql, members, clock: () => new Date() });

  /** A group of its own with two members who have each sent something. */
  async function newGroup() {
    const group = { chatId: chatId--, title: 'Writer flat' };
    const a = await members.learnMember(group, person(1));
    const b = await members.learnMember(group, person(2));
    return { group, groupId: a.groupId, a: a.person, b: b.person };
  }

  /**
   * The record function called directly, past the use case (which would never pass shares that do
   * not add up): what the database itself refuses.
   */
  function rawExpense(e: {
    groupId: number;
    chatId: number;
    payerId: number;
    otherId: number;
    amount: string;
    splitType: string;
    description: string;
    shares: [string, string];
    messageId: number;
  }) {
    return db.sql.run(recordExpenseSql, [
      e.groupId,
      e.payerId,
      e.payerId,
      e.amount,
      e.splitType,
      e.description,
      [e.payerId, e.otherId],
      e.shares,
      [null, null],
      String(e.chatId),
      e.messageId,
      new Date().toISOString(),
      null,
      'other',
    ]);
  }

  async function counts() {
    return {
      expenses: await db.prisma.expense.count(),
      shares: await db.prisma.expenseShare.count(),
      entries: await db.prisma.passbookEntry.count(),
      pairs: await db.prisma.pairBalance.count(),
    };
  }

  it('refuses to write pair balances, passbook lines or nets anywhere else', async () => {
    const { groupId, a, b } = await newGroup();
    await expect(
      db.prisma.$executeRaw`INSERT INTO "PairBalance" ("groupId", "lowUserId", "highUserId", "amount")
        VALUES (${groupId}, ${Math.min(a.id, b.id)}, ${Math.max(a.id, b.id)}, 10)`,
    ).rejects.toThrow(/only by hisaab_post/);
    await expect(
      db.prisma
        .$executeRaw`INSERT INTO "PassbookEntry" ("userId", "groupId", "kind", "settlementId", "paid", "share", "delta", "runningNet")
        VALUES (${a.id}, ${groupId}, 'SETTLEMENT', 1, 10, 0, 10, 10)`,
    ).rejects.toThrow(/only by hisaab_post/);
    await expect(db.prisma.user.update({ where: { id: a.id }, data: { net: 5 } })).rejects.toThrow(
      /only by hisaab_post/,
    );
    // Other columns of a user change as usual.
    await db.prisma.user.update({ where: { id: a.id }, data: { email: 'a@example.com' } });
  });

  it('refuses to delete pair balances, passbook lines or nets anywhere else', async () => {
    // People of their own: the other tests read their nets.
    const group = { chatId: chatId--, title: 'Delete flat' };
    const { groupId, person: a } = await members.learnMember(group, person(21));
    const { person: b } = await members.learnMember(group, person(22));
    await recordExpense(deps(), {
      group,
      payer: person(21),
      amount: new Decimal(100),
      splitType: 'EQUAL',
      everyone: false,
      participants: [{ person: { kind: 'username', username: 'p22' } }],
      description: 'kept',
      source: { chatId: group.chatId, messageId: 900 },
    });
    const before = await counts();
    expect(before.pairs).toBeGreaterThan(0);
    await expect(
      db.prisma.$executeRaw`DELETE FROM "PairBalance" WHERE "groupId" = ${groupId}`,
    ).rejects.toThrow(/only by hisaab_post/);
    await expect(
      db.prisma.$executeRaw`DELETE FROM "PassbookEntry" WHERE "groupId" = ${groupId}`,
    ).rejects.toThrow(/only by hisaab_post/);
    await expect(db.prisma.$executeRaw`DELETE FROM "UserNet" WHERE "userId" = ${a.id}`).rejects.toThrow(
      /only by hisaab_post/,
    );
    // Nor through a cascade: deleting the group or a person outside the ledger's own functions.
    await expect(db.prisma.group.delete({ where: { id: groupId } })).rejects.toThrow(/only by hisaab_post/);
    await expect(db.prisma.user.delete({ where: { id: b.id } })).rejects.toThrow(/only by hisaab_post/);
    expect(await counts()).toEqual(before);
  });

  it('refuses an expense whose shares do not add up to its amount, and stores none of it', async () => {
    const { group, groupId, a, b } = await newGroup();
    const before = await counts();
    await expect(
      rawExpense({
        groupId,
        chatId: group.chatId,
        payerId: a.id,
        otherId: b.id,
        amount: '100.00',
        splitType: 'EXACT',
        description: 'short',
        shares: ['40.00', '50.00'],
        messageId: 1,
      }),
    ).rejects.toThrow(/adding up to 90.00, not 100.00/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a negative share and an amount of zero', async () => {
    const { group, groupId, a, b } = await newGroup();
    const before = await counts();
    await expect(
      rawExpense({
        groupId,
        chatId: group.chatId,
        payerId: a.id,
        otherId: b.id,
        amount: '10.00',
        splitType: 'EXACT',
        description: 'negative',
        shares: ['20.00', '-10.00'],
        messageId: 2,
      }),
    ).rejects.toThrow(/ExpenseShare_share_not_negative/);
    await expect(
      rawExpense({
        groupId,
        chatId: group.chatId,
        payerId: a.id,
        otherId: b.id,
        amount: '0.00',
        splitType: 'EQUAL',
        description: 'nothing',
        shares: ['0.00', '0.00'],
        messageId: 3,
      }),
    ).rejects.toThrow(/Expense_amount_positive/);
    expect(await counts()).toEqual(before);
  });

  it('undoes a settlement once: the pair and both passbooks move back', async () => {
    // People of their own: the other tests read their nets.
    const group = { chatId: chatId--, title: 'Delete flat' };
    const { groupId, person: a } = await members.learnMember(group, person(11));
    const { person: b } = await members.learnMember(group, person(12));
    await recordExpense(deps(), {
      group,
      payer: person(11),
      amount: new Decimal(300),
      splitType: 'EQUAL',
      everyone: true,
      participants: [],
      description: 'groceries',
      source: { chatId: group.chatId, messageId: 10 },
    });
    const paid = await recordSettlement(deps(), {
      groupId,
      from: b,
      to: a,
      amount: new Decimal(90000),
      recordedById: b.id,
      source: { chatId: group.chatId, messageId: 11 },
    });
    expect(paid.owedAfter.toFixed(2)).toBe('-89850.00');
    const at = new Date().toISOString();
    expect(await db.sql.run(undoSettlementSql, [paid.id, b.id, at])).toEqual([{ undone: true }]);
    expect(await db.sql.run(undoSettlementSql, [paid.id, b.id, at])).toEqual([{ undone: false }]);

    const { debts } = await groupBalances(deps(), { groupId });
    expect(debts.map((d) => [d.debtor, d.creditor, d.amount.toFixed(2)])).toEqual([[b.id, a.id, '150.00']]);
    const page = await passbookPage(deps(), { userId: b.id });
    expect(
      page.lines.map((l) => [l.kind, l.paid.toFixed(2), l.delta.toFixed(2), l.runningNet.toFixed(2)]),
    ).toEqual([
      ['SETTLEMENT_UNDONE', '-90000.00', '-90000.00', '-150.00'],
      ['SETTLEMENT', '90000.00', '90000.00', '89850.00'],
      ['EXPENSE', '0.00', '-150.00', '-150.00'],
    ]);
    const nets = await db.prisma.user.findMany({
      where: { id: { in: [a.id, b.id] } },
      orderBy: { id: 'asc' },
    });
    expect(nets.map((u) => u.net.toString())).toEqual(['150', '-150']);
  });
});
