// Claims on stored updates, for several instances on one database: an update is handled by the
// instance that stored it while that instance is alive (its lease renewed), taken over by another
// only once the lease expired, and a redelivery reaching another instance is skipped there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { CLAIM_LEASE_MS, UpdateInbox } from '../../src/usecases/inbox.js';

const update = (id: number) => ({
  update_id: id,
  message: { chat: { id: -500, type: 'group' }, text: `#${id}` },
});

describe('claims on stored updates', () => {
  let db: TestDatabase;
  let clock = Date.parse('2026-11-29T12:00:00Z');
  const now = () => clock;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("never hands a live instance's update to another, and takes over a dead one's after its lease", async () => {
    const a = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    const b = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    expect(await a.store([update(7001), update(7002)])).toEqual(new Set());
    // Telegram redelivers 7001 to B (say, a webhook answered slowly): A holds it, so B skips it.
    expect(await b.store([update(7001)])).toEqual(new Set([7001]));
    expect(await b.takeOver()).toEqual([]);

    // A stays alive: its renewals keep the claims past the first lease.
    clock += CLAIM_LEASE_MS - 1000;
    await a.renewClaims();
    clock += CLAIM_LEASE_MS - 1000;
    expect(await b.takeOver()).toEqual([]);

    // A handles 7001, then dies: 7002 is B's once the lease has run out, and 7001 never is.
    a.markHandled(7001);
    await a.flush();
    clock += CLAIM_LEASE_MS + 1;
    const taken = await b.takeOver<ReturnType<typeof update>>();
    expect(taken.map((u) => u.update_id)).toEqual([7002]);
    // Now B holds it: A, come back, may not take it.
    expect(await a.takeOver()).toEqual([]);
    expect(await a.store([update(7002)])).toEqual(new Set([7002]));
  });

  it('lets the next run take at once what a cleanly stopped instance released', async () => {
    const stopping = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    await stopping.store([update(7101)]);
    await stopping.releaseClaims();
    const next = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    expect((await next.takeOver<ReturnType<typeof update>>()).map((u) => u.update_id)).toEqual([7101]);
  });

  it('splits updates nobody holds between instances taking over at the same moment', async () => {
    const gone = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    const ids = Array.from({ length: 40 }, (_, i) => 7200 + i);
    await gone.store(ids.map(update));
    clock += CLAIM_LEASE_MS + 1;
    const [x, y] = [new UpdateInbox(db.sql, { now }), new UpdateInbox(db.sql, { now })];
    const [fromX, fromY] = await Promise.all([x.takeOver(), y.takeOver()]);
    const all = [...fromX, ...fromY].map((u) => u.update_id).sort((p, q) => p - q);
    // Every update once: none shared, none left (earlier tests' leftovers may come along too).
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((id) => id >= 7200)).toEqual(ids);
  });
});
