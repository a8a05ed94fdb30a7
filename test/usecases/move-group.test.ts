// Moving a group to a new chat id (a group upgraded to a supergroup), against a real database:
// once, whichever service message comes first; a group the new chat already has is merged in with
// its pair balances summed; the old chat id keeps resolving to the group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { groupBalances } from '../../src/usecases/balances.js';
import { MemberDirectory, type TelegramGroup, type TelegramPerson } from '../../src/usecases/members.js';
import { moveGroup } from '../../src/usecases/move-group.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { recordSettlement } from '../../src/usecases/record-settlement.js';
import { undoExpense } from '../../src/usecases/undo-expense.js';

const d = (v: number) => new Decimal(v);
const person = (n: number): TelegramPerson => ({ id: 9000 + n, firstName: `M${n}`, username: `m${n}` });
const named = (n: number) => ({ person: { kind: 'username' as const, username: `m${n}` } });

describe('moving a group to a new chat id', () => {
  let db: TestDatabase;
  let members: MemberDirectory;
  let nextChat = -300_000;
  let messageId = 1;
  beforeAll(async () => {
    db = await createTestDatabase();
    members = new MemberDirectory(db.prisma, db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });
  const deps = () => ({ prisma: db.prisma, sql: db.sql, members, clock: () => new Date() });

  function chats(): { old: TelegramGroup; next: TelegramGroup } {
    const old = { chatId: nextChat--, title: 'Old flat' };
    return { old, next: { chatId: -1_000_000_000_000 + nextChat--, title: 'Flat (supergroup)' } };
  }

  async function join(group: TelegramGroup, ...people: number[]): Promise<void> {
    for (const n of people) await members.learnMember(group, person(n));
  }

  /** payer pays `amount` split equally with the people named, in the chat given. */
  async function paid(group: TelegramGroup, payer: number, amount: number, among: number[]) {
    return recordExpense(deps(), {
      group,
      payer: person(payer),
      amount: d(amount),
      splitType: 'EQUAL',
      everyone: false,
      participants: among.map(named),
      description: '',
      source: { chatId: group.chatId, messageId: messageId++ },
    });
  }

  async function balances(groupId: number): Promise<string[]> {
    const { debts, people } = await groupBalances(deps(), { groupId });
    const name = (id: number) => people.get(id)?.firstName;
    return debts.map((x) => `${name(x.debtor)} owes ${name(x.creditor)}: ${x.amount.toFixed(2)}`).sort();
  }

  /** Each pair's balance as hisaab_post would derive it from every expense and settlement. */
  async function derivedPairs(groupId: number): Promise<Map<string, string>> {
    const pairs = new Map<string, Decimal>();
    const add = (debtor: number, creditor: number, amount: Decimal) => {
      if (debtor === creditor || amount.isZero()) return;
      const key = `${Math.min(debtor, creditor)}:${Math.max(debtor, creditor)}`;
      const signed = debtor < creditor ? amount : amount.neg();
      pairs.set(key, (pairs.get(key) ?? d(0)).plus(signed));
    };
    const expenses = await db.prisma.expense.findMany({
      where: { groupId, deletedAt: null },
      include: { shares: true },
    });
    for (const e of expenses)
      for (const s of e.shares) add(s.userId, e.payerId, new Decimal(s.share.toString()));
    const settlements = await db.prisma.settlement.findMany({ where: { groupId, deletedAt: null } });
    for (const s of settlements) add(s.toUserId, s.fromUserId, new Decimal(s.amount.toString()));
    return new Map([...pairs].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, v.toFixed(2)]));
  }

  async function storedPairs(groupId: number): Promise<Map<string, string>> {
    const rows = await db.prisma.pairBalance.findMany({ where: { groupId, NOT: { amount: 0 } } });
    return new Map(rows.map((r) => [`${r.lowUserId}:${r.highUserId}`, Number(r.amount).toFixed(2)]));
  }

  async function nets(): Promise<Record<string, string>> {
    const users = await db.prisma.user.findMany({ orderBy: { id: 'asc' } });
    return Object.fromEntries(users.map((u) => [u.firstName, u.net.toString()]));
  }

  it('moves expenses, settlements, members, balances and passbook lines once, in either order', async () => {
    const { old, next } = chats();
    await join(old, 1, 2, 3);
    const rentMessage = messageId;
    const rent = await paid(old, 1, 300, [1, 2, 3]);
    const { id: groupId } = await members.learnGroup(old);
    const [m1, m2] = await members.resolve(old, [named(1).person, named(2).person]);
    if (!m1 || !m2) throw new Error('members not known');
    await recordSettlement(deps(), {
      groupId,
      from: m2,
      to: m1,
      amount: d(40),
      recordedById: m2.id,
      source: { chatId: old.chatId, messageId: messageId++ },
    });
    const before = { balances: await balances(groupId), nets: await nets() };
    expect(before.balances).toEqual(['M2 owes M1: 60.00', 'M3 owes M1: 100.00']);

    // The supergroup's message first, then the old group's, then each again.
    const first = await moveGroup(deps(), {
      fromChatId: old.chatId,
      toChatId: next.chatId,
      title: next.title,
    });
    expect(first).toMatchObject({ groupId, moved: true, mergedGroupId: null });
    for (let again = 0; again < 3; again++) {
      expect(await moveGroup(deps(), { fromChatId: old.chatId, toChatId: next.chatId })).toEqual({
        groupId,
        moved: false,
        mergedGroupId: null,
      });
    }

    const group = await db.prisma.group.findUniqueOrThrow({ where: { id: groupId } });
    expect(group.chatId).toBe(BigInt(next.chatId));
    expect(group.title).toBe(next.title);
    expect((await members.learnGroup(next)).id).toBe(groupId);
    // A late update from the old chat: the same group, and its old title does not overwrite the new.
    expect(await members.learnGroup(old)).toEqual({ id: groupId, title: next.title, currency: 'INR' });
    expect(await balances(groupId)).toEqual(before.balances);
    expect(await nets()).toEqual(before.nets);
    expect((await members.activeMembers(groupId)).map((p) => p.firstName)).toEqual(['M1', 'M2', 'M3']);
    expect(await db.prisma.passbookEntry.count({ where: { groupId } })).toBe(5);
    // Source keys stay what they were: the same old message delivered again is recorded once.
    const redelivered = await recordExpense(deps(), {
      group: old,
      payer: person(1),
      amount: d(300),
      splitType: 'EQUAL',
      everyone: false,
      participants: [1, 2, 3].map(named),
      description: '',
      source: { chatId: old.chatId, messageId: rentMessage },
    });
    expect(redelivered).toMatchObject({ id: rent.id, created: false });
    // New messages from the supergroup land in the same group.
    await paid(next, 3, 90, [1, 3]);
    expect(await balances(groupId)).toEqual(['M2 owes M1: 60.00', 'M3 owes M1: 55.00']);
  });

  it('merges a group the new chat already had: members joined, pair balances summed, nothing lost', async () => {
    const { old, next } = chats();
    await join(old, 1, 2, 3);
    await paid(old, 1, 300, [1, 2, 3]); // M2 and M3 owe M1 100 each
    const oldId = (await members.learnGroup(old)).id;
    // The supergroup was used before the upgrade's messages were handled: a group of its own.
    await join(next, 4, 1, 2, 3);
    const dinner = await paid(next, 2, 200, [1, 2]); // M1 owes M2 100 there
    await paid(next, 4, 80, [3, 4]); // M3 owes M4 40 there
    const newId = (await members.learnGroup(next)).id;
    expect(newId).not.toBe(oldId);
    await members.markLeft(next, person(1).id); // M1 left the supergroup: the newer state wins
    const before = {
      nets: await nets(),
      entries: await db.prisma.passbookEntry.count({ where: { groupId: { in: [oldId, newId] } } }),
    };

    const moved = await moveGroup(deps(), { fromChatId: old.chatId, toChatId: next.chatId });
    expect(moved).toEqual({ groupId: oldId, moved: true, mergedGroupId: newId });
    expect(await db.prisma.group.findUnique({ where: { id: newId } })).toBeNull();
    expect(await db.prisma.expense.count({ where: { groupId: oldId } })).toBe(3);
    // Both groups had a #1: the merged group's expenses take the next numbers of the one group.
    const numbers = await db.prisma.expense.findMany({
      where: { groupId: oldId },
      orderBy: { id: 'asc' },
      select: { number: true },
    });
    expect(numbers.map((e) => e.number)).toEqual([1, 2, 3]);
    expect(await db.prisma.passbookEntry.count({ where: { groupId: oldId } })).toBe(before.entries);
    expect(await storedPairs(oldId)).toEqual(await derivedPairs(oldId));
    expect(await balances(oldId)).toEqual(['M3 owes M1: 100.00', 'M3 owes M4: 40.00']);
    expect(await nets()).toEqual(before.nets);
    expect((await members.activeMembers(oldId)).map((p) => p.firstName)).toEqual(['M2', 'M3', 'M4']);
    expect((await members.learnGroup(next)).id).toBe(oldId);

    // An expense recorded in the merged group is undone in the one group, through hisaab_post.
    const [m2] = await members.resolve(next, [named(2).person]);
    if (!m2) throw new Error('M2 not known');
    await undoExpense(deps(), {
      groupId: oldId,
      requesterId: m2.id,
      requesterIsAdmin: false,
      expenseId: dinner.id,
    });
    expect(await storedPairs(oldId)).toEqual(await derivedPairs(oldId));
    expect(await balances(oldId)).toEqual(['M2 owes M1: 100.00', 'M3 owes M1: 100.00', 'M3 owes M4: 40.00']);

    // The other service message afterwards changes nothing.
    expect(await moveGroup(deps(), { fromChatId: old.chatId, toChatId: next.chatId, title: 'x' })).toEqual({
      groupId: oldId,
      moved: false,
      mergedGroupId: null,
    });
  });

  it('moves the merged group’s recurring rules, rates, imports, plans, offers and claims, keeping the newer of two', async () => {
    const { old, next } = chats();
    await join(old, 1, 2);
    await join(next, 1, 2);
    const oldId = (await members.learnGroup(old)).id;
    const newId = (await members.learnGroup(next)).id;
    const [m1, m2] = await members.resolve(next, [named(1).person, named(2).person]);
    if (!m1 || !m2) throw new Error('members not known');
    const at = (day: number) => new Date(Date.UTC(2026, 10, day));
    const rate = (groupId: number, currency: string, value: string, day: number) =>
      db.prisma.groupRate.create({
        data: { groupId, currency, rate: value, setById: m1.id, setAt: at(day) },
      });
    await rate(oldId, 'USD', '83.00', 1);
    await rate(newId, 'USD', '84.50', 5); // newer: kept
    await rate(oldId, 'EUR', '91.00', 9); // newer: kept
    await rate(newId, 'EUR', '90.00', 2);
    await rate(newId, 'AED', '22.60', 3);
    const rule = await db.prisma.recurringRule.create({
      data: {
        groupId: newId,
        createdById: m1.id,
        schedule: { every: 'month', day: 1 },
        paidText: '/paid 30000 rent',
        paidEntities: [],
        amount: 30000,
        description: 'rent',
        nextDueOn: at(1),
        nextDueAt: at(1),
        createdAt: at(1),
        updatedAt: at(1),
        sourceChatId: next.chatId,
        sourceMessageId: messageId++,
      },
    });
    const imported = await db.prisma.splitwiseImport.create({
      data: {
        groupId: newId,
        requestedById: m1.id,
        sourceChatId: next.chatId,
        sourceMessageId: messageId++,
        fileName: 'flat.csv',
        fileSha: 'f'.repeat(64),
        parsed: {},
        mapping: {},
        status: 'done',
        createdAt: at(2),
      },
    });
    const row = (groupId: number, key: string) =>
      db.prisma.importedRow.create({
        data: { groupId, key, importId: imported.id, line: 2, category: 'General', createdAt: at(2) },
      });
    await row(newId, 'row-a');
    await row(newId, 'row-both');
    await row(oldId, 'row-both');
    const plan = await db.prisma.settleUpPlan.create({
      data: { groupId: newId, state: 'x', transfers: [], createdAt: at(3) },
    });
    const offer = await db.prisma.settleUpOffer.create({
      data: {
        groupId: newId,
        fromUserId: m2.id,
        toUserId: m1.id,
        amount: 50,
        createdAt: at(3),
        planId: plan.id,
      },
    });
    await db.prisma.summaryPost.createMany({
      data: [
        { groupId: oldId, month: '2026-10', claimedAt: at(1) },
        { groupId: newId, month: '2026-10', claimedAt: at(1), sentAt: at(1) }, // sent: kept
        { groupId: newId, month: '2026-09', claimedAt: at(1), sentAt: at(1) },
      ],
    });
    await db.prisma.sentReminder.createMany({
      data: [
        {
          kind: 'remind',
          period: '2026-11-05',
          groupId: newId,
          fromUserId: m1.id,
          toUserId: m2.id,
          claimedAt: at(5),
        },
        {
          kind: 'remind',
          period: '2026-11-05',
          groupId: oldId,
          fromUserId: m1.id,
          toUserId: m2.id,
          claimedAt: at(5),
        },
        { kind: 'auto', period: '2026-11-06', groupId: newId, toUserId: m2.id, claimedAt: at(6) },
      ],
    });

    expect(await moveGroup(deps(), { fromChatId: old.chatId, toChatId: next.chatId })).toMatchObject({
      groupId: oldId,
      mergedGroupId: newId,
    });

    const rates = await db.prisma.groupRate.findMany({
      where: { groupId: oldId },
      orderBy: { currency: 'asc' },
    });
    expect(rates.map((r) => [r.currency, r.rate.toFixed(2)])).toEqual([
      ['AED', '22.60'],
      ['EUR', '91.00'],
      ['USD', '84.50'],
    ]);
    expect((await db.prisma.recurringRule.findUniqueOrThrow({ where: { id: rule.id } })).groupId).toBe(oldId);
    expect((await db.prisma.splitwiseImport.findUniqueOrThrow({ where: { id: imported.id } })).groupId).toBe(
      oldId,
    );
    const rows = await db.prisma.importedRow.findMany({ where: { groupId: oldId }, orderBy: { key: 'asc' } });
    expect(rows.map((r) => r.key)).toEqual(['row-a', 'row-both']);
    expect((await db.prisma.settleUpPlan.findUniqueOrThrow({ where: { id: plan.id } })).groupId).toBe(oldId);
    expect(await db.prisma.settleUpOffer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({
      groupId: oldId,
      planId: plan.id,
    });
    const posts = await db.prisma.summaryPost.findMany({
      where: { groupId: oldId },
      orderBy: { month: 'asc' },
    });
    expect(posts.map((p) => [p.month, p.sentAt !== null])).toEqual([
      ['2026-09', true],
      ['2026-10', true],
    ]);
    const reminders = await db.prisma.sentReminder.findMany({ where: { groupId: { in: [oldId, newId] } } });
    expect(reminders.map((r) => [r.kind, r.groupId]).sort()).toEqual([
      ['auto', oldId],
      ['remind', oldId],
    ]);
  });

  it('points the old chat at the new chat’s group when the bot never saw the old one', async () => {
    const { old, next } = chats();
    const { groupId } = await members.learnMember(next, person(1));
    expect(await moveGroup(deps(), { fromChatId: old.chatId, toChatId: next.chatId })).toEqual({
      groupId,
      moved: false,
      mergedGroupId: null,
    });
    expect((await members.learnGroup(old)).id).toBe(groupId);
  });

  it('moves once when both service messages are handled at the same moment', async () => {
    const { old, next } = chats();
    await join(old, 1, 2);
    await paid(old, 1, 100, [1, 2]);
    const oldId = (await members.learnGroup(old)).id;
    await join(next, 1, 2);
    await paid(next, 2, 60, [1, 2]);
    const results = await Promise.all(
      [0, 1, 2].map(() => moveGroup(deps(), { fromChatId: old.chatId, toChatId: next.chatId })),
    );
    expect(results.filter((r) => r.moved)).toHaveLength(1);
    expect(new Set(results.map((r) => r.groupId))).toEqual(new Set([oldId]));
    expect(await storedPairs(oldId)).toEqual(await derivedPairs(oldId));
    expect(await balances(oldId)).toEqual(['M2 owes M1: 20.00']);
  });
});
