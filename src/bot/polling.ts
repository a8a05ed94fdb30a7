// How updates reach the bot from Telegram by long polling (grammY runner), handed to the update
// processor (update-processor.ts), which stores each batch before the runner confirms it; and what
// is said when Telegram cannot be reached or refuses the bot.
import { type RunnerHandle, run } from '@grammyjs/runner';
import { type Bot, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import { firstLine, type Logger } from '../log.js';
import type { BotContext } from './context.js';
import type { UpdateProcessor } from './update-processor.js';

/** The kinds of update the bot asks Telegram for, by polling and by webhook. */
export const ALLOWED_UPDATES = [
  'message',
  'edited_message',
  'callback_query',
  'chat_member',
  'my_chat_member',
] as const;

/** What the polling loop does when Telegram refuses us for good (401 or 409): say so, then stop. */
export type FatalTelegramError = (sentence: string) => void;

/**
 * Long polling with the runner. Handling never holds the runner (updates are queued per chat).
 * Network failures are retried by the runner with backoff, said once in plain words and once
 * more when Telegram answers again; a 401 or a 409 is fatal and handed to `onFatal`.
 */
export function startPolling(
  bot: Bot<BotContext>,
  processor: UpdateProcessor,
  logger: Logger,
  options: { apiRoot: string; onFatal: FatalTelegramError },
): RunnerHandle {
  const reachability = trackReachability(logger, options.apiRoot);
  const handle = run(
    {
      init: () => bot.init(),
      handleUpdate: async (update: Update) => {
        await processor.process(update);
      },
      errorHandler: (error: unknown) => {
        logger.error('update failed outside the bot', { error });
      },
      api: {
        async getUpdates(args, signal) {
          let updates: Update[] | undefined;
          // Failures are retried here, with a backoff capped at 30 s (the runner's own doubles
          // without a cap, to hours), and said once; a 401 or 409 is handed to onFatal.
          for (let attempt = 0; updates === undefined; attempt++) {
            try {
              updates = await bot.api.getUpdates({ ...args, allowed_updates: [...ALLOWED_UPDATES] }, signal);
            } catch (error) {
              if (signal.aborted) throw error;
              const fatal = fatalSentence(error);
              if (fatal) {
                options.onFatal(fatal);
                throw error;
              }
              reachability.failed(error);
              const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
              await pause(
                retryAfter !== undefined ? retryAfter * 1000 : Math.min(30_000, 500 * 2 ** attempt),
                signal,
              );
            }
          }
          reachability.succeeded();
          // Stored before the runner asks for the next batch, which is what confirms this one.
          try {
            await processor.receive(updates);
          } catch (error) {
            // The database is away. Handling the batch anyway tells each sender that nothing was
            // recorded, instead of leaving them without an answer until it is back.
            logger.warn('could not store updates; handling them without the inbox', { error });
          }
          return updates;
        },
      },
    },
    {
      runner: { fetch: { timeout: 30 }, silent: true },
      sink: { concurrency: 64 },
    },
  );
  // A fatal refusal ends the runner's task; it is reported through onFatal, not as a rejection.
  handle.task()?.catch(() => undefined);
  return handle;
}

/** The plain sentence for a refusal that retrying cannot fix, or null. */
export function fatalSentence(error: unknown): string | null {
  if (!(error instanceof GrammyError)) return null;
  if (error.error_code === 401)
    return 'Telegram refused the bot token (401 Unauthorized): check BOT_TOKEN (BotFather /token gives the current one).';
  if (error.error_code === 409)
    return "Telegram says another process is taking this bot's updates or a webhook is set (409 Conflict): stop the other poller, or run every instance in webhook mode.";
  return null;
}

/**
 * Says once, in plain words, that Telegram cannot be reached (naming the API root, not the token)
 * and that we keep trying; and once when it answers again.
 */
export function trackReachability(logger: Logger, apiRoot: string) {
  let down = false;
  return {
    failed(error: unknown) {
      if (down) return;
      down = true;
      logger.warn(`Cannot reach Telegram at ${apiRoot}; I keep trying.`, { error: firstLine(error) });
    },
    succeeded() {
      if (!down) return;
      down = false;
      logger.info(`Telegram at ${apiRoot} answers again.`);
    },
  };
}

/**
 * Calls Telegram until it answers (getMe at start-up): each try has a short time limit, so a
 * firewall that drops packets is noticed within seconds and said once in plain words; then tries
 * again with backoff (up to 30 s apart) until it answers or `signal` aborts. A 401 is thrown with
 * its plain sentence: retrying cannot fix a refused token.
 */
export async function waitForTelegram(
  call: (signal: AbortSignal) => Promise<void>,
  options: { logger: Logger; apiRoot: string; signal?: AbortSignal; tryTimeoutMs?: number },
): Promise<void> {
  const reachability = trackReachability(options.logger, options.apiRoot);
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    const limit = AbortSignal.timeout(options.tryTimeoutMs ?? 8_000);
    try {
      await call(options.signal ? AbortSignal.any([limit, options.signal]) : limit);
      reachability.succeeded();
      return;
    } catch (error) {
      options.signal?.throwIfAborted();
      const fatal = fatalSentence(error);
      if (fatal) throw new Error(fatal);
      reachability.failed(error);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** attempt));
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Waits `ms`, or less if `signal` aborts. */
function pause(
  ms: number,
  signal: { aborted: boolean; addEventListener(type: 'abort', listener: () => void): void },
): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
