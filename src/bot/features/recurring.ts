// Recurring expenses: /every sets one up (the /paid part validated now), /recurring lists them with
// buttons to pause, resume or cancel (the creator or a group admin), and the sweep's occurrences
// are announced in their group like any /paid confirmation, with the rule's name in front.
import { Composer, InlineKeyboard } from 'grammy';
import { DUE_HOUR, describeSchedule, EVERY_EXAMPLE, formatDay, parseEvery } from '../../commands/index.js';
import { changeRecurring, type RuleAction } from '../../usecases/change-recurring.js';
import { createRecurring } from '../../usecases/create-recurring.js';
import { listRecurring } from '../../usecases/list-recurring.js';
import type { Occurrence } from '../../usecases/record-due-occurrences.js';
import type { RuleView } from '../../usecases/recurring-rules.js';
import { isGroupAdmin, mention } from '../buttons.js';
import type { BotContext, Services } from '../context.js';
import { clipText, escapeHtml, money, plainName, SPLIT_WORDS } from '../format.js';
import { answer, commandInput, editAnswer } from '../reply.js';
import { groupIdOf } from './balances.js';
import { telegramGroup, telegramPerson } from './members.js';
import { expenseSummary } from './paid.js';

export const EVERY_HELP = [
  '<b>Record an expense by itself, again and again</b>: how often, then the expense as /paid takes it.',
  `<code>${escapeHtml(EVERY_EXAMPLE)}</code>`,
  '<code>/every week on mon /paid 600 equal @asha @ravi me cook</code> · <code>/every 15th /paid 999 everyone wifi</code> · <code>/every day /paid 60 everyone milk</code>',
  `Each falls due at ${DUE_HOUR}:00 in the group's time zone (/timezone); on the 29th to 31st, a shorter month's last day. /recurring lists them, to pause or cancel.`,
];

export const recurring = new Composer<BotContext>();
const inGroup = recurring.chatType(['group', 'supergroup']);

inGroup.command('every', async (ctx) => {
  if (ctx.match.trim() === '') return answer(ctx, EVERY_HELP);
  const every = parseEvery(commandInput(ctx));
  const { rule, zone, preview } = await createRecurring(ctx.services, {
    group: telegramGroup(ctx.chat),
    creator: telegramPerson(ctx.from),
    every,
    defaultZone: ctx.services.config.export.timezone,
    source: { chatId: ctx.chat.id, messageId: ctx.msg.message_id },
  });
  ctx.recorded = `recurring expense R${rule.id}`;
  const split = `split ${SPLIT_WORDS[preview.splitType]} among ${preview.shares.length}`;
  answer(ctx, [
    `🔁 Set up <b>R${rule.id}</b>: ${title(rule)}, ${money(rule.amount)} ${describeSchedule(rule.schedule)}, paid by ${escapeHtml(plainName(preview.payer))}, ${split}.`,
    `The first is recorded on ${formatDay(rule.nextDueOn)} at ${DUE_HOUR}:00 (${escapeHtml(zone)}). /recurring lists it, with buttons to pause or cancel it.`,
  ]);
});

inGroup.command('recurring', async (ctx) => {
  const listing = await listing_(ctx.services, groupIdOf(ctx));
  answer(ctx, listing.lines, listing.keyboard ? { keyboard: listing.keyboard } : {});
});

recurring
  .chatType('private')
  .command(['every', 'recurring'], (ctx) =>
    answer(ctx, 'Recurring expenses belong to a group: send /every there.'),
  );

inGroup.callbackQuery(/^rec:(pause|resume|cancel):(\d+)$/, async (ctx) => {
  const sender = ctx.sender;
  if (!sender) return;
  const action = ctx.match[1] as RuleAction;
  const { rule, changed } = await changeRecurring(ctx.services, {
    groupId: groupIdOf(ctx),
    ruleId: Number(ctx.match[2]),
    action,
    byUserId: sender.id,
    isAdmin: await isGroupAdmin(ctx),
    defaultZone: ctx.services.config.export.timezone,
  });
  const done = { pause: 'paused', resume: 'resumed', cancel: 'cancelled' }[action];
  await ctx.answerCallbackQuery({
    text: changed ? `R${rule.id} ${done}.` : `R${rule.id} was already ${done}.`,
  });
  const listing = await listing_(ctx.services, groupIdOf(ctx));
  editAnswer(ctx, listing.lines.join('\n'), listing.keyboard ? { keyboard: listing.keyboard } : {});
});

