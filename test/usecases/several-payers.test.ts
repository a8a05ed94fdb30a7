// Several payers on one expense, as use cases (PGlite, or the server in TEST_DATABASE_URL): what each
// paid is stored with the expense, each debtor owes each payer in proportion to what that payer paid
// beyond their own share, /expense shows every payer, the passbooks say what each paid, an undo takes
// it all back, and payers that do not add up are refused in one sentence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { groupBalances } from '../../src/usecases/balances.js';
import { MemberDirectory, type TelegramPerson } from '../../src/usecases/members.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { reviseExpense } from '../../src/usecases/revise-expense.js';
import { showExpense } from '../../src/usecases/show-expense.js';
import { undoExpense } from '../../src/usecases/undo-expense.js';

const d = (v: string | number) => new Decimal(v);
const NAMES = ['Asha', 'Ravi', 'Meera', 'Kabir'];
const person = (n: number): TelegramPerson => ({
  id: 3100 + n,
  firstName: NAMES[n] as string,
  username: (NAMES[n] as string).toLowerCase(),
});
const at = (n: number) => ({
  person: { kind: 'username' as const, username: (NAMES[n] as string).toLowerCase() },
});
const NOW = new Date('2026-12-07T10:00:00Z');

describe('an expense with several payers', () => {
  let db: TestDatabase;
  let members: MemberDirectory;
  let groupId = 0;
  let messageId = 1;
  const group = { chatId: -100_931, title: 'Flat 9' };
  const ids: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    members = new MemberDirectory(db.prisma, db.sql);
    for (const n of [0, 1, 2, 3]) {
      const learned = await members.learnMember(group, person(n));
      ids.push(learned.person.id);
      groupId = learned.groupId;
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  const deps = () => ({ prisma: db.prisma, sql: db.sql, members, clock: () => NOW });
  const source = () => ({ chatId: group.chatId, messageId: messageId++ });
  const owes = async () =>
    (await groupBalances(deps(), { groupId })).debts
      .map(
        (x) =>
          `${NAMES[ids.indexOf(x.debtor)]} owes ${NAMES[ids.indexOf(x.creditor)]} ${x.amount.toFixed(2)}`,
      )
      .sort();

  it('3000 paid 2000 by Asha and 1000 by Ravi, equal among the three: Meera owes Asha 1000', async () => {
    const recorded = await recordExpense(deps(), {
      group,
      payer: person(0),
      payers: [
        { ...at(0), paid: d(2000) },
        { ...at(1), paid: d(1000) },
      ],
      amount: d(3000),
      splitType: 'EQUAL',
      everyone: false,
      participants: [at(0), at(1), at(2)],
      description: 'dinner',
      source: source(),
    });
    expect(recorded.payers?.map((p) => `${p.person.firstName} ${p.paid.toFixed(2)}`)).toEqual([
      'Asha 2000.00',
      'Ravi 1000.00',
    ]);
    expect(await owes()).toEqual(['Meera owes Asha 1000.00']);

    const detail = await showExpense(deps(), { groupId, expenseId: recorded.id });
    expect(detail.payers.map((p) => `${p.person.firstName} ${p.paid.toFixed(2)}`)).toEqual([
      'Asha 2000.00',
      'Ravi 1000.00',
    ]);
    const passbook = await db.prisma.passbookEntry.findMany({
      where: { expenseId: recorded.id },
      orderBy: { userId: 'asc' },
    });
    expect(
      passbook.map((e) => [e.userId, e.paid.toFixed(2), e.share.toFixed(2), e.delta.toFixed(2)]),
    ).toEqual([
      [ids[0], '2000.00', '1000.00', '1000.00'],
      [ids[1], '1000.00', '1000.00', '0.00'],
      [ids[2], '0.00', '1000.00', '-1000.00'],
    ]);

    await expect(
      reviseExpense(deps(), {
        group,
        editor: person(0),
        expense: { id: recorded.id },
        amount: d(3300),
        splitType: 'EQUAL',
        everyone: false,
        participants: [at(0), at(1), at(2)],
        description: 'dinner',
        request: { ...source(), editDate: 0 },
      }),
    ).rejects.toThrow(/several payers, so it cannot be corrected; send \/undo/);

    await undoExpense(deps(), {
      groupId,
      requesterId: ids[0] as number,
      requesterIsAdmin: false,
      expenseId: recorded.id,
    });
    expect(await owes()).toEqual([]);
  });

  it('each debtor owes each payer in proportion to what they paid beyond their share, to the paisa', async () => {
    // 1000 equal among four (250 each): Asha paid 700 (450 beyond), Ravi 300 (50 beyond).
    await recordExpense(deps(), {
      group,
      payer: person(1),
      payers: [
        { ...at(0), paid: d(700) },
        { ...at(1), paid: d(300) },
      ],
      amount: d(1000),
      splitType: 'EQUAL',
      everyone: false,
      participants: [at(0), at(1), at(2), at(3)],
      description: 'groceries',
      source: source(),
    });
    expect(await owes()).toEqual([
      'Kabir owes Asha 225.00',
      'Kabir owes Ravi 25.00',
      'Meera owes Asha 225.00',
      'Meera owes Ravi 25.00',
    ]);
    const nets = (await groupBalances(deps(), { groupId })).nets;
    expect([...nets.values()].reduce((s, n) => s.plus(n), d(0)).isZero()).toBe(true);
  });

  it('refuses payers that do not add up to the amount, saying both', async () => {
    await expect(
      recordExpense(deps(), {
        group,
        payer: person(0),
        payers: [
          { ...at(0), paid: d(2000) },
          { ...at(1), paid: d(900) },
        ],
        amount: d(3000),
        splitType: 'EQUAL',
        everyone: false,
        participants: [at(0), at(1), at(2)],
        description: 'dinner',
        source: source(),
      }),
    ).rejects.toThrow('The payers paid ₹2,900.00 in all, not ₹3,000.00');
  });
});
