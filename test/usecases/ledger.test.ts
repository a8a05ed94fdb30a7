// The ledger's use cases against a real database (embedded PGlite, or the server in TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordExpenseSql } from '../../src/db/queries/ledger.js';
import { Decimal } from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { groupBalances, planSettleUp } from '../../src/usecases/balances.js';
import { UseCaseError } from '../../src/usecases/errors.js';
import { MemberDirectory, type TelegramPerson } from '../../src/usecases/members.js';
import { passbookPage, passbookTotals } from '../../src/usecases/passbook.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { recordSettlement } from '../../src/usecases/record-settlement.js';
import { findUndoTarget, undoExpense } from '../../src/usecases/undo-expense.js';

const d = (v: string | number) => new Decimal(v);
const person = (n: number): TelegramPerson => ({ id: 1000 + n, firstName: `User${n}`, username: `u${n}` });
const byUsername = (n: number) => ({ person: { kind: 'username' as const, username: `u${n}` } });

describe('ledger use cases', () => {
  let db: TestDatabase;
  let members: MemberDirectory;
  let messageId = 1;
  const group = { chatId: -100123, title: 'Flat 42' };

  async function balancesByName(groupId: number): Promise<string[]> {
    const { debts, people } = await groupBalances(deps(), { groupId });
    const name = (id: number) => people.get(id)?.firstName;
    return debts.map((x) => `${name(x.debtor)} owes ${name(x.creditor)}: ${x.amount.toFixed(2)}`).sort();
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    members = new MemberDirectory(db.prisma, db.sql);
    for (const n of [1, 2, 3, 4]) await members.learnMember(group, person(n));
  });
  afterAll(async () => {
    await db?.close();
  });

  const deps = () => ({ prisma: db.prisma, sql: db.sql, members, clock: () => new Date() });
  const source = () => ({ chatId: group.chatId, messageId: messageId++ });

  it('gives exactly the five balances of the worked example', async () => {
    await recordExpense(deps(), {
      group,
      payer: person(1),
      amount: d(1000),
      splitType: 'EQUAL',
      everyone: false,
      participants: [1, 2, 3, 4].map(byUsername),
      description: 'electricity bill',
      source: source(),
    });
    await recordExpense(deps(), {
      group,
      payer: person(1),
      amount: d(1250),
      splitType: 'EXACT',
      everyone: false,
      participants: [
        { ...byUsername(2), value: d(370) },
        { ...byUsername(3), value: d(880) },
      ],
      description: 'flipkart sale',
      source: source(),
    });
    await recordExpense(deps(), {
      group,
      payer: person(4),
      amount: d(1200),
      splitType: 'PERCENT',
      everyone: false,
      participants: [1, 2, 3, 4].map((n, i) => ({ ...byUsername(n), value: d(i === 0 ? 40 : 20) })),
      description: 'dinner out',
      source: source(),
    });
    const { id: groupId } = await members.learnGroup(group);
    expect(await balancesByName(groupId)).toEqual([
      'User1 owes User4: 230.00',
      'User2 owes User1: 620.00',
      'User2 owes User4: 240.00',
      'User3 owes User1: 1130.00',
      'User3 owes User4: 240.00',
    ]);
  });

  it('records nothing new when the same source message arrives twice', async () => {
    const { id: groupId } = await members.learnGroup(group);
    const before = await balancesByName(groupId);
    const src = source();
    const input = {
      group,
      payer: person(2),
      amount: d(300),
      splitType: 'EQUAL' as const,
      everyone: false,
      participants: [1, 2, 3].map(byUsername),
      description: 'milk',
      source: src,
    };
    const first = await recordExpense(deps(), input);
    const again = await recordExpense(deps(), input);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.id).toBe(first.id);
    expect(await db.prisma.expense.count({ where: { sourceMessageId: src.messageId } })).toBe(1);
    expect(await db.prisma.passbookEntry.count({ where: { expenseId: first.id } })).toBe(3);
    expect(await balancesByName(groupId)).not.toEqual(before);
  });

  it('leaves nothing behind when a share cannot be inserted', async () => {
    const { id: groupId } = await members.learnGroup(group);
    const before = {
      expenses: await db.prisma.expense.count(),
      entries: await db.prisma.passbookEntry.count(),
    };
    const balances = await balancesByName(groupId);
    const payer = await members.learnUser(person(1));
    // A user id that does not exist violates the share's foreign key, after the expense row is written.
    await expect(
      db.sql.run(recordExpenseSql, [
        groupId,
        payer.id,
        payer.id,
        '100.00',
        'EXACT',
        'x',
        [payer.id, 987654],
        ['50.00', '50.00'],
        ['50.00', '50.00'],
        String(group.chatId),
        source().messageId,
        new Date().toISOString(),
        null,
        'other',
      ]),
    ).rejects.toThrow();
    expect(await db.prisma.expense.count()).toBe(before.expenses);
    expect(await db.prisma.passbookEntry.count()).toBe(before.entries);
    expect(await balancesByName(groupId)).toEqual(balances);
  });

  it('lands two concurrent expenses in one group with correct balances', async () => {
    const other = { chatId: -100999, title: 'Trip' };
    for (const n of [5, 6, 7]) await members.learnMember(other, person(n));
    await Promise.all(
      [5, 6].map((payer) =>
        recordExpense(deps(), {
          group: other,
          payer: person(payer),
          amount: d(90),
          splitType: 'EQUAL',
          everyone: true,
          participants: [],
          description: 'fuel',
          source: { chatId: other.chatId, messageId: payer },
        }),
      ),
    );
    const { id: groupId } = await members.learnGroup(other);
    expect(await balancesByName(groupId)).toEqual(['User7 owes User5: 30.00', 'User7 owes User6: 30.00']);
  });

  it('keeps every net, running net and pair balance exact under many concurrent overlapping expenses', async () => {
    // Different payers over overlapping people, all at once: on a server these race for the same
    // user rows (and would deadlock without the locks taken in id order first).
    const busy = { chatId: -100444, title: 'Busy flat' };
    const people = [31, 32, 33, 34, 35];
    for (const n of people) await members.learnMember(busy, person(n));
    const amounts = Array.from({ length: 40 }, (_, i) => d(100 + i).plus('0.07'));
    await Promise.all(
      amounts.map((amount, i) =>
        recordExpense(deps(), {
          group: busy,
          payer: person(people[i % 5] as number),
          amount,
          splitType: 'EQUAL',
          everyone: false,
          participants: [people[(i + 1) % 5], people[(i + 2) % 5], people[(i + 3) % 5]].map((n) =>
            byUsername(n as number),
          ),
          description: `round ${i}`,
          source: { chatId: busy.chatId, messageId: 5000 + i },
        }),
      ),
    );
    const { id: groupId } = await members.learnGroup(busy);
    const users = await db.prisma.user.findMany({
      where: { telegramId: { in: people.map((n) => BigInt(1000 + n)) } },
    });
    const entries = await db.prisma.passbookEntry.findMany({
      where: { groupId },
      orderBy: { id: 'asc' },
    });
    expect(await db.prisma.expense.count({ where: { groupId } })).toBe(40);
    for (const user of users) {
      const mine = entries.filter((e) => e.userId === user.id);
      const sum = mine.reduce((acc, e) => acc.plus(e.delta.toString()), d(0));
      // This group is each of these users' only group, so their net is the sum of its lines, and
      // each line's running net is the previous one plus its delta (no lost update in between).
      expect(d(user.net.toString()).equals(sum)).toBe(true);
      let running = d(0);
      for (const entry of mine) {
        running = running.plus(entry.delta.toString());
        expect(d(entry.runningNet.toString()).equals(running)).toBe(true);
      }
    }
    const totalNet = users.reduce((acc, u) => acc.plus(u.net.toString()), d(0));
    expect(totalNet.isZero()).toBe(true);
    // The maintained pair balances equal the netting of what each expense's shares say.
    const { debts } = await groupBalances(deps(), { groupId });
    const owed = new Map<number, Decimal>();
    for (const debt of debts) {
      owed.set(debt.debtor, (owed.get(debt.debtor) ?? d(0)).minus(debt.amount));
      owed.set(debt.creditor, (owed.get(debt.creditor) ?? d(0)).plus(debt.amount));
    }
    for (const user of users) expect((owed.get(user.id) ?? d(0)).equals(user.net.toString())).toBe(true);
  });

  it('refuses an @username nobody in the group has used', async () => {
    const attempt = recordExpense(deps(), {
      group,
      payer: person(1),
      amount: d(10),
      splitType: 'EQUAL',
      everyone: false,
      participants: [{ person: { kind: 'username', username: 'stranger' } }],
      description: '',
      source: source(),
    });
    await expect(attempt).rejects.toBeInstanceOf(UseCaseError);
    await expect(attempt).rejects.toThrow(/@stranger.*\/start/);
  });

  it('settles a debt, flips a pair on overpayment, and keeps nets summing to zero', async () => {
    const trip = { chatId: -100555, title: 'Goa' };
    const [a, b] = [await members.learnMember(trip, person(8)), await members.learnMember(trip, person(9))];
    await recordExpense(deps(), {
      group: trip,
      payer: person(8),
      amount: d(500),
      splitType: 'EQUAL',
      everyone: true,
      participants: [],
      description: 'hotel',
      source: { chatId: trip.chatId, messageId: 1 },
    });
    const whole = await recordSettlement(deps(), {
      groupId: a.groupId,
      from: b.person,
      to: a.person,
      recordedById: b.person.id,
      source: { chatId: trip.chatId, messageId: 2 },
    });
    expect(whole.amount.toFixed(2)).toBe('250.00');
    expect(whole.owedAfter.isZero()).toBe(true);
    const over = await recordSettlement(deps(), {
      groupId: a.groupId,
      from: b.person,
      to: a.person,
      amount: d(100),
      recordedById: b.person.id,
      source: { chatId: trip.chatId, messageId: 3 },
    });
    expect(over.owedAfter.toFixed(2)).toBe('-100.00');
    expect(await balancesByName(a.groupId)).toEqual(['User8 owes User9: 100.00']);
    const { transfers } = await planSettleUp(deps(), { groupId: a.groupId });
    expect(transfers.map((t) => [t.from, t.to, t.amount.toFixed(2)])).toEqual([
      [a.person.id, b.person.id, '100.00'],
    ]);
    await expect(
      recordSettlement(deps(), {
        groupId: a.groupId,
        from: a.person,
        to: a.person,
        recordedById: a.person.id,
        source: { chatId: trip.chatId, messageId: 4 },
      }),
    ).rejects.toThrow(/yourself/);
  });

  it('plans payments between people who owe each other directly when that costs no extra payment', async () => {
    const flat = { chatId: -100666, title: 'Direct' };
    for (const n of [20, 21, 22, 23]) await members.learnMember(flat, person(n));
    // User23 owes User20 and User22 owes User21, ten each: two equally short plans, one of them direct.
    for (const [payer, owing] of [
      [20, 23],
      [21, 22],
    ] as const) {
      await recordExpense(deps(), {
        group: flat,
        payer: person(payer),
        amount: d(10),
        splitType: 'EXACT',
        everyone: false,
        participants: [{ ...byUsername(owing), value: d(10) }],
        description: 'tea',
        source: { chatId: flat.chatId, messageId: payer },
      });
    }
    const { id: groupId } = await members.learnGroup(flat);
    const { transfers, people } = await planSettleUp(deps(), { groupId });
    const name = (id: number) => people.get(id)?.firstName;
    expect(transfers.map((t) => `${name(t.from)} pays ${name(t.to)}: ${t.amount.toFixed(2)}`).sort()).toEqual(
      ['User22 pays User21: 10.00', 'User23 pays User20: 10.00'],
    );
  });

  it('undoes an expense: balances move back and the passbook explains it', async () => {
    const flat = { chatId: -100777, title: 'Undo flat' };
    const payer = await members.learnMember(flat, person(10));
    const sharer = await members.learnMember(flat, person(11));
    const added = await recordExpense(deps(), {
      group: flat,
      payer: person(10),
      amount: d(99.99),
      splitType: 'EQUAL',
      everyone: true,
      participants: [],
      description: 'gas',
      source: { chatId: flat.chatId, messageId: 1 },
    });
    expect(await balancesByName(payer.groupId)).toHaveLength(1);
    await expect(
      findUndoTarget(deps(), {
        groupId: payer.groupId,
        requesterId: sharer.person.id,
        requesterIsAdmin: false,
        expenseId: added.id,
      }),
    ).rejects.toThrow(/Only the person who paid/);
    await undoExpense(deps(), {
      groupId: payer.groupId,
      requesterId: payer.person.id,
      requesterIsAdmin: false,
      expenseId: added.id,
    });
    expect(await balancesByName(payer.groupId)).toEqual([]);
    await expect(
      undoExpense(deps(), {
        groupId: payer.groupId,
        requesterId: payer.person.id,
        requesterIsAdmin: false,
        expenseId: added.id,
      }),
    ).rejects.toThrow(/already undone/);
    const page = await passbookPage(deps(), { userId: sharer.person.id });
    expect(page.lines.map((l) => [l.kind, l.delta.toFixed(2), l.runningNet.toFixed(2)])).toEqual([
      // Message 1 seeds the tie-break at position 1: the sharer carries the odd paisa.
      ['EXPENSE_UNDONE', '50.00', '0.00'],
      ['EXPENSE', '-50.00', '-50.00'],
    ]);
  });

  it('pages a passbook by cursor with running nets and totals', async () => {
    const club = { chatId: -100888, title: 'Club' };
    const a = await members.learnMember(club, person(12));
    await members.learnMember(club, person(13));
    for (let i = 1; i <= 25; i++) {
      await recordExpense(deps(), {
        group: club,
        payer: person(12),
        amount: d(10),
        splitType: 'EQUAL',
        everyone: true,
        participants: [],
        description: `tea ${i}`,
        source: { chatId: club.chatId, messageId: i },
      });
    }
    const first = await passbookPage(deps(), { userId: a.person.id, limit: 10 });
    expect(first.lines).toHaveLength(10);
    expect(first.lines[0]?.description).toBe('tea 25');
    expect(first.lines[0]?.runningNet.toFixed(2)).toBe('125.00');
    expect(first.newerCursor).toBeNull();
    const second = await passbookPage(deps(), {
      userId: a.person.id,
      before: first.olderCursor as bigint,
      limit: 10,
    });
    expect(second.lines[0]?.description).toBe('tea 15');
    const third = await passbookPage(deps(), {
      userId: a.person.id,
      before: second.olderCursor as bigint,
      limit: 10,
    });
    expect(third.lines).toHaveLength(5);
    expect(third.olderCursor).toBeNull();
    const back = await passbookPage(deps(), {
      userId: a.person.id,
      after: second.newerCursor as bigint,
      limit: 10,
    });
    expect(back.lines.map((l) => l.description)).toEqual(first.lines.map((l) => l.description));
    const totals = await passbookTotals(deps(), { userId: a.person.id });
    expect(totals.expensesPaid.toFixed(2)).toBe('250.00');
    expect(totals.expenseShares.toFixed(2)).toBe('125.00');
    expect(totals.net.toFixed(2)).toBe('125.00');
  });
});
