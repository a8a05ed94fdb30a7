// A per-user limit on commands and button presses, so one person flooding a chat cannot starve the
// others. Counted in the database (usecases/flood-guard.ts), so several instances share one count:
// by the statement that stores the update (no round trip of its own), or, for an update that came
// without that count (replayed after a restart), by a statement here. Commands in captions and
// files sent in reply to the bot count too (floodSenderOf). Over the limit, the user is told once
// per window (the first command over it); further commands are dropped quietly.
import type { MiddlewareFn } from 'grammy';
import { countCommand, FLOOD_WINDOW_MS, floodSenderOf } from '../usecases/flood-guard.js';
import type { BotContext } from './context.js';
import { answer } from './reply.js';
import { factsOf } from './update-facts.js';

export function rateLimit(perMinute: number): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined || floodSenderOf(ctx.update) === null) return next();
    const { sql, clock } = ctx.services;
    let counted = factsOf(ctx.update)?.flood;
    if (!counted) {
      try {
        counted = await countCommand({ sql, clock }, { telegramId: userId });
      } catch (error) {
        // The count is a courtesy to the chat: without the database the command fails on its own.
        ctx.log.warn('could not count the command for the flood guard', { error });
        return next();
      }
    }
    if (counted.count <= perMinute) return next();
    ctx.log.warn('rate limited', { user_id: userId, count: counted.count });
    if (counted.count !== perMinute + 1) return;
    const left = FLOOD_WINDOW_MS - (clock().getTime() - counted.windowStartedAt.getTime());
    const wait = Math.max(1, Math.ceil(left / 1000));
    if (ctx.callbackQuery)
      await ctx.answerCallbackQuery({ text: `Too many requests; try again in ${wait} s.` });
    else
      answer(
        ctx,
        `You are sending commands too fast: I skipped this one (nothing was recorded) and will skip ` +
          `more for ${wait} seconds; please wait, then send it again.`,
      );
  };
}
