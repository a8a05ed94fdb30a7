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

  it("keeps a chat's order across instances: one holds the chat, the other's update waits and is handled in turn", async () => {
    const chatUpdate = (id: number) => ({
      update_id: id,
      message: { chat: { id: -901, type: 'group' }, text: `#${id}` },
    });
    const a = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    const b = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    // A takes 7301 (a /paid, say) and holds the chat while handling it.
    await a.store([chatUpdate(7301)]);
    expect(await a.holdChat('-901', chatUpdate(7301))).toEqual({ held: true, done: false, earlier: [] });
    // 7302 (the /undo after it) reaches B: B may not handle it while A holds the chat.
    await b.store([chatUpdate(7302)]);
    expect(await b.holdChat('-901', chatUpdate(7302))).toMatchObject({ held: false, done: false });
    // A's next update of the chat (7303) comes with B's waiting 7302 first, now claimed by A
    // (7301, which A processed under the lease, not again).
    await a.store([chatUpdate(7303)]);
    const next = await a.holdChat('-901', chatUpdate(7303), [7301]);
    expect(next.held).toBe(true);
    expect(next.earlier.map((u) => u.update_id)).toEqual([7302]);
    // A gives the chat up having processed all three: B learns its 7302 was handled, and holds next.
    await a.releaseChat('-901', [7301, 7302, 7303]);
    expect(await b.holdChat('-901', chatUpdate(7302))).toEqual({ held: true, done: true, earlier: [] });
    await b.releaseChat('-901', []);
  });

  it('lets another instance hold a chat whose holder died, once the lease ran out, with what it left', async () => {
    const chatUpdate = (id: number) => ({
      update_id: id,
      message: { chat: { id: -902, type: 'group' }, text: `#${id}` },
    });
    const dead = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    const live = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    await dead.store([chatUpdate(7401)]);
    expect((await dead.holdChat('-902', chatUpdate(7401))).held).toBe(true);
    await live.store([chatUpdate(7402)]);
    clock += CLAIM_LEASE_MS - 1000;
    await live.renewClaims();
    expect((await live.holdChat('-902', chatUpdate(7402))).held).toBe(false);
    clock += 1001;
    const taken = await live.holdChat('-902', chatUpdate(7402));
    expect(taken).toMatchObject({ held: true, done: false });
    expect(taken.earlier.map((u) => u.update_id)).toEqual([7401]);
    await live.releaseChat('-902', [7401, 7402]);
  });

  it('gives up the chat leases it holds on a clean stop', async () => {
    const chatUpdate = { update_id: 7501, message: { chat: { id: -903, type: 'group' }, text: 'x' } };
    const stopping = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    const other = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    await stopping.store([chatUpdate]);
    expect((await stopping.holdChat('-903', chatUpdate)).held).toBe(true);
    await stopping.releaseClaims();
    expect((await other.holdChat('-903', chatUpdate)).held).toBe(true);
  });

  it('hands a taken-over update to the chat before a later one already waiting here', async () => {
    const chatUpdate = (id: number) => ({
      update_id: id,
      message: { chat: { id: -904, type: 'group' }, text: `#${id}` },
    });
    const dead = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    const live = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    await dead.store([chatUpdate(7601)]);
    expect((await dead.holdChat('-904', chatUpdate(7601))).held).toBe(true);
    // 7602 waits here for the dead instance's lease; meanwhile the takeover claims 7601 for us and
    // queues it behind 7602. Holding the chat, 7601 still comes first.
    await live.store([chatUpdate(7602)]);
    clock += CLAIM_LEASE_MS + 1;
    expect((await live.takeOver<ReturnType<typeof chatUpdate>>()).map((u) => u.update_id)).toContain(7601);
    const hold = await live.holdChat('-904', chatUpdate(7602));
    expect(hold).toMatchObject({ held: true, done: false });
    expect(hold.earlier.map((u) => u.update_id)).toEqual([7601]);
    await live.releaseChat('-904', [7601, 7602]);
  });

  it('handles again an update processed by an instance that died before answering it', async () => {
    const chatUpdate = (id: number) => ({
      update_id: id,
      message: { chat: { id: -905, type: 'group' }, text: `#${id}` },
    });
    const dead = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    const next = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    await dead.store([chatUpdate(7701), chatUpdate(7702)]);
    expect((await dead.holdChat('-905', chatUpdate(7701))).held).toBe(true);
    // 7701 was processed (marked by the next hold), its answer never delivered; then the instance died.
    expect((await dead.holdChat('-905', chatUpdate(7702), [7701])).held).toBe(true);
    clock += CLAIM_LEASE_MS + 1;
    const replay = await next.takeOver<ReturnType<typeof chatUpdate>>();
    expect(replay.map((u) => u.update_id)).toEqual(expect.arrayContaining([7701, 7702]));
    // Not "done": its answer is still owed, so it is handled again.
    expect(await next.holdChat('-905', chatUpdate(7701))).toMatchObject({ held: true, done: false });
    await next.releaseChat('-905', [7701, 7702]);
  });

  it('never shortens a lease it keeps: a store whose times were taken before the lease was extended leaves its end', async () => {
    const chatUpdate = (id: number) => ({
      update_id: id,
      message: { chat: { id: -950, type: 'group' }, text: `#${id}` },
    });
    let at = clock + 60_000;
    const a = new UpdateInbox(db.sql, { flushDelayMs: 0, now: () => at });
    await a.store([chatUpdate(7401)]);
    // A takes the chat at `later`, then a store of its own runs with times taken a second before.
    const later = at;
    expect((await a.holdChat('-950', chatUpdate(7401))).held).toBe(true);
    at = later - 1_000;
    const batch = await a.storeBatch([chatUpdate(7402)], { leaseKeys: ['-950'] });
    expect(batch.leased.has('-950')).toBe(true);
    // Just after the end the stale store would have set, the chat is still A's.
    const b = new UpdateInbox(db.sql, { flushDelayMs: 0, now: () => later + CLAIM_LEASE_MS - 500 });
    expect((await b.holdChat('-950', chatUpdate(7403))).held).toBe(false);
  });
});
