// Settlements both ways, their undoing and disputes, what /undo offers, and the group's story
// (/expenses, /expense 12), against a real database (PGlite, or the server in TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { groupBalances } from '../../src/usecases/balances.js';
import { findLatestUndoable } from '../../src/usecases/latest-undoable.js';
import { listHistory } from '../../src/usecases/list-history.js';
import { MemberDirectory, type Person, type TelegramPerson } from '../../src/usecases/members.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { recordSettlement } from '../../src/usecases/record-settlement.js';
import { showExpense } from '../../src/usecases/show-expense.js';
import { undoExpense } from '../../src/usecases/undo-expense.js';
import { disputeSettlement, otherParty, undoSettlement } from '../../src/usecases/undo-settlement.js';

const d = (v: string | number) => new Decimal(v);

describe('settlements both ways', () => {
  let db: TestDatabase;
  let members: MemberDirectory;
  let chat = -200000;
  let messageId = 1;
  let now = Date.parse('2026-11-29T10:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    members = new MemberDirectory(db.prisma, db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });

  // Each tick of the clock is a second, so "latest" is never a tie.
  const tick = () => {
    now += 1000;
    return new Date(now);
  };
  const deps = () => ({ prisma: db.prisma, sql: db.sql, members, clock: tick });

  /** A new group with four people; a @username per group keeps the groups apart. */
  async function flat() {
    chat -= 1;
    const group = { chatId: chat, title: `Flat ${chat}` };
    const people: Person[] = [];
    for (const name of ['Asha', 'Ravi', 'Meera', 'Kabir']) {
      const tg: TelegramPerson = {
        id: Math.abs(chat) * 10 + people.length,
        firstName: name,
        username: `${name}${chat}`,
      };
      people.push((await members.learnMember(group, tg)).person);
    }
    const { id: groupId } = await members.learnGroup(group);
    const [asha, ravi, meera, kabir] = people as [Person, Person, Person, Person];
    const source = () => ({ chatId: group.chatId, messageId: messageId++ });
    const expense = (payer: Person, amount: number, among: Person[], description: string) =>
      recordExpense(deps(), {
        group,
        payer: {
          id: Number(payer.telegramId),
          firstName: payer.firstName,
          username: payer.username ?? undefined,
        },
        amount: d(amount),
        splitType: 'EQUAL',
        everyone: false,
        participants: among.map((p) => ({
          person: { kind: 'username' as const, username: p.username ?? '' },
        })),
        description,
        source: source(),
      });
    const pair = async (a: Person, b: Person) => {
      const { debts } = await groupBalances(deps(), { groupId });
      const debt = debts.find(
        (x) => (x.debtor === a.id && x.creditor === b.id) || (x.debtor === b.id && x.creditor === a.id),
      );
      if (!debt) return '0.00';
      return (debt.debtor === a.id ? debt.amount : debt.amount.neg()).toFixed(2);
    };
    return { group, groupId, asha, ravi, meera, kabir, source, expense, pair };
  }

  it('records /received as the other person paying the recorder, with its note, and asks the other person', async () => {
    const { groupId, asha, ravi, source, expense, pair } = await flat();
    await expense(asha, 1000, [asha, ravi], 'groceries');
    const got = await recordSettlement(deps(), {
      groupId,
      from: ravi,
      to: asha,
      amount: d(300),
      recordedById: asha.id,
      source: source(),
      note: 'cash at the door',
    });
    expect(got.owedAfter.toFixed(2)).toBe('200.00');
    expect(await pair(ravi, asha)).toBe('200.00');
    const row = await db.prisma.settlement.findUniqueOrThrow({ where: { id: got.id } });
    expect(row.note).toBe('cash at the door');
    expect(otherParty({ from: ravi, to: asha, recordedById: row.recordedById }).id).toBe(ravi.id);
    // Nothing owed and no amount: refused in the recorder's words, and nothing stored.
    await recordSettlement(deps(), {
      groupId,
      from: ravi,
      to: asha,
      recordedById: asha.id,
      source: source(),
    });
    await expect(
      recordSettlement(deps(), { groupId, from: ravi, to: asha, recordedById: asha.id, source: source() }),
    ).rejects.toMatchObject({ code: 'NOTHING_OWED_TO_YOU' });
  });

  it('never refuses a payment larger than the debt: the pair flips', async () => {
    const { groupId, asha, meera, source, expense, pair } = await flat();
    await expense(asha, 200, [asha, meera], 'tea');
    const typo = await recordSettlement(deps(), {
      groupId,
      from: meera,
      to: asha,
      amount: d(90000),
      recordedById: meera.id,
      source: source(),
    });
    expect(typo.owedAfter.toFixed(2)).toBe('-89900.00');
    expect(await pair(asha, meera)).toBe('89900.00');
  });

  it('undoes a payment for its sender, its receiver or an admin only, once, keeping it', async () => {
    const { groupId, asha, ravi, meera, kabir, source, pair } = await flat();
    const paid = await recordSettlement(deps(), {
      groupId,
      from: ravi,
      to: meera,
      amount: d(150),
      recordedById: ravi.id,
      source: source(),
    });
    const request = (requester: Person, admin = false) => ({
      groupId,
      requesterId: requester.id,
      requesterIsAdmin: admin,
      settlementId: paid.id,
    });
    await expect(undoSettlement(deps(), request(kabir))).rejects.toMatchObject({
      code: 'NOT_ALLOWED_TO_UNDO_SETTLEMENT',
    });
    await expect(
      undoSettlement(deps(), { ...request(asha, true), groupId: groupId + 999 }),
    ).rejects.toMatchObject({
      code: 'SETTLEMENT_NOT_FOUND',
    });
    const undone = await undoSettlement(deps(), request(asha, true));
    expect(undone.owedAfter.isZero()).toBe(true);
    expect(await pair(ravi, meera)).toBe('0.00');
    await expect(undoSettlement(deps(), request(meera))).rejects.toMatchObject({
      code: 'SETTLEMENT_ALREADY_UNDONE',
    });
    const row = await db.prisma.settlement.findUniqueOrThrow({ where: { id: paid.id } });
    expect(row.deletedById).toBe(asha.id);
    // Two racing undos: exactly one wins.
    const again = await recordSettlement(deps(), {
      groupId,
      from: ravi,
      to: meera,
      amount: d(10),
      recordedById: ravi.id,
      source: source(),
    });
    const race = await Promise.allSettled([
      undoSettlement(deps(), { ...request(ravi), settlementId: again.id }),
      undoSettlement(deps(), { ...request(meera), settlementId: again.id }),
    ]);
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await pair(ravi, meera)).toBe('0.00');
    const nets = await db.prisma.user.findMany({ where: { id: { in: [ravi.id, meera.id] } } });
    expect(nets.map((u) => u.net.toString())).toEqual(['0', '0']);
  });

  it('lets only the other party dispute a payment, which undoes it in their name', async () => {
    const { groupId, asha, ravi, kabir, source, expense, pair } = await flat();
    await expense(asha, 400, [asha, ravi], 'rent');
    const paid = await recordSettlement(deps(), {
      groupId,
      from: ravi,
      to: asha,
      amount: d(200),
      recordedById: ravi.id,
      source: source(),
    });
    for (const who of [ravi, kabir]) {
      await expect(
        disputeSettlement(deps(), { groupId, requesterId: who.id, settlementId: paid.id }),
      ).rejects.toMatchObject({ code: 'NOT_THE_OTHER_PARTY', details: { name: 'Asha' } });
    }
    const undone = await disputeSettlement(deps(), { groupId, requesterId: asha.id, settlementId: paid.id });
    expect(undone.owedAfter.toFixed(2)).toBe('200.00');
    expect(await pair(ravi, asha)).toBe('200.00');
    await expect(
      disputeSettlement(deps(), { groupId, requesterId: asha.id, settlementId: paid.id }),
    ).rejects.toMatchObject({ code: 'SETTLEMENT_ALREADY_UNDONE' });
    const entries = await db.prisma.passbookEntry.count({ where: { settlementId: paid.id } });
    expect(entries).toBe(4);
  });

  it('offers the latest of my expenses and payments to /undo', async () => {
    const { groupId, asha, ravi, meera, source, expense } = await flat();
    const tea = await expense(meera, 60, [asha, meera], 'tea');
    const paid = await recordSettlement(deps(), {
      groupId,
      from: meera,
      to: asha,
      amount: d(5),
      recordedById: meera.id,
      source: source(),
    });
    expect(await findLatestUndoable(deps(), { groupId, requesterId: meera.id })).toMatchObject({
      kind: 'settlement',
      settlement: { id: paid.id },
    });
    // Asha received it, so it is her latest too.
    expect(await findLatestUndoable(deps(), { groupId, requesterId: asha.id })).toMatchObject({
      kind: 'settlement',
    });
    await undoSettlement(deps(), {
      groupId,
      requesterId: meera.id,
      requesterIsAdmin: false,
      settlementId: paid.id,
    });
    expect(await findLatestUndoable(deps(), { groupId, requesterId: meera.id })).toMatchObject({
      kind: 'expense',
      expense: { id: tea.id },
    });
    await expect(findLatestUndoable(deps(), { groupId, requesterId: ravi.id })).rejects.toMatchObject({
      code: 'NOTHING_TO_UNDO',
    });
  });

  it('lists expenses and payments together, newest first, hiding undone ones unless asked', async () => {
    const { groupId, asha, ravi, source, expense } = await flat();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      if (i % 3 === 2) {
        const s = await recordSettlement(deps(), {
          groupId,
          from: ravi,
          to: asha,
          amount: d(i + 1),
          recordedById: ravi.id,
          source: source(),
          note: `n${i}`,
        });
        ids.push(`P${s.id}`);
      } else {
        ids.push(`#${(await expense(asha, 10 + i, [asha, ravi], `e${i}`)).id}`);
      }
    }
    const first = ids[0]?.slice(1);
    await undoExpense(deps(), {
      groupId,
      requesterId: asha.id,
      requesterIsAdmin: false,
      expenseId: Number(first),
    });
    const label = (item: { kind: string; id: number }) =>
      `${item.kind === 'settlement' ? 'P' : '#'}${item.id}`;

    const page1 = await listHistory(deps(), { groupId, page: 1, pageSize: 5 });
    expect(page1).toMatchObject({ page: 1, pages: 3, total: 11, hidden: 1 });
    expect(page1.items.map(label)).toEqual(ids.slice(-5).reverse());
    const page3 = await listHistory(deps(), { groupId, page: 9, pageSize: 5 });
    expect(page3.page).toBe(3);
    expect(page3.items.map(label)).toEqual(ids.slice(1, 2));
    const settlement = page1.items.find((x) => x.kind === 'settlement');
    expect(settlement).toMatchObject({ fromName: 'Ravi', toName: 'Asha', note: 'n11', undone: false });

    const all = await listHistory(deps(), { groupId, page: 3, pageSize: 5, all: true });
    expect(all).toMatchObject({ pages: 3, total: 12, hidden: 0 });
    expect(all.items.map(label)).toEqual(ids.slice(0, 2).reverse());
    expect(all.items.at(-1)).toMatchObject({
      kind: 'expense',
      undone: true,
      description: 'e0',
      participants: 2,
    });
  });

  it('shows one expense in full: each share, who recorded it, and who undid it', async () => {
    const { group, groupId, asha, ravi, meera, source } = await flat();
    const added = await recordExpense(deps(), {
      group,
      payer: { id: Number(ravi.telegramId), firstName: 'Ravi', username: ravi.username ?? undefined },
      amount: d(100),
      splitType: 'PERCENT',
      everyone: false,
      participants: [
        { person: { kind: 'username', username: asha.username ?? '' }, value: d(50) },
        { person: { kind: 'username', username: meera.username ?? '' }, value: d(50) },
      ],
      description: 'cab',
      source: source(),
    });
    const shown = await showExpense(deps(), { groupId, expenseId: added.id });
    expect(shown).toMatchObject({
      payer: { id: ravi.id },
      recordedBy: { id: ravi.id },
      splitType: 'PERCENT',
      revisions: [],
      undone: null,
    });
    expect(shown.shares.map((s) => [s.person.firstName, s.share.toFixed(2), s.typed?.toString()])).toEqual([
      ['Asha', '50.00', '50'],
      ['Meera', '50.00', '50'],
    ]);
    await undoExpense(deps(), {
      groupId,
      requesterId: ravi.id,
      requesterIsAdmin: false,
      expenseId: added.id,
    });
    expect((await showExpense(deps(), { groupId, expenseId: added.id })).undone?.by?.id).toBe(ravi.id);
    await expect(showExpense(deps(), { groupId: groupId + 999, expenseId: added.id })).rejects.toMatchObject({
      code: 'EXPENSE_NOT_FOUND',
    });
  });
});
