// /start and /help: what Hisaab does and how to talk to it, in a group or in private.
import { Composer } from 'grammy';
import { PAID_FORMS } from '../../commands/index.js';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';
import { answer } from '../reply.js';

export const GROUP_COMMANDS = [
  { command: 'paid', description: 'Record an expense: /paid 1200 equal @asha @ravi dinner' },
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
  { command: 'mydata', description: 'A file with everything Hisaab stores about you' },
  { command: 'forget', description: 'Erase your name and details (amounts stay)' },
  { command: 'privacy', description: 'What is kept about you, why, and for how long' },
  { command: 'help', description: 'How to use Hisaab' },
];

export const GROUP_HELP = [
  "<b>Hisaab keeps this group's shared expenses.</b> Everyone who will share expenses: send /start here once, so I know you.",
  '',
  ...PAID_FORMS.map((form) => `<code>${escapeHtml(form.example)}</code> ${escapeHtml(form.meaning)}`),
  'Or send just /paid and I ask step by step, with buttons.',
  '',
  '/balances who owes whom · /balance yours · /settleup the fewest payments',
  '<code>/settle @asha 500 rent</code> you paid Asha · <code>/received @ravi 500</code> Ravi paid you (the other person can say it did not happen)',
  '/expenses recent expenses and payments (/expenses all: undone too) · /expense 12 one in full · /undo your last one · /passbook your own ledger, in a private chat',
  'A typo in a /paid? Edit the message, or send <code>/edit 12</code> and the expense as /paid takes it.',
  '',
  'Each expense gets a category guessed from what it was for (sabzi → groceries, bijli → electricity); its button under the confirmation, or <code>/category 12 groceries</code>, changes it.',
  "<code>/summary</code> this month so far · <code>/summary last</code> · <code>/summary oct</code> or <code>/summary 2026-10</code>: total, paid and share, top categories, biggest expenses · <code>/summary auto on</code> (admins) posts last month's here on the 1st",
  '<code>/every month on 1 /paid 30000 everyone rent</code> records it by itself (also <code>every week on mon</code>, <code>every 15th</code>, <code>every day</code>) · /recurring lists them, to pause or cancel · <code>/timezone Asia/Kolkata</code> when they fall due',
  '<code>/remind @ravi</code> reminds Ravi privately of what he owes you · <code>/reminders after 7 days</code> (or <code>above 500</code>, or <code>off</code>) reminds people by itself',
  'Receipts: send the photo of the bill with <code>/paid ...</code> as its caption, or reply <code>/receipt 12</code> to a photo; /expense 12 shows it.',
  "From Splitwise: /import, then reply with the group's CSV export (Export as spreadsheet); the weekly export writes each group's file in the same layout.",
  "<code>/rate USD 83.20</code> sets the group's rate for another currency (/rate lists them, with who set each) · /currency shows the group's own (<code>/currency INR</code> sets it while nothing is recorded)",
];

const PRIVATE_HELP = (botUsername: string) => [
  '<b>Hisaab</b> keeps the shared expenses of a group chat, exact to the paisa: who paid, how it was split, and who owes whom.',
  '',
  `Add me to your flat's or trip's group (group menu → Add members → @${escapeHtml(botUsername)}), then type <code>/paid 1200 equal @asha @ravi dinner</code> there.`,
  '',
  'Here, in private: /passbook shows everything recorded with you across all your groups; /profile sets your email, mobile number and UPI id (for pay links in /settleup); /reminders on or off turns your weekly reminder of what you owe on or off.',
];

export const start = new Composer<BotContext>();

start.chatType('private').command(['start', 'help'], (ctx) => answer(ctx, PRIVATE_HELP(ctx.me.username)));

start
  .chatType(['group', 'supergroup'])
  .command('start', (ctx) =>
    answer(
      ctx,
      `Hello ${escapeHtml(ctx.from.first_name)}, I know you now: people can name you in /paid. /help shows how to record expenses.`,
    ),
  );

start.chatType(['group', 'supergroup']).command('help', (ctx) => answer(ctx, GROUP_HELP));
