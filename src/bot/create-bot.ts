// Assembles the bot: services on the context, per-chat ordering, member learning, the features in
// the order they must run, refusals turned into one plain reply, and one error boundary that keeps
// the bot alive and tells the user nothing was recorded.
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type BotError, Composer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { CommandError } from '../commands/index.js';
import { LedgerError } from '../ledger/index.js';
import { UseCaseError } from '../usecases/errors.js';
import type { BotContext, Services } from './context.js';
import { balances } from './features/balances.js';
import { expenses } from './features/expenses.js';
import { exportNow } from './features/export.js';
import { members } from './features/members.js';
import { paid } from './features/paid.js';
import { passbook } from './features/passbook.js';
import { profileFeature } from './features/profile.js';
import { settle } from './features/settle.js';
import { GROUP_COMMANDS, PRIVATE_COMMANDS, start } from './features/start.js';
import { undo } from './features/undo.js';
import { escapeHtml } from './format.js';
import { rateLimit } from './rate-limit.js';

export interface CreateBotOptions {
  /** Skips the getMe call (tests and the sandbox know the bot already). */
  botInfo?: UserFromGetMe;
}

export function createBot(services: Services, options: CreateBotOptions = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(services.config.botToken, {
    botInfo: options.botInfo,
    client: { apiRoot: services.config.telegramApiRoot },
  });
  // Telegram's 429s are retried after retry_after, a bounded number of times: unbounded retries
  // (the plugin's default) could hold a chat's queue forever.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));

  bot.use(async (ctx, next) => {
    ctx.services = services;
    ctx.log = services.logger.child({ update_id: ctx.update.update_id, chat_id: ctx.chat?.id });
    await next();
  });
  // Updates of one chat run in order (a /paid then /balances must see the expense); chats in parallel.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));

  const guarded = bot.errorBoundary(onUnexpectedError);
  guarded.use(members);
  guarded.use(rateLimit(services.config.rateLimitPerMinute));
  guarded.use(refusals);
  guarded.use(profileFeature(services.prisma));
  guarded.use(start, paid, balances, settle, expenses, undo, passbook, exportNow);
  guarded
    .chatType(['group', 'supergroup'])
    .command(['profile', 'cancel'], (ctx) =>
      ctx.reply('Send /profile to me in a private chat: your email and number are not for the group.'),
    );
  guarded
    .chatType('private')
    .on('message', (ctx) => ctx.reply('I did not understand that. /help lists what I can do.'));
  return bot;
}

/** Known refusals become one plain reply; they never reach the error boundary. */
const refusals = new Composer<BotContext>(async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const sentence = refusalOf(error);
    if (sentence === null) throw error;
    ctx.log.info('refused', { reason: (error as { code?: string }).code });
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: sentence.slice(0, 190), show_alert: true });
    } else {
      await ctx.reply(escapeHtml(sentence), { parse_mode: 'HTML' });
    }
  }
});

export function refusalOf(error: unknown): string | null {
  if (error instanceof CommandError || error instanceof LedgerError || error instanceof UseCaseError) {
    return error.message;
  }
  return null;
}

async function onUnexpectedError(error: BotError<BotContext>): Promise<void> {
  const ctx = error.ctx;
  ctx.log.error('update failed', { error: error.error });
  try {
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({
        text: 'Something went wrong on my side; nothing was changed. Please try again.',
      });
    } else if (ctx.chat && ctx.msg?.text?.startsWith('/')) {
      await ctx.reply(
        'Something went wrong on my side, so nothing was recorded. Please try again in a minute.',
      );
    }
  } catch (replyError) {
    ctx.log.warn('could not tell the user about the failure', { error: replyError });
  }
}

/** Registers the command menus shown by Telegram clients, separately for groups and private chats. */
export async function registerCommands(bot: Bot<BotContext>): Promise<void> {
  await bot.api.setMyCommands(GROUP_COMMANDS, { scope: { type: 'all_group_chats' } });
  await bot.api.setMyCommands(PRIVATE_COMMANDS, { scope: { type: 'all_private_chats' } });
}
