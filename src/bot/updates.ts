// How updates reach the bot, exactly once in effect, by long polling (grammY runner) or webhook.
//
// The runner confirms a batch to Telegram on its next getUpdates call, before the batch is handled;
// a crash would lose up to 100 updates. So every batch is written to the inbox before getUpdates
// returns it, stored-but-unhandled updates are replayed at start-up, and handled ones are skipped
// when Telegram delivers them again. Expenses and settlements are also unique by source message,
// so even a crash between handling and marking cannot record anything twice.
import { type RunnerHandle, run } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../log.js';
import type { UpdateInbox } from '../usecases/inbox.js';
import type { BotContext } from './context.js';

export const ALLOWED_UPDATES = [
  'message',
  'edited_message',
  'callback_query',
  'chat_member',
  'my_chat_member',
] as const;

export interface UpdateProcessor {
  /** Stores fetched updates in the inbox; those handled before will be skipped by `process`. */
  receive(updates: Update[]): Promise<void>;
  /** Handles one update unless it was handled before; resolves when done. */
  process(update: Update): Promise<void>;
  /** Handles updates stored by a previous run that never finished them. */
  replayUnhandled(): Promise<number>;
  /** Waits (bounded) for every update being handled to finish. */
  drain(timeoutMs: number): Promise<void>;
}

export function createUpdateProcessor(
  bot: Bot<BotContext>,
  inbox: UpdateInbox,
  logger: Logger,
): UpdateProcessor {
  const inFlight = new Set<Promise<void>>();
  const seenBefore = new Set<number>();
  // Handled here recently: a redelivery can arrive before the inbox has written its mark.
  const recent = new Set<number>();

  async function handleOnce(update: Update): Promise<void> {
    if (seenBefore.delete(update.update_id) || recent.has(update.update_id)) {
      logger.debug('skipped an update handled before', { update_id: update.update_id });
      return;
    }
    await bot.handleUpdate(update);
    inbox.markHandled(update.update_id);
    if (recent.size >= 10_000) recent.clear();
    recent.add(update.update_id);
  }

  return {
    async receive(updates) {
      for (const id of await inbox.store(updates)) seenBefore.add(id);
    },
    process(update) {
      const task = handleOnce(update).finally(() => inFlight.delete(task));
      inFlight.add(task);
      return task;
    },
    async replayUnhandled() {
      const pending = await inbox.unhandled<Update>();
      for (const update of pending) {
        try {
          await this.process(update);
        } catch (error) {
          logger.error('replaying a stored update failed', { update_id: update.update_id, error });
        }
      }
      return pending.length;
    },
    async drain(timeoutMs) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      await inbox.flush();
    },
  };
}

/** Long polling with the runner: chats in parallel, one chat in order (sequentialize in createBot). */
export function startPolling(bot: Bot<BotContext>, processor: UpdateProcessor, logger: Logger): RunnerHandle {
  return run(
    {
      init: () => bot.init(),
      handleUpdate: (update: Update) => processor.process(update),
      errorHandler: (error: unknown) => {
        logger.error('update failed outside the bot', { error });
      },
      api: {
        async getUpdates(args, signal) {
          let updates: Update[];
          try {
            updates = await bot.api.getUpdates({ ...args, allowed_updates: [...ALLOWED_UPDATES] }, signal);
          } catch (error) {
            if (!signal.aborted) logger.warn('fetching updates failed; the runner retries', { error });
            throw error;
          }
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
    { runner: { fetch: { timeout: 30 }, silent: true }, sink: { concurrency: 64 } },
  );
}
