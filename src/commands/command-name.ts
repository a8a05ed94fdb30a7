// Which command a message is, and whether it is addressed to this bot: in a group, `/paid@OtherBot`
// belongs to another bot and must be ignored rather than refused.
import type { EntityLike } from './types.js';

/** The commands Hisaab answers; the others are not ours (or are typos) and get the generic reply. */
export const COMMANDS = [
  'start',
  'help',
  'paid',
  'bill',
  'settle',
  'received',
  'undo',
  'expenses',
  'expense',
  'edit',
  'passbook',
  'balances',
  'balance',
  'settleup',
  'profile',
  'export',
  'cancel',
  'summary',
  'category',
  'every',
  'recurring',
  'timezone',
  'remind',
  'reminders',
  'receipt',
  'import',
  'currency',
  'rate',
] as const;
export type CommandNameKnown = (typeof COMMANDS)[number];

export interface CommandSpan {
  /** UTF-16 index just past the command (and its @bot suffix). */
  end: number;
  /** Lower-case, without the slash. */
  name: string;
  /** The bot named after `@`, as typed, if any. */
  target?: string;
}

const WHOLE_COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?$/;
const LEADING_COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)/;

/**
 * The command at the start of the text. Telegram's bot_command entity is preferred when it is sane,
 * and the text itself is read otherwise (captions forwarded without entities, tests, the sandbox).
 */
export function commandSpan(text: string, entities: readonly EntityLike[] | undefined): CommandSpan | null {
  const entity = entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (entity && Number.isInteger(entity.length) && entity.length > 1 && entity.length <= text.length) {
    const match = WHOLE_COMMAND.exec(text.slice(0, entity.length));
    const rest = text.slice(entity.length);
    if (match && (rest === '' || /^\s/.test(rest))) return toSpan(match, entity.length);
  }
  const match = LEADING_COMMAND.exec(text);
  return match ? toSpan(match, match[0].length) : null;
}

function toSpan(match: RegExpExecArray, end: number): CommandSpan {
  const name = (match[1] ?? '').toLowerCase();
  return match[2] === undefined ? { end, name } : { end, name, target: match[2] };
}

/**
 * The command's name (lower-case) and whether it was addressed to another bot, or null when the text
 * is not a command at all. Bot usernames compare case-insensitively, as Telegram treats them.
 */
export function commandName(
  text: string,
  entities: readonly EntityLike[] | undefined,
  botUsername: string,
): { name: string; forOtherBot: boolean } | null {
  const span = commandSpan(text, entities);
  if (!span) return null;
  const forOtherBot = span.target !== undefined && span.target.toLowerCase() !== botUsername.toLowerCase();
  return { name: span.name, forOtherBot };
}

export function isKnownCommand(name: string): name is CommandNameKnown {
  return (COMMANDS as readonly string[]).includes(name);
}

/** What each command does and an example, for pointing a near-miss at it. */
const PURPOSES: Readonly<Partial<Record<CommandNameKnown, { purpose: string; example?: string }>>> = {
  paid: { purpose: 'record an expense', example: '/paid 300 equal @asha @ravi chai' },
  balances: { purpose: 'see who owes whom' },
  balance: { purpose: 'see your own balances' },
  settleup: { purpose: 'see the fewest payments that settle everyone' },
  settle: { purpose: 'record that you paid someone', example: '/settle @asha 500' },
  received: { purpose: 'record that someone paid you', example: '/received @ravi 500' },
  expense: { purpose: 'see one expense in full', example: '/expense 12' },
  edit: { purpose: 'correct an expense', example: '/edit 12 500 equal @asha @ravi dinner' },
  undo: { purpose: 'undo your last expense', example: '/undo 12' },
  expenses: { purpose: 'list recent expenses', example: '/expenses 2' },
  passbook: { purpose: 'get your own passbook in private' },
  help: { purpose: 'see what I can do' },
  start: { purpose: 'let me know you' },
  profile: { purpose: 'set your email and mobile number' },
  cancel: { purpose: 'stop what you started' },
  summary: { purpose: "see a month's spending", example: '/summary last' },
  category: { purpose: "change an expense's category", example: '/category 12 groceries' },
  receipt: { purpose: 'attach a photo of the bill to an expense', example: '/receipt 12' },
  import: { purpose: 'bring a group over from Splitwise' },
};

// Words people reach for instead of ours.
const SYNONYMS: Readonly<Record<string, CommandNameKnown>> = {
  pay: 'paid',
  payed: 'paid',
  spent: 'paid',
  spend: 'paid',
  add: 'paid',
  expense_add: 'paid',
  split: 'paid',
  bal: 'balance',
  owe: 'balance',
  owes: 'balance',
  me: 'balance',
  settle_up: 'settleup',
  settlement: 'settleup',
  history: 'expenses',
  list: 'expenses',
  delete: 'undo',
  remove: 'undo',
  report: 'summary',
  monthly: 'summary',
};

/** The edit distance with swapped neighbours counting once (`piad` is one from `paid`). */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        (rows[0] as number[])[j] = j;
        continue;
      }
      const row = rows[i] as number[];
      const up = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

export interface CommandSuggestion {
  command: CommandNameKnown;
  example: string;
  /** One plain sentence naming the right command, with an example. */
  sentence: string;
}

/**
 * The command someone most likely meant by an unknown one: a usual synonym (/pay, /spent, /bal,
 * /settle_up, ...) or a typo within two letters (one for short names, so /todo or /stats, likely
 * another bot's, are left alone). Null when nothing is close.
 */
export function suggestCommand(typed: string): CommandSuggestion | null {
  const name = typed.toLowerCase();
  if (name === 'got' || name === 'received' || name === 'receive') {
    if (isKnownCommand('received')) return suggestion(name, 'received');
    return {
      command: 'settle',
      example: '/settle @you 500',
      sentence: `/${name} is not one of my commands; to record money you received, the person who paid you sends /settle, like: /settle @you 500`,
    };
  }
  const synonym = SYNONYMS[name];
  if (synonym) return suggestion(name, synonym);
  const limit = name.length >= 6 ? 2 : name.length >= 4 ? 1 : 0;
  if (limit === 0) return null;
  let best: { command: CommandNameKnown; d: number } | null = null;
  for (const command of COMMANDS) {
    if (!PURPOSES[command]) continue;
    const d = distance(name, command);
    if (d <= limit && (best === null || d < best.d)) best = { command, d };
  }
  return best ? suggestion(name, best.command) : null;
}

function suggestion(typed: string, command: CommandNameKnown | string): CommandSuggestion {
  const known = command as CommandNameKnown;
  const { purpose, example } = PURPOSES[known] ?? { purpose: `use /${command}` };
  const sentence = example
    ? `/${typed} is not one of my commands; to ${purpose}, send /${command}, like: ${example}`
    : `/${typed} is not one of my commands; to ${purpose}, send /${command}`;
  return { command: known, example: example ?? `/${command}`, sentence };
}
