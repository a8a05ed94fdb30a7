// A per-user limit on commands and button presses, so one person flooding a chat cannot starve the
// others. Over the limit, the user is told once per window; further commands are dropped quietly.
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from './context.js';
import { answer } from './reply.js';

const WINDOW_MS = 60_000;

export function rateLimit(perMinute: number, now: () => number = Date.now): MiddlewareFn<BotContext> {
  const windows = new Map<number, { start: number; count: number; warned: boolean }>();
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    const isCommand = ctx.msg?.text?.startsWith('/') || ctx.callbackQuery !== undefined;
    if (userId === undefined || !isCommand) return next();
    const at = now();
    let window = windows.get(userId);
    if (!window || at - window.start >= WINDOW_MS) {
      if (windows.size > 100_000) windows.clear();
      window = { start: at, count: 0, warned: false };
      windows.set(userId, window);
    }
    window.count += 1;
    if (window.count <= perMinute) return next();
    ctx.log.warn('rate limited', { user_id: userId, count: window.count });
    if (!window.warned) {
      window.warned = true;
      const wait = Math.ceil((WINDOW_MS - (at - window.start)) / 1000);
      if (ctx.callbackQuery)
        await ctx.answerCallbackQuery({ text: `Too many requests; try again in ${wait} s.` });
      else
        answer(
          ctx,
          `You are sending commands too fast: I skipped this one (nothing was recorded) and will skip ` +
            `more for ${wait} seconds; please wait, then send it again.`,
        );
    }
  };
}
