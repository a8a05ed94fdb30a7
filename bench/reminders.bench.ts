// Issue 17's measures: a recurring sweep with 10,000 rules due at once (two sweeps racing, as two
// instances would: how long, and every occurrence recorded exactly once), and the weekly digest for
// 100,000 people who owe (reading and formatting, with claims, but not sending: at Telegram's 30
// messages a second the sending is arithmetic, see BENCHMARKS.md), with the process's memory.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Services } from '../src/bot/context.js';
import { startReminders } from '../src/bot/reminder-runner.js';
import { parseConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/db.js';
import { MemberDirectory } from '../src/usecases/members.js';
import { recordDueOccurrences } from '../src/usecases/record-due-occurrences.js';

const MB = 2 ** 20;

function deps(db: TestDatabase, now: Date) {
  return {
    prisma: db.prisma,
    sql: db.sql,
    members: new MemberDirectory(db.prisma, db.sql),
    clock: () => now,
  };
}

/** `groups` groups of `size` people (users numbered from `firstUser`), all members. */
async function seedGroups(db: TestDatabase, groups: number, size: number): Promise<void> {
  await db.prisma.$executeRaw`
    INSERT INTO "User" ("telegramId", "firstName", "username", "usernameKey", "startedBot", "updatedAt")
    SELECT 9000000 + g, 'Person ' || g, 'person' || g, 'person' || g, true, now()
    FROM generate_series(1, ${groups * size}::int) g`;
  await db.prisma.$executeRaw`
    INSERT INTO "Group" ("chatId", "title", "updatedAt")
    SELECT -1000000 - g, 'Flat ' || g, now() FROM generate_series(1, ${groups}::int) g`;
  await db.prisma.$executeRaw`
    INSERT INTO "Membership" ("groupId", "userId")
    SELECT g.id, u.id FROM "Group" g JOIN "User" u ON (u."telegramId" - 9000001) / ${size}::int = (-1000001 - g."chatId")`;
}

export async function runRecurringBench(rules = 10_000, racing = true): Promise<string> {
  const db = await createTestDatabase();
  try {
    const groups = rules / 4;
    await seedGroups(db, groups, 4);
    // Four rules per group, each set up by the group's first member, all due on 1 Dec 2026 at 09:00 UTC.
    await db.prisma.$executeRaw`
      INSERT INTO "RecurringRule" ("groupId", "createdById", "schedule", "paidText", "paidEntities", "amount",
        "description", "nextDueOn", "nextDueAt", "createdAt", "updatedAt", "sourceChatId", "sourceMessageId")
      SELECT g.id, (SELECT min(m."userId") FROM "Membership" m WHERE m."groupId" = g.id),
        '{"every":"month","day":1}'::jsonb, '/paid 1200 everyone rent ' || k,
        '[{"type":"bot_command","offset":0,"length":5}]'::jsonb, 1200, 'rent ' || k,
        DATE '2026-12-01', TIMESTAMP '2026-12-01 09:00', now(), now(), g."chatId", k
      FROM "Group" g CROSS JOIN generate_series(1, 4) k`;
    const now = new Date('2026-12-01T09:01:00Z');
    const input = { defaultZone: 'UTC', botUsername: 'HisaabBenchBot' };
    const started = performance.now();
    const [a, b] = await Promise.all([
      recordDueOccurrences(deps(db, now), input),
      racing ? recordDueOccurrences(deps(db, now), input) : { recorded: 0 },
    ]);
    const seconds = (performance.now() - started) / 1000;
    const again = await recordDueOccurrences(deps(db, now), input);
    const occurrences = await db.prisma.recurringOccurrence.count();
    const expenses = await db.prisma.expense.count();
    if (
      a.recorded + b.recorded !== rules ||
      occurrences !== rules ||
      expenses !== rules ||
      again.recorded !== 0
    ) {
      throw new Error(`not exactly once: ${JSON.stringify({ a, b, again, occurrences, expenses })}`);
    }
    return (
      `${db.url ? 'PostgreSQL' : 'PGlite'}: ${rules.toLocaleString('en')} rules due at once, ${racing ? 'two sweeps racing' : 'one sweep'}: ` +
      `${seconds.toFixed(1)} s (${((seconds * 1000) / rules).toFixed(2)} ms a rule); recorded ${a.recorded} + ${b.recorded}, ` +
      `${occurrences} occurrences and ${expenses} expenses, a third sweep recorded ${again.recorded}`
    );
  } finally {
    await db.close();
  }
}

export async function runDigestBench(debtors = 100_000): Promise<string> {
  const db = await createTestDatabase();
  try {
    // Groups of four; the first member paid 1200 for all four, so three owe 300 each.
    const groups = Math.ceil(debtors / 3);
    await seedGroups(db, groups, 4);
    const seeding = performance.now();
    await db.prisma.$executeRaw`
      SELECT hisaab_record_expense(
        p_group_id => g.id, p_payer_id => m.ids[1], p_recorded_by_id => m.ids[1], p_amount => 1200,
        p_split_type => 'EQUAL', p_description => 'groceries', p_share_users => m.ids,
        p_share_amounts => ARRAY[300, 300, 300, 300]::numeric[], p_share_typed => ARRAY[NULL, NULL, NULL, NULL]::numeric[],
        p_source_chat_id => g."chatId", p_source_message_id => 1, p_at => TIMESTAMP '2026-11-18 10:00')
      FROM "Group" g
      CROSS JOIN LATERAL (SELECT array_agg(x."userId" ORDER BY x."userId") AS ids FROM "Membership" x WHERE x."groupId" = g.id) m`;
    const seeded = (performance.now() - seeding) / 1000;
    const now = new Date('2026-11-30T10:05:00Z');
    const services = {
      config: parseConfig({ BOT_TOKEN: '123456789:BENCH-token-for-the-digest' }),
      prisma: db.prisma,
      sql: db.sql,
      clock: () => now,
      logger: silentLogger,
    } as unknown as Services;
    let sent = 0;
    let longest = 0;
    const reminders = startReminders(services, {
      logger: silentLogger,
      intervalMs: 60_000,
      timer: false,
      pacer: { take: async () => undefined },
      send: async (_chat, text) => {
        sent++;
        longest = Math.max(longest, text.length);
        // Sampled here: with a send that does no I/O the run never yields to timers.
        if (sent % 500 === 0) sample();
        return true;
      },
    });
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    let samples = 0;
    function sample() {
      samples++;
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }
    const sampler = setInterval(sample, 50);
    const started = performance.now();
    const totals = await reminders.runDigest();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const again = await reminders.runDigest();
    await reminders.stop();
    if (totals.sent !== groups * 3 || again.sent !== 0) {
      throw new Error(`digest not once each: ${JSON.stringify({ totals, again })}`);
    }
    const atThirty = (sent / 30 / 60).toFixed(0);
    const atRate = (sent / services.config.reminders.perSecond / 60).toFixed(0);
    return (
      `${db.url ? 'PostgreSQL' : 'PGlite'}: digest for ${sent.toLocaleString('en')} people who owe ` +
      `(${groups.toLocaleString('en')} groups; seeding their expenses took ${seeded.toFixed(0)} s): read, claimed, ` +
      `formatted and handed to a no-op send in ${seconds.toFixed(1)} s (${((sent / seconds) | 0).toLocaleString('en')} a second); ` +
      `heap ${(baseline.heapUsed / MB).toFixed(0)} MB before, peak ${(peakHeap / MB).toFixed(0)} MB (${samples} samples); RSS peak ${(peakRss / MB).toFixed(0)} MB ` +
      `(+${((peakRss - baseline.rss) / MB).toFixed(0)} MB); a second run sent ${again.sent}. Sending them at Telegram's 30 a second ` +
      `takes ${atThirty} min (${atRate} min at the default REMINDERS_PER_SECOND=${services.config.reminders.perSecond}).`
    );
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const which = process.argv[2] ?? 'all';
  if (which === 'all' || which === 'recurring')
    console.log(await runRecurringBench(Number(process.argv[3] ?? 10_000), process.argv[4] !== 'alone'));
  if (which === 'all' || which === 'digest')
    console.log(await runDigestBench(Number(process.argv[3] ?? 100_000)));
}
