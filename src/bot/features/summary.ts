// /summary [month]: a month's spending in the group (total, the change from the month before, each
// person's paid and share, top categories, biggest expenses); /summary auto on|off: the summary of
// last month posted here by itself on the 1st (a group setting: admins only). With PUBLIC_URL,
// /summary carries a link to the Mini App's spending page on that month.
import { Composer } from 'grammy';
import { monthKey, parseSummary } from '../../commands/index.js';
import { monthSummary, POST_HOUR, setSummaryAuto, summaryAutoIsOn } from '../../usecases/month-summary.js';
import { groupTimezone } from '../../usecases/set-timezone.js';
import { isGroupAdmin } from '../buttons.js';
import type { BotContext } from '../context.js';
import { summaryLines } from '../monthly-summary.js';
import { answer, commandInput } from '../reply.js';
import { appButton, groupIdOf } from './balances.js';

export const summary = new Composer<BotContext>();
const inGroup = summary.chatType(['group', 'supergroup']);

/** The group's time zone (/timezone), else the operator's EXPORT_TZ. */
async function timeZoneOf(ctx: BotContext): Promise<string> {
  const { zone } = await groupTimezone(ctx.services, {
    groupId: groupIdOf(ctx),
    defaultZone: ctx.services.config.export.timezone,
  });
  return zone;
}

inGroup.command('summary', async (ctx) => {
  const intent = parseSummary(commandInput(ctx));
  const groupId = groupIdOf(ctx);
  const timeZone = await timeZoneOf(ctx);
  const when = `on the 1st of each month (from ${POST_HOUR}:00, ${timeZone})`;
  if (intent.kind === 'auto-status') {
    const on = await summaryAutoIsOn(ctx.services, { groupId });
    answer(
      ctx,
      on
        ? `📊 Last month's summary is posted here ${when}; a group admin can stop it with /summary auto off.`
        : `📊 The monthly summary is off here; a group admin can turn it on with /summary auto on, and I post last month's ${when}.`,
    );
    return;
  }
  if (intent.kind === 'auto') {
    const { wasOn } = await setSummaryAuto(ctx.services, {
      groupId,
      on: intent.on,
      requesterIsAdmin: () => isGroupAdmin(ctx),
    });
    answer(
      ctx,
      intent.on
        ? `📊 ${wasOn ? 'Already on' : 'On'}: I post last month's summary here ${when}. /summary auto off stops it.`
        : `📊 ${wasOn ? 'Off' : 'Already off'}: no summary is posted by itself. /summary shows one whenever you ask.`,
    );
    return;
  }
  const result = await monthSummary(ctx.services, {
    groupId,
    month: intent.month,
    timeZone,
  });
  // The app's spending page on the same month: its categories are these, as a chart.
  const keyboard = appButton(ctx, { page: 'spending', month: monthKey(result.month) });
  answer(ctx, summaryLines(result), { keyboard });
});

summary
  .chatType('private')
  .command('summary', (ctx) => answer(ctx, 'Summaries belong to a group: send /summary in the group.'));
