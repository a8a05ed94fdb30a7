// /export: an operator (ADMIN_IDS) runs the weekly export now and hears what it wrote.
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';
import { answer } from '../reply.js';

export const exportNow = new Composer<BotContext>();

exportNow.command('export', async (ctx) => {
  const { config, exports } = ctx.services;
  if (!ctx.from || !config.adminIds.includes(BigInt(ctx.from.id))) {
    answer(ctx, 'Only the operators of this bot can run the export.');
    return;
  }
  if (!exports) {
    answer(ctx, 'The export is not available in this process.');
    return;
  }
  // The run takes a while: it goes on in the background, so this chat's other updates are not held
  // up, and its outcome (which names where the file went) goes only to the operator, in private.
  const operator = ctx.from.id;
  const { sender, logger } = ctx.services;
  const tell = (text: string) => void sender.enqueue(operator, { method: 'sendMessage', text });
  const reachable =
    ctx.chat?.type === 'private' || (await ctx.services.members.findUserByTelegramId(operator))?.startedBot;
  answer(
    ctx,
    ctx.chat?.type === 'private'
      ? 'Export started; I will tell you here when it is done.'
      : reachable
        ? 'Export started; I will tell you in our private chat when it is done.'
        : `Export started. I tell where it went only in a private chat: open one with me (@${ctx.me.username}) and press Start.`,
  );
  void exports
    .runNow('ADMIN', BigInt(operator))
    .then((result) => {
      switch (result.status) {
        case 'done': {
          const o = result.outcome;
          return tell(
            `✅ Export done: ${o.rows} users, ${o.bytes} bytes in ${(o.durationMs / 1000).toFixed(1)} s, written to <code>${escapeHtml(o.location)}</code>.`,
          );
        }
        case 'already-running':
          return tell(
            `An export is already running (since ${result.since.toISOString()}); I did not start another.`,
          );
        case 'failed':
          return tell(`❌ Export #${result.runId} failed: ${escapeHtml(result.error)}`);
      }
    })
    .catch((error) => logger.error('the export asked for by an operator failed', { error }));
});
