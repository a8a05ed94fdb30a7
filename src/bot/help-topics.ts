// /help, one screen with a button per topic, and each topic's text (`/help paid`, or its button).
// Every help text lives here, so a new /paid phrasing is added in one place (PAID_FORMS, from
// src/commands/help.ts, feeds the paid topic; a test keeps the README in step with both).
import { BILL_EXAMPLE, PAID_FORMS } from '../commands/index.js';
import { escapeHtml } from './format.js';

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

export interface HelpTopic {
  /** What `/help <key>` takes and the button shows. */
  key: string;
  label: string;
  lines: readonly string[];
}

export const HELP_TOPICS: readonly HelpTopic[] = [
  {
    key: 'paid',
    label: '💸 Paid',
    lines: [
      '<b>Recording what someone paid</b>',
      ...PAID_FORMS.map((form) => `${code(form.example)} ${escapeHtml(form.meaning)}`),
      'Or send just /paid and I ask step by step, with buttons.',
      `A typo? Edit your /paid message, or send ${code('/edit 12')} and the expense as /paid takes it.`,
      `Receipts: send the photo of the bill with ${code('/paid ...')} as its caption, or reply ${code('/receipt 12')} to a photo.`,
    ],
  },
  {
    key: 'split',
    label: '➗ Split',
    lines: [
      '<b>How an expense is split</b>',
      `equal (the default): everyone named pays the same, to the paisa · ${code('/paid 900 @asha @ravi me dinner')}`,
      `exact: amounts that add up to the total · ${code('/paid 1250 exact @asha 370 @ravi 880 sale')}`,
      `percent: percentages that add up to 100 · ${code('/paid 1200 percent @asha 40 @ravi 60 dinner')}`,
      `shares: 2 shares pay twice 1 · ${code('/paid 1000 shares me 2 @ravi 1 @meera 1 groceries')}`,
      'Nobody named: everyone who sent /start here. People are named by @username, first name, a text mention (type @ and pick them) or me.',
    ],
  },
  {
    key: 'bill',
    label: '🧾 Bill',
    lines: [
      '<b>A bill split by items</b>: who had what, in one message',
      `<pre>${escapeHtml(BILL_EXAMPLE.join('\n'))}</pre>`,
      `The place on the first line, then one item a line: what, the amount, who had it (${code('@ravi')}, a first name, ${code('me')}, ${code('everyone')}); each item is shared equally among who had it.`,
      `${code('+5% GST')}, ${code('+10% service')}, ${code('+40 tip')}, ${code('-50 discount')} are spread over the items in proportion to their amounts (a percentage is of the items). Recorded as one expense: each share exact to the paisa.`,
      `You paid, unless the first line says ${code('by @ravi')}; a number at its end (${code('/bill Toit 2364')}) is the bill's total, and a bill whose lines do not come to it is refused. A bill photo captioned /paid offers Split by items: it gives this message filled in from the photo.`,
    ],
  },
  {
    key: 'settle',
    label: '🤝 Settle',
    lines: [
      '<b>Who owes whom, and paying back</b>',
      '/balances who owes whom · /balance yours · /settleup the fewest payments that settle everyone',
      `${code('/settle @asha 500 rent')} you paid Asha · ${code('/received @ravi 500')} Ravi paid you (the other person can say it did not happen)`,
      `${code('/remind @ravi')} reminds Ravi privately of what he owes you · ${code('/reminders after 7 days')} (or ${code('above 500')}, or ${code('off')}) reminds people by itself`,
    ],
  },
  {
    key: 'history',
    label: '📒 History',
    lines: [
      '<b>What was recorded</b>',
      'Expenses are numbered #1, #2 … and payments P1, P2 … within this group.',
      '/expenses recent expenses and payments (/expenses all: undone too) · /expense 12 one in full · /passbook your own ledger, in a private chat',
      `/undo your last one · ${code('/undo 12')} or ${code('/undo P3')} a given one (its payer, its recorder or an admin)`,
      `${code('/category 12 groceries')} changes a category (guessed from what it was for) · ${code('/summary')} this month · ${code('/summary last')} · ${code('/summary oct')}`,
      `${code('/notify on')} in a private chat with me: a note when someone else records, corrects or undoes something that involves you`,
    ],
  },
  {
    key: 'recurring',
    label: '🔁 Recurring',
    lines: [
      '<b>Expenses that come back</b>',
      `${code('/every month on 1 /paid 30000 everyone rent')} records it by itself (also ${code('every week on mon')}, ${code('every 15th')}, ${code('every day')})`,
      `/recurring lists them, to pause or cancel · ${code('/timezone Asia/Kolkata')} when they fall due`,
    ],
  },
  {
    key: 'currency',
    label: '💱 Currency',
    lines: [
      '<b>Other currencies</b>',
      `${code('/paid 45 USD @ 83.20 equal @asha @ravi taxi')} converts at the rate after @, else at the group's`,
      `${code('/rate USD 83.20')} sets the group's rate (/rate lists them, with who set each) · /currency shows the group's own (${code('/currency INR')} sets it while nothing is recorded)`,
    ],
  },
  {
    key: 'import',
    label: '📥 Splitwise',
    lines: [
      '<b>Moving from Splitwise</b>',
      "/import, then reply with the group's CSV export (Splitwise: Settings → Export as spreadsheet). Everyone in it sends /start here first.",
      "The weekly export writes each group's file in the same layout.",
    ],
  },
];

/** The one screen /help shows in a group; the buttons under it open the topics. */
export const GROUP_HELP: readonly string[] = [
  "<b>Hisaab keeps this group's shared expenses.</b> Everyone who shares them: send /start here once, so I know you.",
  `${code('/paid 1200 dinner')} you paid 1200, split among everyone · ${code('/paid 300 @ravi me auto')} between you two`,
  '/balances who owes whom · /settleup how to settle · /expenses what was recorded · /undo your last one',
  `More on each below, or ${code('/help paid')}, ${code('/help settle')} …`,
];

export function helpTopic(key: string): HelpTopic | undefined {
  return HELP_TOPICS.find((topic) => topic.key === key.trim().toLowerCase());
}

/** One sentence for `/help something` that is no topic. */
export function unknownTopic(asked: string): string {
  const keys = HELP_TOPICS.map((t) => t.key).join(', ');
  return `There is no help topic "${escapeHtml(asked.slice(0, 30))}"; the topics are ${keys}, like /help paid.`;
}
