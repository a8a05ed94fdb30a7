// /timezone: the group's time zone, in which its recurring expenses fall due.
import { Composer } from 'grammy';
import { DUE_HOUR, parseTimezone, TIMEZONE_EXAMPLE } from '../../commands/index.js';
import { groupTimezone, setTimezone } from '../../usecases/set-timezone.js';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';
import { answer, commandInput } from '../reply.js';
import { groupIdOf } from './balances.js';

export const timezone = new Composer<BotContext>();

timezone.chatType(['group', 'supergroup']).command('timezone', async (ctx) => {
  const zone = parseTimezone(commandInput(ctx));
  const groupId = groupIdOf(ctx);
  if (zone === null) {
    const current = await groupTimezone(ctx.services, {
      groupId,
      defaultZone: ctx.services.config.export.timezone,
    });
    return answer(
      ctx,
      `This group's time zone is ${escapeHtml(current.zone)}${current.own ? '' : " (the bot's default)"}; change it like <code>${TIMEZONE_EXAMPLE}</code>.`,
    );
  }
  await setTimezone(ctx.services, { groupId, zone });
  answer(
    ctx,
    `🕘 This group's time zone is now ${escapeHtml(zone)}: recurring expenses fall due at ${DUE_HOUR}:00 there.`,
  );
});

timezone
  .chatType('private')
  .command('timezone', (ctx) => answer(ctx, 'A time zone belongs to a group: send /timezone there.'));
