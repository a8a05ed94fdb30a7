// The guided /paid's drafts and the everyone-split marker, against a real database (PGlite, or the
// server named by TEST_DATABASE_URL): one draft per person per chat, abandoned after ten minutes of
// the use-case clock; the marker moves forward only and names who joined since the previous one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { markEveryoneSplit } from '../../src/usecases/everyone-split.js';
import { MemberDirectory } from '../../src/usecases/members.js';
import {
  dropPaidDraft,
  findPaidDraft,
  GUIDED_PAID_TIMEOUT_MS,
  savePaidDraft,
} from '../../src/usecases/paid-draft.js';

describe('guided /paid drafts', () => {
  let db: TestDatabase;
  let now = new Date('2026-03-01T10:00:00Z');
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });
  const deps = () => ({ prisma: db.prisma, clock: () => now });

  it('keeps one draft per person per chat, apart from everyone else’s', async () => {
    const asha = { chatId: -1001, telegramId: 11 };
    const ravi = { chatId: -1001, telegramId: 12 };
    await savePaidDraft(deps(), asha, { step: 'amount', data: {} });
    await savePaidDraft(deps(), ravi, { step: 'people', data: { amount: '500.00', chosen: ['12'] } });
    await savePaidDraft(deps(), asha, { step: 'how', data: { amount: '300.00' } });
    expect(await findPaidDraft(deps(), asha)).toEqual({ draft: { step: 'how', data: { amount: '300.00' } } });
    expect((await findPaidDraft(deps(), ravi)).draft?.step).toBe('people');
    expect(await dropPaidDraft(deps(), asha)).toBe(true);
    expect(await dropPaidDraft(deps(), asha)).toBe(false);
    expect(await findPaidDraft(deps(), asha)).toEqual({ draft: null, abandoned: false });
  });

  it('abandons a draft untouched for ten minutes, and only then', async () => {
    const key = { chatId: -1002, telegramId: 21 };
    await savePaidDraft(deps(), key, { step: 'amount', data: {} });
    now = new Date(now.getTime() + GUIDED_PAID_TIMEOUT_MS);
    expect((await findPaidDraft(deps(), key)).draft?.step).toBe('amount');
    now = new Date(now.getTime() + 1);
    expect(await findPaidDraft(deps(), key)).toEqual({ draft: null, abandoned: true });
    expect(await db.prisma.paidDraft.count({ where: { chatId: BigInt(key.chatId) } })).toBe(0);
  });
});

describe('the everyone-split marker', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('names nobody the first time, then those who joined since the previous everyone-split', async () => {
    const members = new MemberDirectory(db.prisma, db.sql);
    const group = { chatId: -2001, title: 'Flat' };
    const a = await members.learnMember(group, { id: 31, firstName: 'A' });
    const b = await members.learnMember(group, { id: 32, firstName: 'B' });
    const groupId = a.groupId;
    const ids = [a.person.id, b.person.id];
    const t1 = new Date(Date.now() + 1000);
    expect(await markEveryoneSplit({ sql: db.sql }, { groupId, at: t1, userIds: ids })).toEqual([]);
    const c = await members.learnMember(group, { id: 33, firstName: 'C' });
    await db.prisma.membership.update({
      where: { groupId_userId: { groupId, userId: c.person.id } },
      data: { joinedAt: new Date(t1.getTime() + 1000) },
    });
    const t2 = new Date(t1.getTime() + 2000);
    const all = [...ids, c.person.id];
    expect(await markEveryoneSplit({ sql: db.sql }, { groupId, at: t2, userIds: all })).toEqual([
      c.person.id,
    ]);
    // An earlier time (a slow clock) does not move the marker back.
    expect(await markEveryoneSplit({ sql: db.sql }, { groupId, at: t1, userIds: all })).toEqual([]);
  });
});
