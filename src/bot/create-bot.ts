// Assembles the bot: services on the context, per-chat ordering, member learning, the features in
// the order they must run, refusals turned into one plain reply, and one error boundary that keeps
// the bot alive and tells the user nothing was recorded.
import { Bot, type BotError, Composer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { CommandError, SplitwiseFileError } from '../commands/index.js';
import { LedgerError } from '../ledger/index.js';
import { UseCaseError } from '../usecases/errors.js';
import type { BotContext, Services } from './context.js';
import { balances } from './features/balances.js';
import { bill } from './features/bill.js';
import { billPhoto } from './features/bill-photo.js';
import { categories } from './features/categories.js';
import { corrections } from './features/corrections.js';
import { currency } from './features/currency.js';
import { eraseGroupFeature } from './features/erase-group.js';
import { expenseDetail } from './features/expense-detail.js';
import { expenses } from './features/expenses.js';
import { exportNow } from './features/export.js';
import { commandCase, nearMiss, welcome } from './features/forgiving.js';
import { guidedPaid } from './features/guided-paid.js';
import { members } from './features/members.js';
import { notify } from './features/notify.js';
import { forwardedCommands, paid } from './features/paid.js';
import { passbook } from './features/passbook.js';
import { privacy } from './features/privacy.js';
import { profileFeature, StaleConversationError } from './features/profile.js';
import { receipts } from './features/receipts.js';
import { recurring } from './features/recurring.js';
import { reminders } from './features/reminders.js';
import { settle } from './features/settle.js';
import { splitwiseImport } from './features/splitwise-import.js';
import { GROUP_COMMANDS, PRIVATE_COMMANDS, start } from './features/start.js';
import { summary } from './features/summary.js';
import { timezone } from './features/timezone.js';
import { undo } from './features/undo.js';
import { escapeHtml } from './format.js';
import { rateLimit } from './rate-limit.js';
import { answer } from './reply.js';

export interface CreateBotOptions {
  /** Skips the getMe call (tests and the sandbox know the bot already). */
  botInfo?: UserFromGetMe;
}

export function createBot(services: Services, options: CreateBotOptions = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(services.config.botToken, {
    botInfo: options.botInfo,
    // A call that gets no answer fails instead of hanging (grammY's default is 500 s); getUpdates
    // long-polls for 30 s within it.
    client: { apiRoot: services.config.telegramApiRoot, timeoutSeconds: 45 },
  });
  // Answers are queued for the sender; the gate makes every other call wait out a chat's flood
  // wait and retries reads a bounded number of times (see sender.ts).
  services.sender.attach(bot.api);
  bot.api.config.use(services.sender.gate());

  bot.use(async (ctx, next) => {
    ctx.services = services;
    ctx.log = services.logger.child({ update_id: ctx.update.update_id, chat_id: ctx.chat?.id });
    await next();
  });
  // Updates of one chat run in order (a /paid then /balances must see the expense), chats in
  // parallel: the update processor (updates.ts) keeps one queue per chat.

  const guarded = bot.errorBoundary(onUnexpectedError);
  guarded.use(commandCase);
  guarded.use(members);
  guarded.use(rateLimit(services.config.rateLimitPerMinute));
  guarded.use(refusals);
  guarded.use(profileFeature(services, services.sender));
  guarded.use(
    forwardedCommands,
    start,
    welcome,
    billPhoto,
    guidedPaid,
    paid,
    bill,
    corrections,
    balances,
    settle,
    expenses,
    expenseDetail,
    categories,
    summary,
    undo,
    receipts,
    splitwiseImport,
    passbook,
    exportNow,
    recurring,
    timezone,
    reminders,
    currency,
    privacy,
    notify,
    eraseGroupFeature,
  );
  guarded
    .chatType(['group', 'supergroup'])
    .command('profile', (ctx) =>
      answer(ctx, 'Send /profile to me in a private chat: your email and number are not for the group.'),
    );
  // Reached only when no unfinished /paid of the sender's took it (guided-paid).
  guarded.chatType(['group', 'supergroup']).command('cancel', (ctx) => answer(ctx, 'Nothing to cancel.'));
  guarded.use(nearMiss);
  guarded
    .chatType('private')
    .on('message', (ctx) => answer(ctx, 'I did not understand that. /help lists what I can do.'));
  return bot;
}

/** Known refusals become one plain reply; they never reach the error boundary. */
const refusals = new Composer<BotContext>(async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const sentence = refusalOf(error);
    if (sentence === null) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause === undefined) ctx.log.info('refused', { reason: (error as { code?: string }).code });
    else ctx.log.warn('refused after a failure', { reason: (error as { code?: string }).code, error: cause });
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: sentence.slice(0, 190), show_alert: true });
    } else {
      answer(ctx, escapeHtml(sentence));
    }
  }
});

export function refusalOf(error: unknown): string | null {
  if (
    error instanceof CommandError ||
    error instanceof LedgerError ||
    error instanceof UseCaseError ||
    error instanceof SplitwiseFileError
  ) {
    return error.message;
  }
  return null;
}

/**
 * The last word on an update that failed unexpectedly. It must match what is stored: before a
 * change is committed nothing was recorded; after (ctx.recorded), it was, and /expenses shows it.
 */
async function onUnexpectedError(error: BotError<BotContext>): Promise<void> {
  const ctx = error.ctx;
  ctx.log.error('update failed', { error: error.error, recorded: ctx.recorded });
  const sentence =
    error.error instanceof StaleConversationError
      ? 'Your /profile answers changed somewhere else at the same moment, so I kept neither; send /profile to start again.'
      : ctx.recorded
        ? `I recorded ${ctx.recorded}, but something went wrong on my side while answering; /expenses shows what is stored.`
        : ctx.callbackQuery
          ? 'Something went wrong on my side; nothing was changed. Please try again.'
          : 'Something went wrong on my side, so nothing was recorded. Please try again in a minute.';
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: sentence.slice(0, 190) });
    else if (ctx.chat && (ctx.msg?.text?.startsWith('/') || error.error instanceof StaleConversationError))
      answer(ctx, escapeHtml(sentence));
  } catch (replyError) {
    ctx.log.warn('could not tell the user about the failure', { error: replyError });
  }
}

/** Registers the command menus shown by Telegram clients, separately for groups and private chats. */
export async function registerCommands(bot: Bot<BotContext>): Promise<void> {
  await bot.api.setMyCommands(GROUP_COMMANDS, { scope: { type: 'all_group_chats' } });
  await bot.api.setMyCommands(PRIVATE_COMMANDS, { scope: { type: 'all_private_chats' } });
}
