// A chat's updates are handled in the order people sent them when several instances share one
// database, through the update processor (src/bot/updates.ts) on the real inbox: each case below is
// an order the instances' test (test/e2e/instances.test.ts) once got wrong on PostgreSQL. The
// handler only notes what it was given: what is checked here is the order, not the bot.
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/bot/context.js';
import type { Sender } from '../../src/bot/sender.js';
import { createUpdateProcessor } from '../../src/bot/update-processor.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { CLAIM_LEASE_MS, UpdateInbox } from '../../src/usecases/inbox.js';

describe("a chat's order across instances", () => {
  let db: TestDatabase;
  let clock = Date.parse('2026-12-08T12:00:00Z');
  const now = () => clock;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  /** An instance: its inbox and processor, whose handler notes each update (and may be held up). */
  function instance(handled: number[], holdUp = new Map<number, Promise<void>>()) {
    const inbox = new UpdateInbox(db.sql, { flushDelayMs: 0, now });
    const bot = {
      handleUpdate: async (update: Update) => {
        await holdUp.get(update.update_id);
        handled.push(update.update_id);
      },
    } as unknown as Bot<BotContext>;
    const sender = { settled: async () => undefined, drain: async () => undefined } as unknown as Sender;
    const processor = createUpdateProcessor(bot, inbox, sender, silentLogger);
    /** Stores and queues an update as a webhook does; `handled` resolves when handled or skipped. */
    const deliver = async (update: Update): Promise<{ handled: Promise<void> }> => {
      await processor.receive([update]);
      return processor.process(update);
    };
    return { inbox, processor, deliver };
  }

  const inChat = (chatId: number) => (id: number) =>
    ({
      update_id: id,
      message: {
        message_id: id,
        date: 0,
        chat: { id: chatId, type: 'group', title: 'Flat' },
        text: `#${id}`,
      },
    }) as Update;

  it('asks again for an update queued behind the one it waited for the lease with', async () => {
    const update = inChat(-7001);
    const handled: number[] = [];
    // An instance stores 10 with the chat's lease and dies before handling it.
    await new UpdateInbox(db.sql, { now }).storeBatch([update(10)], { leaseKeys: ['-7001'] });
    const b = instance(handled);
    const c = instance(handled);
    // 11 reaches B, 12 reaches C, 13 reaches B: none can take the lease while the dead one's holds.
    const eleven = b.deliver(update(11));
    await c.processor.receive([update(12)]);
    const thirteen = await b.deliver(update(13));
    clock += CLAIM_LEASE_MS + 1;
    // B takes the lease for 11 (with 10 before it); 12, stored by C meanwhile, comes before 13.
    await (await eleven).handled;
    await thirteen.handled;
    await (await c.processor.process(update(12))).handled;
    expect(handled).toEqual([10, 11, 12, 13]);
  });

  it("handles another instance's update, claimed with a later one, after those queued here before it", async () => {
    const update = inChat(-7002);
    const handled: number[] = [];
    let release: () => void = () => undefined;
    const b = instance(handled, new Map([[20, new Promise<void>((resolve) => (release = resolve))]]));
    const c = instance(handled);
    // B holds the chat, busy with 20, and has 21 queued; 22 reaches C, which waits for the lease.
    const twenty = await b.deliver(update(20));
    const twentyOne = await b.deliver(update(21));
    await c.processor.receive([update(22)]);
    // 23 reaches B: storing it claims C's 22 for B, to be handled before 23, not before 21.
    const twentyThree = await b.deliver(update(23));
    release();
    await Promise.all([twenty.handled, twentyOne.handled, twentyThree.handled]);
    expect(handled).toEqual([20, 21, 22, 23]);
  });

  it('handles an update posted again while a dead instance held it, once a later one claims it', async () => {
    const update = inChat(-7003);
    const handled: number[] = [];
    // An instance stores 30 with the chat's lease and dies; Telegram posts 30 again to B meanwhile.
    await new UpdateInbox(db.sql, { now }).storeBatch([update(30)], { leaseKeys: ['-7003'] });
    const b = instance(handled);
    await b.processor.receive([update(30)]);
    // The dead instance's claim runs out; 31 reaches B, whose store takes the chat and claims 30.
    clock += CLAIM_LEASE_MS + 1;
    await b.processor.receive([update(31)]);
    await (await b.processor.process(update(30))).handled;
    await (await b.processor.process(update(31))).handled;
    expect(handled).toEqual([30, 31]);
  });
});
