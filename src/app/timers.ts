// The timers part: the weekly export schedule, last month's summaries, the recurring sweep, private
// change notes, the digest and nudges, and the hourly pruning of stored updates. With `schedule`
// off (tests, the sandbox) the sweeps run only when called. Stopped first: nothing new starts while
// the rest shuts down.
import type { Bot } from 'grammy';
import { type ChangeNotes, startChangeNotes } from '../bot/change-notes.js';
import type { BotContext, Services } from '../bot/context.js';
import { type SummaryPoster, startSummaryPoster } from '../bot/monthly-summary.js';
import { type RecurringSweep, startRecurringSweep } from '../bot/recurring-sweep.js';
import { type Reminders, startReminders } from '../bot/reminder-runner.js';
import type { Config } from '../config.js';
import { inBackground } from '../db/round-trips.js';
import type { ExportService } from '../export/service.js';
import type { Logger } from '../log.js';
import type { UpdateInbox } from '../usecases/inbox.js';
import type { Part } from './part.js';

/** Telegram never resends an update after a day: stored ones older are forgotten. */
const INBOX_RETENTION_MS = 24 * 60 * 60_000;

export interface TimersPart extends Part {
  summaries: SummaryPoster;
  recurring: RecurringSweep;
  changeNotes: ChangeNotes;
  reminders: Reminders;
}

export async function startTimers(
  config: Config,
  parts: { bot: Bot<BotContext>; services: Services; exports: ExportService; inbox: UpdateInbox },
  options: { logger: Logger; schedule: boolean },
): Promise<TimersPart> {
  const { services, exports } = parts;
  const { logger, schedule } = options;
  if (schedule) await exports.start();
  const summaries = startSummaryPoster(services, { logger: logger.child({ component: 'summaries' }) });
  const intervalMs = config.recurring.sweepSeconds * 1000;
  const recurring = startRecurringSweep(services, {
    botUsername: parts.bot.botInfo.username,
    intervalMs,
    logger: logger.child({ component: 'recurring' }),
    timer: schedule,
  });
  const changeNotes = startChangeNotes(services, {
    logger: logger.child({ component: 'change-notes' }),
    timer: schedule,
  });
  const reminders = startReminders(services, {
    logger: logger.child({ component: 'reminders' }),
    intervalMs,
    timer: schedule,
  });
  const prune = () =>
    parts.inbox
      .prune(new Date(Date.now() - INBOX_RETENTION_MS))
      .then(({ unhandled }) => {
        if (unhandled > 0) logger.warn('dropped stored updates never handled in a day', { count: unhandled });
      })
      .catch((error) => logger.warn('pruning stored updates failed', { error }));
  // Once now (a bot restarted often would otherwise never reach the hourly run), then hourly; the
  // stop waits for a run in progress before the database closes.
  let pruning = inBackground(prune);
  const pruner = setInterval(() => {
    pruning = inBackground(prune);
  }, 60 * 60_000);
  pruner.unref();
  return {
    name: 'timers',
    summaries,
    recurring,
    changeNotes,
    reminders,
    async stop() {
      clearInterval(pruner);
      await recurring.stop();
      await changeNotes.stop();
      await reminders.stop();
      await pruning;
      await summaries.stop();
    },
  };
}
