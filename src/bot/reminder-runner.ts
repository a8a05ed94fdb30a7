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
import { claimReminder, finishReminder } from '../usecases/remind-debtor.js';
import type { Services } from './context.js';
import { digestMessage, nudgeMessage } from './features/reminders.js';
import { Pacer } from './pacer.js';

const PAGE = 1000;
const IN_FLIGHT = 200;

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

  /** Sends to each reachable debtor not yet claimed, paced, with a bounded number in flight. */
  async function deliver(
    debtors: readonly DebtorLines[],
    claim: (d: DebtorLines) => Promise<number | null>,
    message: (d: DebtorLines) => { text: string; keyboard?: InlineKeyboard },
    totals: RunTotals,
    inFlight: Set<Promise<void>>,
  ): Promise<void> {
    for (const debtor of debtors) {
      if (!debtor.debtor.startedBot) {
        totals.skipped++;
        continue;
      }
      const claimId = await claim(debtor);
      if (claimId === null) {
        totals.skipped++;
        continue;
      }
      await pacer.take();
      const { text, keyboard } = message(debtor);
      const sending = send(String(debtor.debtor.telegramId), text, keyboard)
        .catch(() => false)
        .then(async (delivered) => {
          if (delivered) totals.sent++;
          else totals.undelivered++;
          await finishReminder(services, { claimId, delivered, release: false });
        })
        .catch((error) => options.logger.warn('could not mark a reminder', { error }));
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
      while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
  }

  async function runDigest(): Promise<RunTotals> {
    const now = services.clock();
    const week = isoWeek(localDay(now, zone));
    const totals: RunTotals = { sent: 0, undelivered: 0, skipped: 0 };
    const inFlight = new Set<Promise<void>>();
    for (let after: number | null = 0; after !== null; ) {
      const page = await debtsOfPeople(services, { afterUserId: after, limit: PAGE });
      const reachable = page.debtors.filter((d) => {
        if (d.debtor.digestMuted) totals.skipped++;
        return !d.debtor.digestMuted;
      });
      await deliver(
        reachable,
        (d) => claimReminder(services, { kind: 'digest', period: week, toUserId: d.debtor.id }),
        (d) => digestMessage(d, now),
        totals,
        inFlight,
      );
      after = page.nextAfter;
    }
    await Promise.all(inFlight);
    await claimReminder(services, { kind: 'digest-run', period: week, toUserId: 0 });
    done.add(`digest-run:${week}`);
    options.logger.info('weekly digest sent', { week, ...totals });
    return totals;
  }

  async function runNudges(): Promise<RunTotals> {
    const now = services.clock();
    const today = localDay(now, zone);
    const week = isoWeek(today);
    const totals: RunTotals = { sent: 0, undelivered: 0, skipped: 0 };
    const inFlight = new Set<Promise<void>>();
    for (let after: number | null = 0; after !== null; ) {
      const page = await debtsToNudge(services, { afterGroupId: after, limit: 100 });
      await deliver(
        page.nudges,
        (d) =>
          claimReminder(services, {
            kind: 'auto',
            period: week,
            groupId: (d as DebtorLines & { groupId: number }).groupId,
            toUserId: d.debtor.id,
          }),
        (d) => ({ text: nudgeMessage(d, now) }),
        totals,
        inFlight,
      );
      after = page.nextAfter;
    }
    await Promise.all(inFlight);
    await claimReminder(services, { kind: 'auto-run', period: today, toUserId: 0 });
    done.add(`auto-run:${today}`);
    return totals;
  }

  /** Whether a run of this kind and period is marked done (in memory first, then the database). */
  async function isDone(kind: string, period: string): Promise<boolean> {
    if (done.has(`${kind}:${period}`)) return true;
    const row = await services.prisma.sentReminder.findFirst({ where: { kind, period, toUserId: 0 } });
    if (row) done.add(`${kind}:${period}`);
    return row !== null;
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
