// The monthly summary's claims, for several instances on one database and for restarts: on the 1st
// (from 09:00 in the time zone) each opted-in group is claimed for last month by exactly one caller;
// a delivered one is never claimed again, and one left unsent by a caller that died is taken over
// after ten minutes. Before 09:00, or on another day, nothing is due.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { claimDueSummaries, markSummarySent, setSummaryAuto } from '../../src/usecases/month-summary.js';

describe('monthly summary claims', () => {
  let db: TestDatabase;
  let now = new Date('2026-12-01T09:30:00Z');
  const deps = () => ({ sql: db.sql, clock: () => now });
  const admin = { requesterIsAdmin: async () => true };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('claims each opted-in group once across concurrent callers, and never a delivered one again', async () => {
    const groups = await Promise.all(
      [1, 2, 3].map((i) => db.prisma.group.create({ data: { chatId: BigInt(-9000 - i), title: `G${i}` } })),
    );
    const [a, b, off] = groups as [(typeof groups)[0], (typeof groups)[0], (typeof groups)[0]];
    await setSummaryAuto(deps(), { groupId: a.id, on: true, ...admin });
    await setSummaryAuto(deps(), { groupId: b.id, on: true, ...admin });
    await expect(
      setSummaryAuto(deps(), { groupId: off.id, on: true, requesterIsAdmin: async () => false }),
    ).rejects.toThrow('Only a group admin can turn the monthly summary on.');

    // Not yet at 08:59 UTC; another day is never due.
    now = new Date('2026-12-01T08:59:00Z');
    expect(await claimDueSummaries(deps(), { timeZone: 'UTC' })).toEqual([]);
    now = new Date('2026-12-02T12:00:00Z');
    expect(await claimDueSummaries(deps(), { timeZone: 'UTC' })).toEqual([]);

    now = new Date('2026-12-01T09:30:00Z');
    const results = await Promise.all(
      Array.from({ length: 4 }, () => claimDueSummaries(deps(), { timeZone: 'UTC' })),
    );
    expect(results.flat().every((g) => g.month.year === 2026 && g.month.month === 11)).toBe(true);
    const claimed = results.flatMap((r) => r.map((g) => g.groupId)).sort((x, y) => x - y);
    expect(claimed).toEqual([a.id, b.id].sort((x, y) => x - y));

    await markSummarySent(deps(), { groupId: a.id, month: { year: 2026, month: 11 } });
    // Later that day: a's was delivered, b's claim is fresh: nothing.
    now = new Date('2026-12-01T09:35:00Z');
    expect(await claimDueSummaries(deps(), { timeZone: 'UTC' })).toEqual([]);
    // Ten minutes on, b's unsent claim is taken over (its caller died); a's never is.
    now = new Date('2026-12-01T09:45:00Z');
    expect((await claimDueSummaries(deps(), { timeZone: 'UTC' })).map((g) => g.groupId)).toEqual([b.id]);
    await markSummarySent(deps(), { groupId: b.id, month: { year: 2026, month: 11 } });
    now = new Date('2026-12-01T23:00:00Z');
    expect(await claimDueSummaries(deps(), { timeZone: 'UTC' })).toEqual([]);
    // The next month is its own claim.
    now = new Date('2027-01-01T09:00:00Z');
    const january = await claimDueSummaries(deps(), { timeZone: 'UTC' });
    expect(january.map((g) => [g.groupId, g.month]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual(
      [
        [a.id, { year: 2026, month: 12 }],
        [b.id, { year: 2026, month: 12 }],
      ].sort((x, y) => Number(x[0]) - Number(y[0])),
    );
    // In Kolkata it is the 1st from 18:30 UTC the day before (09:00 there at 03:30 UTC).
    now = new Date('2027-01-31T20:00:00Z');
    expect(await claimDueSummaries(deps(), { timeZone: 'Asia/Kolkata' })).toEqual([]);
    now = new Date('2027-02-01T03:30:00Z');
    expect((await claimDueSummaries(deps(), { timeZone: 'Asia/Kolkata' })).map((g) => g.month)).toEqual([
      { year: 2027, month: 1 },
      { year: 2027, month: 1 },
    ]);
  });
});
