// The update inbox on the real database: what stays stored of people's private messages once they
// are handled, and what is forgotten after a day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { UpdateInbox } from '../../src/usecases/inbox.js';

const DAY_MS = 24 * 60 * 60_000;

function message(updateId: number, chat: { id: number; type: string }, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: 1,
      date: 1_764_000_000,
      chat,
      from: { id: 501, is_bot: false, first_name: 'Asha' },
      text,
    },
  };
}

describe('the update inbox', () => {
  let db: TestDatabase;
  let inbox: UpdateInbox;
  beforeAll(async () => {
    db = await createTestDatabase();
    inbox = new UpdateInbox(db.sql, { flushDelayMs: 0 });
  });
  afterAll(async () => {
    await db?.close();
  });

  async function payloadOf(updateId: number): Promise<unknown> {
    const row = await db.prisma.inboundUpdate.findUnique({ where: { updateId: BigInt(updateId) } });
    return row?.payload;
  }

  it('keeps a private chat payload only until it is handled, then only its update_id', async () => {
    const profile = message(9001, { id: 501, type: 'private' }, 'asha@example.com +91 98765 43210');
    const group = message(9002, { id: -100_200, type: 'supergroup' }, '/paid 100 tea');
    await inbox.store([profile, group]);
    // Until handled, the whole update is kept: a crash replays it.
    expect(await payloadOf(9001)).toEqual(profile);

    inbox.markHandled(9001);
    inbox.markHandled(9002);
    await inbox.flush();

    expect(await payloadOf(9001)).toEqual({ update_id: 9001 });
    expect(JSON.stringify(await payloadOf(9001))).not.toContain('example.com');
    expect(await payloadOf(9002)).toEqual(group);
    // Still recognised as handled when Telegram sends it again.
    expect(await inbox.store([profile])).toEqual(new Set([9001]));
  });

  it('forgets handled updates and never-handled ones after a day, and says how many of each', async () => {
    const now = Date.now();
    await inbox.store([
      message(9101, { id: 502, type: 'private' }, 'old, handled'),
      message(9102, { id: 502, type: 'private' }, 'old, never handled'),
      message(9103, { id: 502, type: 'private' }, 'recent, never handled'),
    ]);
    inbox.markHandled(9101);
    await inbox.flush();
    const twoDaysAgo = new Date(now - 2 * DAY_MS);
    await db.prisma.inboundUpdate.update({
      where: { updateId: 9101n },
      data: { receivedAt: twoDaysAgo, handledAt: twoDaysAgo },
    });
    await db.prisma.inboundUpdate.update({ where: { updateId: 9102n }, data: { receivedAt: twoDaysAgo } });

    expect(await inbox.prune(new Date(now - DAY_MS))).toEqual({ handled: 1, unhandled: 1 });

    const left = await db.prisma.inboundUpdate.findMany({
      where: { updateId: { gte: 9101n, lte: 9103n } },
      select: { updateId: true },
    });
    expect(left).toEqual([{ updateId: 9103n }]);
    await inbox.releaseClaims();
    expect((await inbox.takeOver()).map((u) => u.update_id)).toEqual([9103]);
  });
});
