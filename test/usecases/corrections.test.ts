// Corrections against a real database (embedded PGlite, or the server in TEST_DATABASE_URL): an
// expense changed after it was recorded moves balances, passbooks and nets by exactly the
// difference, as its own passbook entry, and keeps what it was as a revision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, type Decimal as DecimalType, pairwiseBalances } from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { groupBalances } from '../../src/usecases/balances.js';
import { UseCaseError } from '../../src/usecases/errors.js';
import { MemberDirectory, type TelegramPerson } from '../../src/usecases/members.js';
import { passbookPage } from '../../src/usecases/passbook.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { listRevisions, reviseExpense } from '../../src/usecases/revise-expense.js';
import { undoExpense } from '../../src/usecases/undo-expense.js';

const d = (v: string | number) => new Decimal(v);
const byUsername = (n: number) => ({ person: { kind: 'username' as const, username: `c${n}` } });

describe('correcting an expense', () => {
  let db: TestDatabase;
  let members: MemberDirectory;
  let messageId = 1;
  let groupNumber = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    members = new MemberDirectory(db.prisma, db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });

  const deps = () => ({ prisma: db.prisma, sql: db.sql, members, clock: () => new Date() });

  /** A group of its own with four people (their own users, so their nets are this group's). */
  async function newGroup() {
    groupNumber++;
    const group = { chatId: -200_000 - groupNumber, title: `Flat ${groupNumber}` };
    const base = groupNumber * 10;
    const person = (i: number): TelegramPerson => ({
      id: 50_000 + base + i,
      firstName: `User${i}`,
      username: `c${base + i}`,
    });
    const people = [1, 2, 3, 4].map(person);
    const ids: number[] = [];
    for (const p of people) ids.push((await members.learnMember(group, p)).person.id);
    const { id: groupId } = await members.learnGroup(group);
    const at = (i: number) => byUsername(base + i);
    return { group, groupId, person, ids, at };
  }

  type Flat = Awaited<ReturnType<typeof newGroup>>;

  async function paid(flat: Flat, payer: number, amount: number, names: number[], description = 'dinner') {
    return recordExpense(deps(), {
      group: flat.group,
      payer: flat.person(payer),
      amount: d(amount),
      splitType: 'EQUAL',
      everyone: false,
      participants: names.map(flat.at),
      description,
      source: { chatId: flat.group.chatId, messageId: messageId++ },
    });
  }

  function edit(
    flat: Flat,
    target: { id: number } | { source: { chatId: number; messageId: number } },
    change: {
      amount: number;
      names: (number | [number, number])[];
      splitType?: 'EQUAL' | 'EXACT' | 'PERCENT';
      description?: string;
      editor?: number;
      admin?: boolean;
      editDate?: number;
      requestMessageId?: number;
    },
  ) {
    return reviseExpense(deps(), {
      group: flat.group,
      editor: flat.person(change.editor ?? 1),
      expense: target,
      editorIsAdmin: async () => change.admin ?? false,
      amount: d(change.amount),
      splitType: change.splitType ?? 'EQUAL',
      everyone: false,
      participants: change.names.map((n) =>
        Array.isArray(n) ? { ...flat.at(n[0]), value: d(n[1]) } : flat.at(n),
      ),
      description: change.description ?? 'dinner',
      request: {
        chatId: flat.group.chatId,
        messageId: change.requestMessageId ?? messageId++,
        editDate: change.editDate ?? 0,
      },
    });
  }

  async function balances(flat: Flat): Promise<string[]> {
    const { debts } = await groupBalances(deps(), { groupId: flat.groupId });
    const name = (id: number) => `User${flat.ids.indexOf(id) + 1}`;
    return debts.map((x) => `${name(x.debtor)} owes ${name(x.creditor)}: ${x.amount.toFixed(2)}`).sort();
  }

  /** The engine's netting of the expenses that survive (not undone), as stored now. */
  async function engineBalances(flat: Flat): Promise<string[]> {
    const expenses = await db.prisma.expense.findMany({
      where: { groupId: flat.groupId, deletedAt: null },
      include: { shares: true },
    });
    const debts = pairwiseBalances(
      expenses.map((e) => ({
        payer: e.payerId,
        shares: e.shares.map((s) => ({ participant: s.userId, share: d(s.share.toString()) })),
      })),
    );
    const name = (id: number) => `User${flat.ids.indexOf(id) + 1}`;
    return debts.map((x) => `${name(x.debtor)} owes ${name(x.creditor)}: ${x.amount.toFixed(2)}`).sort();
  }

  /** Every user's lines in order: running nets follow the deltas and end at the user's net. */
  async function expectRunningNetsRight(flat: Flat): Promise<void> {
    let total = d(0);
    for (const userId of flat.ids) {
      const entries = await db.prisma.passbookEntry.findMany({ where: { userId }, orderBy: { id: 'asc' } });
      let running = d(0);
      for (const e of entries) {
        running = running.plus(e.delta.toString());
        expect(d(e.runningNet.toString()).equals(running)).toBe(true);
        expect(d(e.delta.toString()).equals(d(e.paid.toString()).minus(e.share.toString()))).toBe(true);
      }
      const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
      expect(d(user.net.toString()).equals(running)).toBe(true);
      total = total.plus(running);
    }
    expect(total.isZero()).toBe(true);
  }

  it('changes /paid 50 equal to 500: User2 then owes ₹250, by one correction entry each', async () => {
    const flat = await newGroup();
    const recorded = await paid(flat, 1, 50, [1, 2]);
    expect(await balances(flat)).toEqual(['User2 owes User1: 25.00']);

    const revised = await edit(flat, { id: recorded.id }, { amount: 500, names: [1, 2] });
    expect(revised?.status).toBe('revised');
    expect(revised?.revision).toBe(1);
    expect(revised?.before.amount.toFixed(2)).toBe('50.00');
    expect(revised?.after.shares.map((s) => s.share.toFixed(2))).toEqual(['250.00', '250.00']);
    expect(await balances(flat)).toEqual(['User2 owes User1: 250.00']);
    expect(await balances(flat)).toEqual(await engineBalances(flat));

    const [u1, u2] = flat.ids as [number, number];
    const page2 = await passbookPage(deps(), { userId: u2 });
    expect(page2.lines.map((l) => [l.kind, l.delta.toFixed(2), l.runningNet.toFixed(2)])).toEqual([
      ['EXPENSE_REVISED', '-225.00', '-250.00'],
      ['EXPENSE', '-25.00', '-25.00'],
    ]);
    const page1 = await passbookPage(deps(), { userId: u1 });
    const [latest] = page1.lines;
    expect([
      latest?.kind,
      latest?.paid.toFixed(2),
      latest?.share.toFixed(2),
      latest?.delta.toFixed(2),
    ]).toEqual(['EXPENSE_REVISED', '450.00', '225.00', '225.00']);
    expect(latest?.runningNet.toFixed(2)).toBe('250.00');
    await expectRunningNetsRight(flat);

    const [history] = await listRevisions(deps(), { expenseId: recorded.id });
    expect(history?.revision).toBe(1);
    expect(history?.revisedBy.id).toBe(u1);
    expect(history?.before.amount.toFixed(2)).toBe('50.00');
    expect(history?.before.shares.map((s) => s.share.toFixed(2))).toEqual(['25.00', '25.00']);
  });

  it('changes the people and the split type: only people whose part changed get a line', async () => {
    const flat = await newGroup();
    const recorded = await paid(flat, 1, 300, [1, 2, 3]);
    const revised = await edit(
      flat,
      { id: recorded.id },
      {
        amount: 300,
        splitType: 'EXACT',
        names: [
          [1, 100],
          [3, 100],
          [4, 100],
        ],
        description: 'pizza',
      },
    );
    expect(revised?.status).toBe('revised');
    expect(await balances(flat)).toEqual(['User3 owes User1: 100.00', 'User4 owes User1: 100.00']);
    expect(await balances(flat)).toEqual(await engineBalances(flat));
    const lines = await db.prisma.passbookEntry.findMany({
      where: { expenseId: recorded.id, kind: 'EXPENSE_REVISED' },
      orderBy: { userId: 'asc' },
    });
    // User1 paid and consumed as before, User3's share is the same: no line for either.
    expect(lines.map((l) => [flat.ids.indexOf(l.userId) + 1, l.delta.toString()])).toEqual([
      [2, '100'],
      [4, '-100'],
    ]);
    const stored = await db.prisma.expense.findUniqueOrThrow({ where: { id: recorded.id } });
    expect([stored.splitType, stored.description]).toEqual(['EXACT', 'pizza']);
    await expectRunningNetsRight(flat);
  });

  it('applies a twice-delivered edit once, and an edit that changes nothing not at all', async () => {
    const flat = await newGroup();
    const recorded = await paid(flat, 1, 80, [1, 2]);
    const source = { chatId: flat.group.chatId, messageId: 9_000 + flat.groupId };
    const once = { amount: 800, names: [1, 2], editDate: 1_700_000_000, requestMessageId: source.messageId };
    expect((await edit(flat, { id: recorded.id }, once))?.status).toBe('revised');
    const again = await edit(flat, { id: recorded.id }, once);
    expect(again?.status).toBe('repeated');
    expect(again?.revision).toBe(1);
    expect(await balances(flat)).toEqual(['User2 owes User1: 400.00']);

    const same = await edit(
      flat,
      { id: recorded.id },
      { amount: 800, names: [1, 2], editDate: 1_700_000_100 },
    );
    expect(same?.status).toBe('unchanged');
    expect(await db.prisma.expenseRevision.count({ where: { expenseId: recorded.id } })).toBe(1);
    expect(await db.prisma.passbookEntry.count({ where: { expenseId: recorded.id } })).toBe(4);
    await expectRunningNetsRight(flat);
  });

  it('finds the expense by the /paid message it came from, and ignores a message that recorded none', async () => {
    const flat = await newGroup();
    const recorded = await paid(flat, 1, 60, [1, 2, 3]);
    const stored = await db.prisma.expense.findUniqueOrThrow({ where: { id: recorded.id } });
    const source = { chatId: flat.group.chatId, messageId: stored.sourceMessageId };
    const revised = await edit(flat, { source }, { amount: 90, names: [1, 2, 3], editDate: 1 });
    expect(revised?.id).toBe(recorded.id);
    expect(await balances(flat)).toEqual(['User2 owes User1: 30.00', 'User3 owes User1: 30.00']);
    expect(
      await edit(flat, { source: { ...source, messageId: 999_999 } }, { amount: 1, names: [1, 2] }),
    ).toBeNull();
  });

  it('lets the payer and a group admin correct, and refuses anyone else', async () => {
    const flat = await newGroup();
    const recorded = await paid(flat, 1, 100, [1, 2]);
    const refused = edit(flat, { id: recorded.id }, { amount: 10, names: [1, 2], editor: 2 });
    await expect(refused).rejects.toMatchObject({ code: 'NOT_ALLOWED_TO_EDIT' });
    expect(await balances(flat)).toEqual(['User2 owes User1: 50.00']);
    const byAdmin = await edit(
      flat,
      { id: recorded.id },
      { amount: 10, names: [1, 2], editor: 3, admin: true },
    );
    expect(byAdmin?.status).toBe('revised');
    expect(byAdmin?.payer.id).toBe(flat.ids[0]);
    expect(await balances(flat)).toEqual(['User2 owes User1: 5.00']);
    const [history] = await listRevisions(deps(), { expenseId: recorded.id });
    expect(history?.revisedBy.id).toBe(flat.ids[2]);
    await expect(edit(flat, { id: 987_654 }, { amount: 10, names: [1, 2] })).rejects.toMatchObject({
      code: 'EXPENSE_NOT_FOUND',
    });
  });

  it('refuses to correct an undone expense, and an undo after a correction undoes the corrected split', async () => {
    const flat = await newGroup();
    const first = await paid(flat, 1, 100, [1, 2]);
    await undoExpense(deps(), {
      groupId: flat.groupId,
      requesterId: flat.ids[0] as number,
      requesterIsAdmin: false,
      expenseId: first.id,
    });
    const refused = edit(flat, { id: first.id }, { amount: 200, names: [1, 2] });
    await expect(refused).rejects.toBeInstanceOf(UseCaseError);
    await expect(refused).rejects.toMatchObject({ code: 'EDIT_UNDONE' });

    const second = await paid(flat, 2, 90, [1, 2, 3]);
    await edit(flat, { id: second.id }, { amount: 120, names: [1, 3], editor: 2 });
    expect(await balances(flat)).toEqual(['User1 owes User2: 60.00', 'User3 owes User2: 60.00']);
    await undoExpense(deps(), {
      groupId: flat.groupId,
      requesterId: flat.ids[1] as number,
      requesterIsAdmin: false,
      expenseId: second.id,
    });
    expect(await balances(flat)).toEqual([]);
    expect(await engineBalances(flat)).toEqual([]);
    await expectRunningNetsRight(flat);
  });

  it('keeps balances equal to the engine over a run of expenses, corrections and undos', async () => {
    const flat = await newGroup();
    const ids: number[] = [];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 30; step++) {
      const action = random(3);
      if (action === 0 || ids.length === 0) {
        const payer = 1 + random(4);
        const names = [1, 2, 3, 4].filter(() => random(2) === 0);
        ids.push((await paid(flat, payer, 10 + random(990), names.length > 0 ? names : [payer])).id);
      } else {
        const id = ids[random(ids.length)] as number;
        const stored = await db.prisma.expense.findUniqueOrThrow({ where: { id } });
        const payer = flat.ids.indexOf(stored.payerId) + 1;
        const names = [1, 2, 3, 4].filter(() => random(2) === 0);
        const change = { amount: 1 + random(2000), names: names.length > 0 ? names : [payer], editor: payer };
        if (action === 1) {
          if (stored.deletedAt) await expect(edit(flat, { id }, change)).rejects.toBeInstanceOf(UseCaseError);
          else await edit(flat, { id }, change);
        } else if (!stored.deletedAt) {
          await undoExpense(deps(), {
            groupId: flat.groupId,
            requesterId: stored.payerId,
            requesterIsAdmin: false,
            expenseId: id,
          });
        }
      }
      expect(await balances(flat)).toEqual(await engineBalances(flat));
    }
    await expectRunningNetsRight(flat);
    const nets = await db.prisma.user.findMany({ where: { id: { in: flat.ids } } });
    const sum = nets.reduce((acc: DecimalType, u) => acc.plus(u.net.toString()), d(0));
    expect(sum.isZero()).toBe(true);
  });
});
