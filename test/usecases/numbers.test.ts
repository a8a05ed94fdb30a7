// Numbers count within each group (#1, #2 … and P1, P2 …), against a real database: given by the
// insert trigger of migration *_numbers_per_group, never twice in a group even when two instances
// record at once, no gap for a message delivered again, and an old global id the group's numbers
// never reached still finds that group's own row (find-by-number.ts), never another group's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { UseCaseError } from '../../src/usecases/errors.js';
import { findExpenseByNumber, findSettlementByNumber } from '../../src/usecases/find-by-number.js';
import { MemberDirectory, type TelegramGroup, type TelegramPerson } from '../../src/usecases/members.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { recordSettlement } from '../../src/usecases/record-settlement.js';

const person = (n: number): TelegramPerson => ({ id: 7000 + n, firstName: `N${n}`, username: `n${n}` });
const named = (n: number) => ({ person: { kind: 'username' as const, username: `n${n}` } });

describe('numbers per group', () => {
  let db: TestDatabase;
  let members: MemberDirectory;
  let nextChat = -400_000;
  let messageId = 1;
  beforeAll(async () => {
    db = await createTestDatabase();
    members = new MemberDirectory(db.prisma, db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });
  const deps = () => ({ prisma: db.prisma, sql: db.sql, members, clock: () => new Date() });

  async function flat(): Promise<{ group: TelegramGroup; groupId: number }> {
    const group = { chatId: nextChat--, title: 'Flat' };
    for (const n of [1, 2, 3]) await members.learnMember(group, person(n));
    return { group, groupId: (await members.learnGroup(group)).id };
  }

  function paid(
    group: TelegramGroup,
    amount: number,
    source = { chatId: group.chatId, messageId: messageId++ },
  ) {
    return recordExpense(deps(), {
      group,
      payer: person(1),
      amount: new Decimal(amount),
      splitType: 'EQUAL',
      everyone: false,
      participants: [named(1), named(2)],
      description: 'chai',
      source,
    });
  }

  async function paidBack(group: TelegramGroup, groupId: number) {
    const [from, to] = await members.resolve(group, [named(2).person, named(1).person]);
    if (!from || !to) throw new Error('members not known');
    return recordSettlement(deps(), {
      groupId,
      from,
      to,
      amount: new Decimal(10),
      recordedById: from.id,
      source: { chatId: group.chatId, messageId: messageId++ },
    });
  }

  it('starts at #1 and P1 in every group, whatever the ids, and counts on from there', async () => {
    // A busy bot: ids far beyond what any one group has seen.
    await db.prisma.$executeRawUnsafe(`SELECT setval('"Expense_id_seq"', 8451)`);
    await db.prisma.$executeRawUnsafe(`SELECT setval('"Settlement_id_seq"', 611)`);
    const a = await flat();
    const b = await flat();
    const first = await paid(a.group, 100);
    expect(first).toMatchObject({ id: 8452, number: 1 });
    expect((await paid(a.group, 200)).number).toBe(2);
    expect((await paid(b.group, 300)).number).toBe(1);
    expect((await paidBack(b.group, b.groupId)).number).toBe(1);
    expect((await paidBack(b.group, b.groupId)).number).toBe(2);
    expect((await paidBack(a.group, a.groupId)).number).toBe(1);
  });

  it('gives a message delivered again its first number, and the next message the next one (no gap)', async () => {
    const { group } = await flat();
    const source = { chatId: group.chatId, messageId: messageId++ };
    const first = await paid(group, 100, source);
    const again = await paid(group, 100, source);
    expect(again).toMatchObject({ id: first.id, number: 1, created: false });
    expect((await paid(group, 50)).number).toBe(2);
  });

  it('never gives one number twice when expenses are recorded at the same moment', async () => {
    const { group, groupId } = await flat();
    const recorded = await Promise.all(Array.from({ length: 12 }, (_, i) => paid(group, 10 + i)));
    expect(recorded.map((r) => r.number).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const stored = await db.prisma.group.findUniqueOrThrow({ where: { id: groupId } });
    expect(stored.lastExpenseNumber).toBe(12);
  });

  it('finds a number in its group, and an old id only in its own group beyond the group’s numbers', async () => {
    const a = await flat();
    const b = await flat();
    const one = await paid(a.group, 100);
    const two = await paid(a.group, 200);
    await paid(b.group, 300);
    expect(await findExpenseByNumber(deps(), { groupId: a.groupId, number: 2 })).toEqual({
      id: two.id,
      number: 2,
      typedOldId: null,
    });
    // #8460-odd is what people saw before numbers counted per group: it still finds that expense.
    expect(await findExpenseByNumber(deps(), { groupId: a.groupId, number: one.id })).toEqual({
      id: one.id,
      number: 1,
      typedOldId: one.id,
    });
    // Another group's old id finds nothing here, and says so in the usual sentence.
    const refusal = await findExpenseByNumber(deps(), { groupId: b.groupId, number: one.id }).catch((e) => e);
    expect(refusal).toBeInstanceOf(UseCaseError);
    expect((refusal as UseCaseError).message).toBe(
      `There is no expense #${one.id} in this group; /expenses lists them with their numbers.`,
    );
    const p = await paidBack(a.group, a.groupId);
    expect(await findSettlementByNumber(deps(), { groupId: a.groupId, number: p.id })).toMatchObject({
      id: p.id,
      number: p.number,
      typedOldId: p.id,
    });
  });
});
