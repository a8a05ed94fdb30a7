// The reminders that go out by themselves: the weekly digest (DIGEST_SCHEDULE, in EXPORT_TZ) to
// each person who owes in any group, and the automatic nudges of groups that asked for them (once
// a day at the same hour). Checked on each tick of a timer against the app's clock.
//
// - Never twice: each message is claimed in SentReminder (per person and ISO week for the digest,
//   per group, person and week for a nudge) before it is sent; a restart or a second instance finds
//   the claim and skips it. A run marks its period done at the end, so later ticks cost one read.
// - Within Telegram's limits: sends are paced to REMINDERS_PER_SECOND across all chats (Pacer) and go
//   through the sender, which keeps each chat within its own limits; people are read a page at a
//   time and at most a few hundred messages wait at once, so memory stays flat for any number.
// - People who never opened a chat with the bot cannot be written to: they are skipped.
import type { InlineKeyboard } from 'grammy';
import { addDays, isoWeek, localDay, weekdayOf } from '../commands/index.js';
import type { Logger } from '../log.js';
import { type DebtorLines, debtsOfPeople } from '../usecases/debts-of-people.js';
import { debtsToNudge } from '../usecases/nudge-debtors.js';
import {
  claimReminder,
  claimReminders,
  isRunClaimed,
  remindersDelivered,
} from '../usecases/remind-debtor.js';
import type { Services } from './context.js';
import { digestMessage, nudgeMessage } from './features/reminders.js';
import { Pacer } from './pacer.js';

const PAGE = 1000;
const IN_FLIGHT = 200;
const MARK_BATCH = 500;

interface Run {
  totals: RunTotals;
  inFlight: Set<Promise<void>>;
  /** Claims delivered and not yet marked so. */
  delivered: number[];
}

function newRun(): Run {
  return { totals: { sent: 0, undelivered: 0, skipped: 0 }, inFlight: new Set(), delivered: [] };
}

export interface RunTotals {
  sent: number;
  undelivered: number;
  skipped: number;
}

/** How a message leaves: the sender by default; a benchmark measures without sending. */
export type Send = (chatId: string, text: string, keyboard?: InlineKeyboard) => Promise<boolean>;

