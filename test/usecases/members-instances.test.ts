// Two instances on one database, each with its own member directory: a leave recorded by one and the
// return handled by the other must leave the person a member (a per-process membership cache used to
// skip the return for ten minutes, leaving them "left").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { MemberDirectory } from '../../src/usecases/members.js';

describe('memberships seen by every instance', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('makes someone a member again when one instance records the leave and another the return', async () => {
    const a = new MemberDirectory(db.prisma, db.sql);
    const b = new MemberDirectory(db.prisma, db.sql);
    const group = { chatId: -7001, title: 'Flat 4B' };
    const ravi = { id: 7002, firstName: 'Ravi', username: 'ravi_m' };
    const { groupId } = await a.learnMember(group, ravi);
    expect((await a.activeMembers(groupId)).map((p) => p.firstName)).toEqual(['Ravi']);

    expect(await b.markLeft(group, ravi.id)).not.toBeNull();
    expect(await a.activeMembers(groupId)).toEqual([]);
    // Ravi comes back and writes; instance A handles it, having learned him moments ago.
    await a.learnMember(group, ravi);
    expect((await b.activeMembers(groupId)).map((p) => p.firstName)).toEqual(['Ravi']);
  });

  it('keeps a former member former when a command only names them', async () => {
    const a = new MemberDirectory(db.prisma, db.sql);
    const group = { chatId: -7003, title: 'Flat 5C' };
    const meera = { id: 7004, firstName: 'Meera' };
    const { groupId } = await a.learnMember(group, meera);
    await a.markLeft(group, meera.id);
    await a.learnMentioned(group, meera);
    expect(await a.activeMembers(groupId)).toEqual([]);
  });
});
