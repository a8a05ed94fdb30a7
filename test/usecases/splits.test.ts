// Splits beyond equal/exact/percent as use cases, on PGlite or the server in TEST_DATABASE_URL: a split by shares,
// someone else as the payer (the sender stays the recorder), and the day spent apart from the day
// recorded, through hisaab_record_expense and back out of /expenses, /expense and the passbook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { listHistory } from '../../src/usecases/list-history.js';
import { MemberDirectory, type TelegramPerson } from '../../src/usecases/members.js';
import { passbookPage } from '../../src/usecases/passbook.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { showExpense } from '../../src/usecases/show-expense.js';
import { findUndoTarget } from '../../src/usecases/undo-expense.js';

const d = (v: string | number) => new Decimal(v);
const person = (n: number): TelegramPerson => ({ id: 2000 + n, firstName: `User${n}`, username: `s${n}` });
const byUsername = (n: number) => ({ person: { kind: 'username' as const, username: `s${n}` } });
const NOW = new Date('2026-11-29T10:00:00Z');

describe('the splits people need, as use cases', () => {
  let db: TestDatabase;
  let members: MemberDirectory;
  let messageId = 1;
  const group = { chatId: -100777, title: 'Flat 7' };

  beforeAll(async () => {
    db = await createTestDatabase();
    members = new MemberDirectory(db.prisma, db.sql);
    for (const n of [1, 2, 3]) await members.learnMember(group, person(n));
  });
  afterAll(async () => {
    await db?.close();
  });

  const deps = () => ({ prisma: db.prisma, sql: db.sql, members, clock: () => NOW });
  const source = () => ({ chatId: group.chatId, messageId: messageId++ });

  it('records a split by shares with each typed weight, adding up to the amount', async () => {
    const recorded = await recordExpense(deps(), {
      group,
      payer: person(1),
      amount: d(1000),
      splitType: 'SHARES',
      everyone: false,
      participants: [
        { ...byUsername(1), value: d(2) },
        { ...byUsername(2), value: d(1) },
        { ...byUsername(3), value: d('1.5') },
      ],
      description: 'groceries',
      source: source(),
    });
    const detail = await showExpense(deps(), {
      groupId: (await groupId()) as number,
      expenseId: recorded.id,
    });
    expect(detail.splitType).toBe('SHARES');
    expect(
      detail.shares.map((s) => `${s.person.firstName} ${s.share.toFixed(2)} ${s.typed?.toString()}`),
    ).toEqual(['User1 444.45 2', 'User3 333.33 1.5', 'User2 222.22 1']);
    expect(detail.shares.reduce((sum, s) => sum.plus(s.share), d(0)).eq(1000)).toBe(true);
  });

  it('records someone else as the payer, the sender as the recorder; the payer may undo it', async () => {
    const recorded = await recordExpense(deps(), {
      group,
      payer: person(1),
      paidBy: { kind: 'username', username: 's2' },
      amount: d(900),
      splitType: 'EQUAL',
      everyone: false,
      participants: [1, 2, 3].map(byUsername),
      description: 'dinner',
      source: source(),
    });
    expect(recorded.payer.firstName).toBe('User2');
    expect(recorded.recordedBy.firstName).toBe('User1');
    const gid = (await groupId()) as number;
    const detail = await showExpense(deps(), { groupId: gid, expenseId: recorded.id });
    expect(detail.payer.firstName).toBe('User2');
    expect(detail.recordedBy.firstName).toBe('User1');
    const payer = await db.prisma.user.findFirstOrThrow({ where: { username: 's2' } });
    const target = await findUndoTarget(deps(), {
      groupId: gid,
      expenseId: recorded.id,
      requesterId: payer.id,
      requesterIsAdmin: false,
    });
    expect(target.id).toBe(recorded.id);
    // And it is the payer's latest for a bare /undo too.
    const latest = await findUndoTarget(deps(), {
      groupId: gid,
      requesterId: payer.id,
      requesterIsAdmin: false,
    });
    expect(latest.id).toBe(recorded.id);
  });

  it('keeps the day spent apart from the day recorded, defaulting to the day recorded', async () => {
    const dated = await recordExpense(deps(), {
      group,
      payer: person(1),
      spentOn: '2026-11-28',
      amount: d(500),
      splitType: 'EQUAL',
      everyone: false,
      participants: [1, 2].map(byUsername),
      description: 'lunch',
      source: source(),
    });
    const plain = await recordExpense(deps(), {
      group,
      payer: person(1),
      amount: d(100),
      splitType: 'EQUAL',
      everyone: false,
      participants: [1, 2].map(byUsername),
      description: 'milk',
      source: source(),
    });
    expect(dated.spentOn).toBe('2026-11-28');
    expect(plain.spentOn).toBe('2026-11-29');
    const gid = (await groupId()) as number;
    expect((await showExpense(deps(), { groupId: gid, expenseId: dated.id })).spentOn).toBe('2026-11-28');
    expect((await showExpense(deps(), { groupId: gid, expenseId: plain.id })).spentOn).toBe('2026-11-29');
    const history = await listHistory(deps(), { groupId: gid, page: 1 });
    const byText = new Map(history.items.map((i) => [i.kind === 'expense' ? i.description : '', i]));
    const lunch = byText.get('lunch');
    expect(lunch?.kind === 'expense' && lunch.spentOn).toBe('2026-11-28');
    const user2 = await db.prisma.user.findFirstOrThrow({ where: { username: 's2' } });
    const page = await passbookPage(deps(), { userId: user2.id });
    expect(page.lines.find((l) => l.description === 'lunch')?.spentOn).toBe('2026-11-28');
  });

  async function groupId(): Promise<number | undefined> {
    return (await db.prisma.group.findFirst({ where: { chatId: BigInt(group.chatId) } }))?.id;
  }
});
