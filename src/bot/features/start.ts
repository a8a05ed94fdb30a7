// /start and /help: what Hisaab does and how to talk to it, in a group or in private.
import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';
import { GROUP_HELP, HELP_TOPICS, helpTopic, unknownTopic } from '../help-topics.js';
import { answer, editAnswer } from '../reply.js';

export { GROUP_HELP } from '../help-topics.js';

/** A button per help topic, three to a row; pressing one shows that topic in the same message. */
function topicButtons(): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const [i, topic] of HELP_TOPICS.entries()) {
    keyboard.text(topic.label, `help:${topic.key}`);
    if (i % 3 === 2) keyboard.row();
  }
  return keyboard;
}

/** `/help paid`: that topic; `/help` alone: `general`, with the topic buttons. */
function helpAnswer(ctx: BotContext, asked: string, general: readonly string[]): void {
  if (asked.trim() === '') {
    answer(ctx, general, { keyboard: topicButtons() });
    return;
  }
  const topic = helpTopic(asked);
  if (!topic) answer(ctx, unknownTopic(asked.trim()), { keyboard: topicButtons() });
  else answer(ctx, topic.lines, { keyboard: topicButtons() });
}

export const GROUP_COMMANDS = [
  { command: 'paid', description: 'Record an expense: /paid 1200 equal @asha @ravi dinner' },
  {
    command: 'bill',
    description: 'Split a bill by items: /bill dinner, then one item a line with who had it',
  },
  { command: 'balances', description: 'Who owes whom in this group' },
  { command: 'balance', description: 'Your own balances here' },
  { command: 'settleup', description: 'The fewest payments that settle everyone' },
  { command: 'settle', description: 'Record that you paid someone: /settle @asha 500' },
  { command: 'received', description: 'Record that someone paid you: /received @ravi 500' },
  { command: 'expenses', description: 'Recent expenses and payments (/expenses all: undone too)' },
  { command: 'expense', description: 'One expense in full: /expense 12' },
  { command: 'undo', description: 'Undo your last expense or payment (or /undo 12, /undo P3)' },
  { command: 'edit', description: 'Correct an expense: /edit 12 1200 equal @asha @ravi dinner' },
  { command: 'summary', description: "A month's spending: /summary, /summary last, /summary oct" },
  { command: 'category', description: "An expense's category: /category 12 groceries" },
  { command: 'receipt', description: 'Attach a photo of the bill: reply /receipt 12 to the photo' },
  { command: 'import', description: "Bring this group's expenses over from Splitwise (its CSV export)" },
  { command: 'passbook', description: 'Your private passbook, sent to you in a DM' },
  { command: 'every', description: 'A recurring expense: /every month on 1 /paid 30000 everyone rent' },
  { command: 'recurring', description: 'Recurring expenses here, to pause or cancel' },
  { command: 'remind', description: 'Remind someone privately of what they owe you: /remind @ravi' },
  { command: 'reminders', description: 'Automatic reminders: /reminders after 7 days, or off' },
  { command: 'timezone', description: "The group's time zone: /timezone Asia/Kolkata" },
  { command: 'rate', description: "The group's exchange rates, or set one: /rate USD 83.20" },
  { command: 'currency', description: "The group's currency (/currency INR sets it, before any expense)" },
  { command: 'help', description: 'How to use Hisaab' },
];

export const PRIVATE_COMMANDS = [
  { command: 'passbook', description: 'Your expenses and settlements across all groups' },
  { command: 'profile', description: 'Set your email, mobile number and UPI id' },
  { command: 'reminders', description: 'Your weekly reminder of what you owe: on or off' },
  { command: 'notify', description: 'A note when others change something that involves you: on or off' },
  { command: 'mydata', description: 'A file with everything Hisaab stores about you' },
  { command: 'forget', description: 'Erase your name and details (amounts stay)' },
  { command: 'privacy', description: 'What is kept about you, why, and for how long' },
  { command: 'help', description: 'How to use Hisaab' },
];

const PRIVATE_HELP = (botUsername: string) => [
  '<b>Hisaab</b> keeps the shared expenses of a group chat, exact to the paisa: who paid, how it was split, and who owes whom.',
  '',
  `Add me to your flat's or trip's group (group menu → Add members → @${escapeHtml(botUsername)}), then type <code>/paid 1200 equal @asha @ravi dinner</code> there.`,
  '',
  'Here, in private: /passbook shows everything recorded with you across all your groups; /profile sets your email, mobile number and UPI id (for pay links in /settleup); /reminders on or off turns your weekly reminder of what you owe on or off.',
];

export const start = new Composer<BotContext>();

start.chatType('private').command('start', (ctx) => answer(ctx, PRIVATE_HELP(ctx.me.username)));
start.chatType('private').command('help', (ctx) => helpAnswer(ctx, ctx.match, PRIVATE_HELP(ctx.me.username)));

start
  .chatType(['group', 'supergroup'])
  .command('start', (ctx) =>
    answer(
      ctx,
      `Hello ${escapeHtml(ctx.from.first_name)}, I know you now: people can name you in /paid. /help shows how to record expenses.`,
    ),
  );

start.chatType(['group', 'supergroup']).command('help', (ctx) => helpAnswer(ctx, ctx.match, GROUP_HELP));

// A topic's button: the same text as /help <topic>, in place of the message it was pressed on.
// Anyone may press it (help is for everyone); the data is checked against the topics.
start.callbackQuery(/^help:([a-z]{1,20})$/, async (ctx) => {
  const topic = helpTopic(ctx.match[1] as string);
  if (!topic) {
    await ctx.answerCallbackQuery({ text: 'That help topic is gone; send /help for the current ones.' });
    return;
  }
  editAnswer(ctx, topic.lines.join('\n'), { keyboard: topicButtons() });
  await ctx.answerCallbackQuery();
});
