// The recurring sweep in the bot's process: every RECURRING_SWEEP_SECONDS it records the recurring
// expenses that fell due by the app's clock and announces them through the sender.
//
// Why a timer here and not a Bree job: the sweep must announce through this process's sender (one
// per-chat budget for everything the bot says), must run against the app's injectable clock (tests
// move time), and with the embedded database only this process can open it; a Bree worker would
// have to ask the main thread for every query and every message, as the export does for pages.
// Correctness does not rest on the timer: each occurrence is recorded once by its key, whichever
// instance or tick gets there first.
import type { Logger } from '../log.js';
import { type Occurrence, recordDueOccurrences } from '../usecases/record-due-occurrences.js';
import type { Services } from './context.js';
import { announceOccurrence } from './features/recurring.js';

export interface RecurringSweep {
  /** Runs one sweep now (or waits for the one running): what tests and the timer call. */
  sweep(): Promise<{ recorded: number; paused: number; skipped: number }>;
  stop(): Promise<void>;
}

export function startRecurringSweep(
  services: Services,
  options: { botUsername: string; intervalMs: number; logger: Logger; timer: boolean },
): RecurringSweep {
  let running: Promise<{ recorded: number; paused: number; skipped: number }> | undefined;
  const announcing = new Set<Promise<void>>();
  const sweep = () => {
    running ??= recordDueOccurrences(services, {
      defaultZone: services.config.export.timezone,
      botUsername: options.botUsername,
      onOccurrence: (occurrence: Occurrence) => {
        const told = announceOccurrence(services, occurrence).catch((error) =>
          options.logger.warn('could not announce a recurring expense', { error, rule: occurrence.rule.id }),
        );
        announcing.add(told);
        void told.finally(() => announcing.delete(told));
      },
    }).finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = options.timer
    ? setInterval(() => {
        sweep().catch((error) => options.logger.warn('the recurring sweep failed', { error }));
      }, options.intervalMs)
    : undefined;
  timer?.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
