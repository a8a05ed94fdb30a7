// Reminders: /remind @ravi nudges one debtor privately (once a day per pair, the asker told whether
// it could be delivered), /reminders sets a group's automatic nudges (or, in a private chat, turns
// one's weekly digest on or off), and the Mute button under the digest. The texts of the digest and
// the nudges live here too; reminder-runner.ts sends them.
import { Composer, InlineKeyboard } from 'grammy';
import { localDay, parseRemind, parseReminders, REMINDERS_EXAMPLE } from '../../commands/index.js';
import type { DebtorLines, OwedLine } from '../../usecases/debts-of-people.js';
import { displayName } from '../../usecases/members.js';
import { claimRemind, finishReminder } from '../../usecases/remind-debtor.js';
import {
  digestMuted,
  type GroupReminders,
  groupReminders,
  setDigestMuted,
  setGroupReminders,
} from '../../usecases/reminder-settings.js';
import { groupTimezone } from '../../usecases/set-timezone.js';
import { pressedByOwner } from '../buttons.js';
import type { BotContext } from '../context.js';
import { escapeHtml, money, plainName } from '../format.js';
import { answer, commandInput, editAnswer } from '../reply.js';
import { upiPayLink } from '../upi.js';
import { groupIdOf } from './balances.js';
import { telegramGroup } from './members.js';

const DAY_MS = 86_400_000;

export const reminders = new Composer<BotContext>();
const inGroup = reminders.chatType(['group', 'supergroup']);

inGroup.command('remind', async (ctx) => {
  const asker = ctx.sender;
  if (!asker) return;
  const groupId = groupIdOf(ctx);
  const { zone } = await groupTimezone(ctx.services, {
    groupId,
    defaultZone: ctx.services.config.export.timezone,
  });
  const claimed = await claimRemind(ctx.services, {
    group: telegramGroup(ctx.chat),
    groupId,
    asker,
    debtor: parseRemind(commandInput(ctx)),
    day: localDay(ctx.services.clock(), zone),
  });
  const now = ctx.services.clock();
  const line = claimed.line;
  const pay = claimed.upiId
    ? `\nUPI (tap to copy): <code>${escapeHtml(upiPayLink({ upiId: claimed.upiId, name: plainName(asker) }, line.amount))}</code>`
    : '';
  const text = `👋 ${escapeHtml(plainName(asker))} reminds you: ${owedText(line, now)}. Pay them and record it there with /settle.${pay}`;
  const delivered = await ctx.services.sender.enqueue(String(claimed.debtor.telegramId), {
    method: 'sendMessage',
    text,
  });
  await finishReminder(ctx.services, { claimId: claimed.claimId, delivered, release: true });
  const name = escapeHtml(displayName(claimed.debtor));
  answer(
    ctx,
    delivered
      ? `📨 I reminded ${name} privately that they owe you ${money(claimed.owed, line.currency)}.`
      : `${name} has not started a chat with me; ask them to open @${escapeHtml(ctx.me.username)} and press Start.`,
  );
});

inGroup.command('reminders', async (ctx) => {
  const intent = parseReminders(commandInput(ctx));
  const groupId = groupIdOf(ctx);
  const settings =
    intent.kind === 'show'
      ? await groupReminders(ctx.services, { groupId })
      : intent.kind === 'off'
        ? await setGroupReminders(ctx.services, { groupId, off: true })
        : await setGroupReminders(ctx.services, {
            groupId,
            ...(intent.afterDays === undefined ? {} : { afterDays: intent.afterDays }),
            ...(intent.above === undefined ? {} : { above: intent.above }),
          });
  answer(ctx, settingsText(settings, intent.kind !== 'show'));
});

reminders.chatType('private').command('reminders', async (ctx) => {
  const word = ctx.match.trim().toLowerCase();
  if (word === 'on' || word === 'off') {
    await setDigestMuted(ctx.services, { telegramId: ctx.from.id, muted: word === 'off' });
  } else if (word !== '') {
    return answer(
      ctx,
      'Send /reminders on or /reminders off to turn your weekly reminder of what you owe on or off.',
    );
  }
  const muted = await digestMuted(ctx.services, { telegramId: ctx.from.id });
  answer(
    ctx,
    muted
      ? 'Your weekly reminder of what you owe is off; /reminders on turns it back on. People can still /remind you.'
      : 'Your weekly reminder of what you owe is on; /reminders off mutes it.',
  );
});

reminders
  .chatType('private')
  .command('remind', (ctx) => answer(ctx, 'Send /remind @name in the group where they owe you.'));

reminders.callbackQuery(/^mute:digest:(\d+)$/, async (ctx) => {
  if (!(await pressedByOwner(ctx, ctx.match[1] as string))) return;
  await setDigestMuted(ctx.services, { telegramId: BigInt(ctx.match[1] as string), muted: true });
  await ctx.answerCallbackQuery({ text: 'Muted.' });
  const text = ctx.callbackQuery.message?.text ?? '';
  editAnswer(
    ctx,
    `${escapeHtml(text)}\n🔕 Muted: no more weekly reminders. /reminders on turns them back on.`,
  );
});

function settingsText(settings: GroupReminders, changed: boolean): string {
  const parts = [
    ...(settings.afterDays === null ? [] : [`a debt is older than ${settings.afterDays} days`]),
    ...(settings.above === null ? [] : [`a debt is above ${money(settings.above)}`]),
  ];
  if (parts.length === 0) {
    return `${changed ? 'Automatic reminders are off' : 'Automatic reminders are off here'}; turn them on like <code>${REMINDERS_EXAMPLE}</code>.`;
  }
  return `${changed ? '⏰ Done: ' : ''}I remind people privately, at most once a week, when ${parts.join(' or ')}. <code>/reminders off</code> stops it.`;
}

/** "you owe Asha ₹1,200.00 in Flat 4B, for 12 days". */
export function owedText(line: OwedLine, now: Date): string {
  const days = line.since === null ? null : Math.floor((now.getTime() - line.since.getTime()) / DAY_MS);
  const age = days === null || days < 1 ? '' : `, for ${days} day${days === 1 ? '' : 's'}`;
  return `you owe ${escapeHtml(plainName(line.creditor))} ${money(line.amount, line.currency)} in ${escapeHtml(line.groupTitle)}${age}`;
}

/** The weekly digest of one person's debts, with its Mute button. */
export function digestMessage(debtor: DebtorLines, now: Date): { text: string; keyboard: InlineKeyboard } {
  const lines = debtor.lines.slice(0, 30).map((line) => `• ${owedText(line, now)}`);
  const more =
    debtor.lines.length > 30 ? [`… and ${debtor.lines.length - 30} more; /passbook shows them all.`] : [];
  return {
    text: [
      '💸 <b>Your weekly reminder</b> of what you owe:',
      ...lines,
      ...more,
      'Pay them and record it in the group with /settle.',
    ].join('\n'),
    keyboard: new InlineKeyboard().text('🔕 Mute these reminders', `mute:digest:${debtor.debtor.telegramId}`),
  };
}

/** An automatic nudge from one group. */
export function nudgeMessage(debtor: DebtorLines, now: Date): string {
  const title = escapeHtml(debtor.lines[0]?.groupTitle ?? 'your group');
  return [
    `⏰ A reminder from ${title}:`,
    ...debtor.lines.map((line) => `• ${owedText(line, now)}`),
    'Pay and record it there with /settle.',
  ].join('\n');
}