/** "Rent" from the description, or the amount when there is none. */
function title(rule: Pick<RuleView, 'description' | 'amount'>): string {
  if (!rule.description) return money(rule.amount);
  const text = rule.description.charAt(0).toUpperCase() + rule.description.slice(1);
  return escapeHtml(clipText(text, 40));
}

async function listing_(
  services: Services,
  groupId: number,
): Promise<{ lines: string[]; keyboard?: InlineKeyboard }> {
  const { rules, zone } = await listRecurring(services, {
    groupId,
    defaultZone: services.config.export.timezone,
  });
  if (rules.length === 0) {
    return { lines: ['No recurring expenses here yet.', ...EVERY_HELP.slice(1, 2)] };
  }
  const keyboard = new InlineKeyboard();
  const lines = [`<b>Recurring expenses</b> (due at ${DUE_HOUR}:00, ${escapeHtml(zone)}):`];
  for (const rule of rules) {
    const by = `set up by ${escapeHtml(plainName(rule.creator))}`;
    const state =
      rule.status === 'PAUSED'
        ? `⏸ paused${rule.pausedReason ? `: ${escapeHtml(rule.pausedReason)}` : ''}`
        : `next ${formatDay(rule.nextDueOn)}`;
    lines.push(
      `<b>R${rule.id}</b> ${title(rule)}: ${money(rule.amount)} ${describeSchedule(rule.schedule)}, ${state} (${by})`,
    );
    if (rule.status === 'PAUSED') keyboard.text(`▶️ Resume R${rule.id}`, `rec:resume:${rule.id}`);
    else keyboard.text(`⏸ Pause R${rule.id}`, `rec:pause:${rule.id}`);
    keyboard.text(`✖️ Cancel R${rule.id}`, `rec:cancel:${rule.id}`).row();
  }
  lines.push('Only whoever set one up, or a group admin, can pause, resume or cancel it.');
  return { lines, keyboard };
}

/**
 * Tells a group about an occurrence the sweep recorded, or a rule's creator (privately, else in the
 * group) that it was paused and why.
 */
export async function announceOccurrence(services: Services, occurrence: Occurrence): Promise<void> {
  const { rule } = occurrence;
  const schedule = describeSchedule(rule.schedule);
  if (occurrence.kind === 'recorded') {
    const { expense } = occurrence;
    const name = expense.description
      ? title({ description: expense.description, amount: expense.amount })
      : 'Recurring';
    const late = occurrence.late
      ? ` It was due on ${formatDay(occurrence.dueOn)} and is recorded late: I was not running then.${
          occurrence.missed > 0
            ? ` ${occurrence.missed} earlier ${occurrence.missed === 1 ? 'one was' : 'ones were'} skipped; add ${occurrence.missed === 1 ? 'it' : 'them'} with /paid if owed.`
            : ''
        }`
      : '';
    const [first, ...rest] = expenseSummary(expense, expense.description);
    await services.sender.enqueue(rule.chatId, {
      method: 'sendMessage',
      text: [`🔁 ${name} (R${rule.id}, ${schedule}): ${first}${late}`, ...rest].join('\n'),
    });
    return;
  }
  const text = `⏸ I paused recurring expense R${rule.id} (${schedule}): ${escapeHtml(occurrence.reason)}. Set it up again with /every, or resume it from /recurring once that is fixed.`;
  const privately = await services.sender.enqueue(String(rule.creator.telegramId), {
    method: 'sendMessage',
    text: text.replace(`R${rule.id} (`, `R${rule.id} in ${escapeHtml(rule.groupTitle)} (`),
  });
  if (!privately) {
    await services.sender.enqueue(rule.chatId, {
      method: 'sendMessage',
      text: `${mention(rule.creator.telegramId, escapeHtml(plainName(rule.creator)))}: ${text}`,
    });
  }
}
