// ExportRun rows: every run is recorded with its trigger, status, object key, rows, bytes and
// error. They are also the lock between bot processes sharing one database: a scheduled run is
// unique per ISO week (periodKey), and an on-demand run is refused while another is running
// (checked under an advisory lock, so two processes asked at once start one run).
import type { PrismaClient } from '../generated/prisma/client.js';

export type Trigger = 'SCHEDULE' | 'ADMIN' | 'CLI';

/** The advisory lock key that serialises starting on-demand runs (any constant unique to us). */
const ON_DEMAND_LOCK = 4_825_530_001;

/** A RUNNING row older than this belongs to a process that died; it no longer blocks anyone. */
const STALE_MS = 60 * 60_000;

/** ISO 8601 week of a date (UTC), e.g. 2026-W48; weeks start on Monday, week 1 holds a Thursday. */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * The oldest ISO week of the `keep` newest, counting `week` itself: with 8, the files of 2026-W48
 * back to 2026-W41 are kept.
 */
export function oldestKeptWeek(week: string, keep: number): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new Error(`not an ISO week: ${week}`);
  const year = Number(match[1]);
  // 4 January is always in week 1; the Thursday of week n is that week's Thursday plus n - 1 weeks.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const thursday = Date.UTC(year, 0, 4 + 3 - ((jan4.getUTCDay() || 7) - 1));
  const weeksBack = Number(match[2]) - 1 - (keep - 1);
  return isoWeek(new Date(thursday + weeksBack * 7 * 86_400_000));
}

export type BeginResult =
  | { status: 'started'; runId: number; week: string }
  | { status: 'busy'; since: Date }
  | { status: 'done-this-week'; runId: number };

export async function beginRun(
  prisma: PrismaClient,
  input: { trigger: Trigger; requestedBy?: bigint; now: Date },
): Promise<BeginResult> {
  const week = isoWeek(input.now);
  const staleBefore = new Date(input.now.getTime() - STALE_MS);
  if (input.trigger === 'SCHEDULE') {
    const periodKey = `SCHEDULE:${week}`;
    const existing = await prisma.exportRun.findUnique({ where: { periodKey } });
    if (!existing) {
      try {
        const run = await prisma.exportRun.create({
          data: { trigger: 'SCHEDULE', periodKey, startedAt: input.now, attempts: 0 },
        });
        return { status: 'started', runId: run.id, week };
      } catch {
        // Another process created it between our read and write: that process runs this week's export.
        const other = await prisma.exportRun.findUnique({ where: { periodKey } });
        return { status: 'busy', since: other?.startedAt ?? input.now };
      }
    }
    if (existing.status === 'SUCCEEDED') return { status: 'done-this-week', runId: existing.id };
    // A failed or abandoned run of this week is taken over, by exactly one process.
    const taken = await prisma.exportRun.updateMany({
      where: {
        id: existing.id,
        OR: [{ status: 'FAILED' }, { status: 'RUNNING', startedAt: { lt: staleBefore } }],
      },
      data: { status: 'RUNNING', startedAt: input.now, error: null, finishedAt: null },
    });
    return taken.count === 1
      ? { status: 'started', runId: existing.id, week }
      : { status: 'busy', since: existing.startedAt };
  }
  // Check, then insert, under a lock held to the end of the transaction: two processes asked at
  // the same instant would otherwise both see nothing running and both start.
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ON_DEMAND_LOCK}::bigint)`;
    const running = await tx.exportRun.findFirst({
      where: { status: 'RUNNING', startedAt: { gte: staleBefore } },
      orderBy: { startedAt: 'desc' },
    });
    if (running) return { status: 'busy', since: running.startedAt } as const;
    const run = await tx.exportRun.create({
      data: { trigger: input.trigger, requestedBy: input.requestedBy ?? null, startedAt: input.now },
    });
    return { status: 'started', runId: run.id, week } as const;
  });
}

export async function finishRun(
  prisma: PrismaClient,
  runId: number,
  result: { key: string; rows: number; bytes: number; attempts: number },
  now: Date,
): Promise<void> {
  await prisma.exportRun.update({
    where: { id: runId },
    data: {
      status: 'SUCCEEDED',
      objectKey: result.key,
      rows: result.rows,
      bytes: BigInt(result.bytes),
      attempts: result.attempts,
      finishedAt: now,
    },
  });
}

export async function failRun(
  prisma: PrismaClient,
  runId: number,
  failure: { error: string; attempts: number },
  now: Date,
): Promise<void> {
  await prisma.exportRun.update({
    where: { id: runId },
    data: {
      status: 'FAILED',
      error: failure.error.slice(0, 2000),
      attempts: failure.attempts,
      finishedAt: now,
    },
  });
}
