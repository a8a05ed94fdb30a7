// The /profile conversation's state as two instances would write it: each write must be based on the
// version its update read, so a writer that read an older state is refused instead of silently
// overwriting the other's answer.
import type { Context } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseConversationStorage, StaleConversationError } from '../../src/bot/features/profile.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';

type Adapter = ReturnType<typeof databaseConversationStorage>['adapter'];
type State = Parameters<Adapter['write']>[1];
const state = (step: string) => ({ version: [0, 'v1'], state: { profile: [{ step }] } }) as unknown as State;

describe('conversation state written with a version', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('refuses the second of two writers that read the same state, and keeps the first', async () => {
    const a = databaseConversationStorage(db).adapter;
    const b = databaseConversationStorage(db).adapter;
    const key = 'profile:501';
    // Both start from nothing: only one may create it.
    expect(await a.read(key)).toBeUndefined();
    expect(await b.read(key)).toBeUndefined();
    await a.write(key, state('email asked'));
    await expect(b.write(key, state('stale'))).rejects.toBeInstanceOf(StaleConversationError);
    // Both read the same version: the first write wins, the second is refused.
    expect(await a.read(key)).toEqual(state('email asked'));
    expect(await b.read(key)).toEqual(state('email asked'));
    await a.write(key, state('mobile asked'));
    await expect(b.write(key, state('stale again'))).rejects.toBeInstanceOf(StaleConversationError);
    expect(await b.read(key)).toEqual(state('mobile asked'));
    // Read afresh, the other writer goes on from there.
    await b.write(key, state('saved'));
    expect(await a.read(key)).toEqual(state('saved'));
  });

  it('lets a writer go on after the state was deleted and created again', async () => {
    const storage = databaseConversationStorage(db);
    const key = 'profile:502';
    expect(storage.getStorageKey?.({ chat: { id: 502, type: 'private' } } as Context)).toBe(key);
    await storage.adapter.read(key);
    await storage.adapter.write(key, state('one'));
    await storage.adapter.delete(key);
    expect(await storage.adapter.read(key)).toBeUndefined();
    await storage.adapter.write(key, state('two'));
    expect(await storage.adapter.read(key)).toEqual(state('two'));
  });

  it('drops an unfinished /profile after an hour, with what was typed in it', async () => {
    const a = databaseConversationStorage(db).adapter;
    await a.write('profile:601', state('mobile asked'));
    await a.write('profile:602', state('email asked'));
    await db.prisma.$executeRawUnsafe(
      `UPDATE "ConversationState" SET "updatedAt" = now() - interval '61 minutes' WHERE key = 'profile:601'`,
    );
    expect(await a.read('profile:602')).toEqual(state('email asked'));
    expect(await db.prisma.conversationState.count({ where: { key: 'profile:601' } })).toBe(0);
    expect(await a.read('profile:601')).toBeUndefined();
  });
});