export interface Reminders {
  /** Runs what is due by the clock now (the timer calls this each minute). */
  tick(): Promise<void>;
  /** The digest for the current week, now (idempotent per person and week). */
  runDigest(): Promise<RunTotals>;
  runNudges(): Promise<RunTotals>;
  stop(): Promise<void>;
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: on the list of long functions to split (test/structure/complexity-exceptions.test.ts)
export function startReminders(
  services: Services,
  options: {
    logger: Logger;
    intervalMs: number;
    timer: boolean;
    /** A benchmark measures reading and formatting without sending or pacing. */
    send?: Send;
    pacer?: Pick<Pacer, 'take'>;
  },
): Reminders {
  const zone = services.config.export.timezone;
  const pacer = options.pacer ?? new Pacer(services.config.reminders.perSecond);
  const send: Send =
    options.send ??
    ((chatId, text, keyboard) =>
      services.sender.enqueue(chatId, { method: 'sendMessage', text, ...(keyboard ? { keyboard } : {}) }));
  let running: Promise<void> | undefined;
  const done = new Set<string>();

  /**
   * Sends to each reachable debtor of a page not yet claimed: the page is claimed in one statement,
   * then each message is paced, with a bounded number in flight; deliveries are marked in batches.
   */
  async function deliver(
    debtors: readonly (DebtorLines & { groupId?: number })[],
    kind: 'digest' | 'auto',
    period: string,
    message: (d: DebtorLines) => { text: string; keyboard?: InlineKeyboard },
    run: Run,
  ): Promise<void> {
    const reachable = debtors.filter((d) => d.debtor.startedBot);
    run.totals.skipped += debtors.length - reachable.length;
    const claims = await claimReminders(services, {
      kind,
      period,
      targets: reachable.map((d) => ({ groupId: d.groupId ?? 0, toUserId: d.debtor.id })),
    });
    for (const debtor of reachable) {
      const claimId = claims.get(`${debtor.groupId ?? 0}:${debtor.debtor.id}`);
      if (claimId === undefined) {
        run.totals.skipped++;
        continue;
      }
      await pacer.take();
      const { text, keyboard } = message(debtor);
      const sending = send(String(debtor.debtor.telegramId), text, keyboard)
        .catch(() => false)
        .then((delivered) => {
          if (!delivered) {
            run.totals.undelivered++;
            return;
          }
          run.totals.sent++;
          run.delivered.push(claimId);
          if (run.delivered.length >= MARK_BATCH) return flush(run);
        })
        .catch((error) => options.logger.warn('could not mark reminders delivered', { error }));
      run.inFlight.add(sending);
      void sending.finally(() => run.inFlight.delete(sending));
      while (run.inFlight.size >= IN_FLIGHT) await Promise.race(run.inFlight);
    }
  }

  async function flush(run: Run): Promise<void> {
    const ids = run.delivered.splice(0);
    await remindersDelivered(services, { claimIds: ids });
  }

  async function finish(run: Run): Promise<RunTotals> {
    await Promise.all(run.inFlight);
    await flush(run);
    return run.totals;
  }

  async function runDigest(): Promise<RunTotals> {
    const now = services.clock();
    const week = isoWeek(localDay(now, zone));
    const run = newRun();
    for (let after: number | null = 0; after !== null; ) {
      const page = await debtsOfPeople(services, { afterUserId: after, limit: PAGE });
      const unmuted = page.debtors.filter((d) => !d.debtor.digestMuted);
      run.totals.skipped += page.debtors.length - unmuted.length;
      await deliver(unmuted, 'digest', week, (d) => digestMessage(d, now), run);
      after = page.nextAfter;
    }
    const totals = await finish(run);
    await claimReminder(services, { kind: 'digest-run', period: week, toUserId: 0 });
    done.add(`digest-run:${week}`);
    options.logger.info('weekly digest sent', { week, ...totals });
    return totals;
  }

  async function runNudges(): Promise<RunTotals> {
    const now = services.clock();
    const today = localDay(now, zone);
    const week = isoWeek(today);
    const run = newRun();
    for (let after: number | null = 0; after !== null; ) {
      const page = await debtsToNudge(services, { afterGroupId: after, limit: 100 });
      await deliver(page.nudges, 'auto', week, (d) => ({ text: nudgeMessage(d, now) }), run);
      after = page.nextAfter;
    }
    const totals = await finish(run);
    await claimReminder(services, { kind: 'auto-run', period: today, toUserId: 0 });
    done.add(`auto-run:${today}`);
    return totals;
  }

  /** Whether a run of this kind and period is marked done (in memory first, then the database). */
  async function isDone(kind: string, period: string): Promise<boolean> {
    if (done.has(`${kind}:${period}`)) return true;
    const claimed = await isRunClaimed(services, { kind, period });
    if (claimed) done.add(`${kind}:${period}`);
    return claimed;
  }

  async function tick(): Promise<void> {
    const when = services.config.reminders.digest;
    if (!when) return;
    const now = services.clock();
    const today = localDay(now, zone);
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now),
    );
    // This week's digest day (ISO weeks start on Monday), and whether its hour has come.
    const digestDay = addDays(today, when.weekday - weekdayOf(today));
    const digestDue = today > digestDay || (today === digestDay && hour >= when.hour);
    if (digestDue && !(await isDone('digest-run', isoWeek(today)))) await runDigest();
    if (hour >= when.hour && !(await isDone('auto-run', today))) await runNudges();
  }

  const guarded = () => {
    running ??= tick().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = options.timer
    ? setInterval(() => {
        guarded().catch((error) => options.logger.warn('sending reminders failed', { error }));
      }, options.intervalMs)
    : undefined;
  timer?.unref();
  return {
    tick: guarded,
    runDigest,
    runNudges,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
