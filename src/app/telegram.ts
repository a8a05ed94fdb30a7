// The Telegram part: updates by webhook (set at start) or by long polling. One stray start with the
// production token must not unhook instances running on a webhook, so polling refuses to start
// while a webhook is set unless told to replace it. Its stop ends the polling (a webhook stays set
// for the other instances).
import type { RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { BotContext } from '../bot/context.js';
import { ALLOWED_UPDATES, startPolling } from '../bot/polling.js';
import type { UpdateProcessor } from '../bot/update-processor.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Part } from './part.js';

export async function startTelegram(
  config: Config,
  bot: Bot<BotContext>,
  processor: UpdateProcessor,
  options: { logger: Logger; onFatal: (sentence: string) => void; port?: number },
): Promise<Part> {
  const { logger } = options;
  if (config.webhook) {
    await bot.api.setWebhook(config.webhook.url, {
      secret_token: config.webhook.secret,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    logger.info('webhook mode', { port: options.port });
    return { name: 'telegram', stop: async () => undefined };
  }
  const { url } = await bot.api.getWebhookInfo();
  if (url && !config.pollingReplacesWebhook) {
    throw new Error(
      `A webhook is set for this bot (${url}), so polling would take its updates away from it: set WEBHOOK_URL to run in webhook mode, or POLLING_REPLACES_WEBHOOK=true to remove the webhook and poll.`,
    );
  }
  if (url) await bot.api.deleteWebhook({ drop_pending_updates: false });
  const runner: RunnerHandle = startPolling(bot, processor, logger, {
    apiRoot: config.telegramApiRoot,
    onFatal: options.onFatal,
  });
  logger.info('polling for updates', { bot: bot.botInfo.username });
  return { name: 'telegram', stop: () => runner.stop() };
}
