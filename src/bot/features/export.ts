// /export: an operator (ADMIN_IDS) runs the weekly export now and hears what it wrote.
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';

export const exportNow = new Composer<BotContext>();

exportNow.command('export', async (ctx) => {
  const { config, exports } = ctx.services;
  if (!ctx.from || !config.adminIds.includes(BigInt(ctx.from.id))) {
    await ctx.reply('Only the operators of this bot can run the export.');
    return;
  }
  if (!exports) {
    await ctx.reply('The export is not available in this process.');
    return;
  }
  await ctx.reply('Export started; I will tell you when it is done.');
  const result = await exports.runNow('ADMIN', BigInt(ctx.from.id));
  switch (result.status) {
    case 'done': {
      const o = result.outcome;
      await ctx.reply(
        `✅ Export done: ${o.rows} users, ${o.bytes} bytes in ${(o.durationMs / 1000).toFixed(1)} s, written to <code>${escapeHtml(o.location)}</code>.`,
        { parse_mode: 'HTML' },
      );
      return;
    }
    case 'already-running':
      await ctx.reply(
        `An export is already running (since ${result.since.toISOString()}); I did not start another.`,
      );
      return;
    case 'failed':
      await ctx.reply(`❌ Export #${result.runId} failed: ${result.error}`);
      return;
  }
});
