// The bot's command grammar, pure: a message's text and Telegram entities in, a typed intent or a
// CommandError out. Every refusal is one sentence that says what was wrong and shows the right form.
//
// /paid <amount> [equal|exact|percent] <participants> [description]
//   participants: @username, a text mention (people without a username), `me`, `everyone`;
//   exact and percent take a value after each person; equal with nobody named means everyone.
// /settle <person> [amount]    /undo [id]    /expenses [page]    /passbook [page]
import {
  type Decimal,
  LedgerError,
  MAX_PARTICIPANTS,
  parseAmount,
  parsePercent,
  type SplitType,
} from '../ledger/index.js';

export interface EntityLike {
  type: string;
  offset: number;
  length: number;
  user?: { id: number; first_name: string; last_name?: string; username?: string; is_bot?: boolean };
}

export interface CommandInput {
  text: string;
  entities?: readonly EntityLike[];
  sender: { id: number; username?: string; first_name: string; last_name?: string };
  botUsername: string;
}

export type PersonRef =
  | { kind: 'username'; username: string }
  | { kind: 'user'; user: { id: number; first_name: string; last_name?: string; username?: string } };

export interface PaidIntent {
  amount: Decimal;
  splitType: SplitType;
  /** Nobody named (or `everyone`): split among every known member of the group. */
  everyone: boolean;
  participants: { person: PersonRef; value?: Decimal }[];
  description: string;
}

export interface SettleIntent {
  person: PersonRef;
  amount?: Decimal;
}

export const USAGE = {
  paid: '/paid 1200 equal @asha @ravi dinner',
  paidExact: '/paid 1250 exact @asha 370 @ravi 880 sale',
  paidPercent: '/paid 1200 percent @asha 40 @ravi 60 dinner',
  settle: '/settle @asha 500',
  undo: '/undo or /undo 12',
  expenses: '/expenses or /expenses 2',
  passbook: '/passbook',
} as const;

export type CommandErrorCode =
  | 'MISSING_AMOUNT'
  | 'BAD_AMOUNT'
  | 'BAD_VALUE'
  | 'MISSING_VALUE'
  | 'VALUE_WITHOUT_PERSON'
  | 'VALUE_WITHOUT_TYPE'
  | 'NOBODY_NAMED'
  | 'NOT_A_USERNAME'
  | 'DUPLICATE_PERSON'
  | 'TOO_MANY_PEOPLE'
  | 'BOT_NAMED'
  | 'EVERYONE_AND_NAMES'
  | 'DESCRIPTION_TOO_LONG'
  | 'SETTLE_NOBODY'
  | 'SETTLE_SEVERAL'
  | 'SETTLE_SELF'
  | 'BAD_NUMBER';

export class CommandError extends Error {
  constructor(
    readonly code: CommandErrorCode,
    sentence: string,
    readonly usage: string,
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(`${sentence} Write it like: ${usage}`);
    this.name = 'CommandError';
  }
}

const DESCRIPTION_LIMIT = 200;
const USERNAME = /^@([A-Za-z0-9_]{1,32})$/;
const SPLIT_WORDS: Record<string, SplitType> = {
  equal: 'EQUAL',
  equally: 'EQUAL',
  eq: 'EQUAL',
  exact: 'EXACT',
  exactly: 'EXACT',
  ex: 'EXACT',
  percent: 'PERCENT',
  percentage: 'PERCENT',
  pc: 'PERCENT',
  pct: 'PERCENT',
  '%': 'PERCENT',
};
const CURRENCY_WORDS = new Set(['₹', 'rs', 'rs.', 'inr', 'rupees', 'rupee']);
const EVERYONE_WORDS = new Set(['everyone', 'all', 'everybody']);

interface Token {
  text: string;
  start: number;
  end: number;
  /** Set for a text mention: the person Telegram attached to these characters. */
  user?: NonNullable<EntityLike['user']>;
}

/** The command's name (lower-case), or null when the message is not a command or is for another bot. */
export function commandName(text: string, botUsername: string): string | null {
  const match = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?=\s|$)/.exec(text);
  if (!match) return null;
  if (match[2] && match[2].toLowerCase() !== botUsername.toLowerCase()) return null;
  return (match[1] as string).toLowerCase();
}

/** Splits the arguments after the command into tokens; a text mention is one token, spaces and all. */
function tokenize(input: CommandInput): Token[] {
  const text = input.text;
  const commandEnd = /^\/\S*/.exec(text)?.[0].length ?? 0;
  const mentions = (input.entities ?? [])
    .filter(
      (e) =>
        e.type === 'text_mention' &&
        e.user !== undefined &&
        Number.isInteger(e.offset) &&
        Number.isInteger(e.length) &&
        e.offset >= commandEnd &&
        e.length > 0 &&
        e.offset + e.length <= text.length,
    )
    .sort((a, b) => a.offset - b.offset);
  const tokens: Token[] = [];
  const pushWords = (from: number, to: number) => {
    const re = /\S+/g;
    const slice = text.slice(from, to);
    for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
      tokens.push({ text: m[0], start: from + m.index, end: from + m.index + m[0].length });
    }
  };
  let cursor = commandEnd;
  for (const mention of mentions) {
    if (mention.offset < cursor) continue; // overlapping entities: keep the first
    pushWords(cursor, mention.offset);
    tokens.push({
      text: text.slice(mention.offset, mention.offset + mention.length),
      start: mention.offset,
      end: mention.offset + mention.length,
      user: mention.user,
    });
    cursor = mention.offset + mention.length;
  }
  pushWords(cursor, text.length);
  return tokens;
}

/** Reads an amount at tokens[i], joining a currency word with the number after it ("Rs 1000"). */
function readAmount(tokens: Token[], i: number): { amount: Decimal; next: number } | null {
  const first = tokens[i];
  if (!first || first.user) return null;
  const second = tokens[i + 1];
  const joined =
    CURRENCY_WORDS.has(first.text.toLowerCase()) && second && !second.user
      ? `${first.text} ${second.text}`
      : null;
  return { amount: parseAmount(joined ?? first.text), next: i + (joined ? 2 : 1) };
}

function looksNumeric(token: Token | undefined): boolean {
  // Anything that starts like a number is treated as one, so "1e9" is refused as an amount rather
  // than read as a description.
  return token !== undefined && !token.user && /^(?:₹|rs\.?|inr)?[-+]?\.?\d/i.test(token.text);
}

type Person = { ref: PersonRef; label: string };

/** Reads a person at a token, or null when the token is not one. */
function readPerson(token: Token | undefined, input: CommandInput, usage: string): Person | null {
  if (!token) return null;
  const sender = input.sender;
  const senderRef: PersonRef = {
    kind: 'user',
    user: {
      id: sender.id,
      first_name: sender.first_name,
      last_name: sender.last_name,
      username: sender.username,
    },
  };
  if (token.user) {
    if (token.user.is_bot) throw botNamed(usage);
    if (token.user.id === sender.id) return { ref: senderRef, label: token.text };
    const { id, first_name, last_name, username } = token.user;
    return { ref: { kind: 'user', user: { id, first_name, last_name, username } }, label: token.text };
  }
  if (token.text.toLowerCase() === 'me') return { ref: senderRef, label: token.text };
  if (!token.text.startsWith('@')) return null;
  const match = USERNAME.exec(token.text);
  if (!match) {
    throw new CommandError('NOT_A_USERNAME', `${clip(token.text)} is not a Telegram username.`, usage, {
      text: clip(token.text),
    });
  }
  const username = match[1] as string;
  if (username.toLowerCase() === input.botUsername.toLowerCase()) throw botNamed(usage);
  if (sender.username && username.toLowerCase() === sender.username.toLowerCase()) {
    return { ref: senderRef, label: `@${username}` };
  }
  return { ref: { kind: 'username', username }, label: `@${username}` };
}

function botNamed(usage: string): CommandError {
  return new CommandError(
    'BOT_NAMED',
    'I keep the accounts but do not share expenses, so leave me out.',
    usage,
  );
}

function personKey(ref: PersonRef): string {
  return ref.kind === 'username' ? `@${ref.username.toLowerCase()}` : `#${ref.user.id}`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A LedgerError's sentence (what was wrong with a number), with the command's right form after it. */
function wrapNumber(error: unknown, code: CommandErrorCode, usage: string): never {
  if (error instanceof LedgerError) throw new CommandError(code, error.message, usage, error.details);
  throw error;
}

export function parsePaid(input: CommandInput): PaidIntent {
  const tokens = tokenize(input);
  if (
    tokens.length === 0 ||
    (!looksNumeric(tokens[0]) && !CURRENCY_WORDS.has(tokens[0]?.text.toLowerCase() ?? ''))
  ) {
    throw new CommandError('MISSING_AMOUNT', 'Write the amount first.', USAGE.paid);
  }
  let read: { amount: Decimal; next: number } | null = null;
  try {
    read = readAmount(tokens, 0);
  } catch (error) {
    wrapNumber(error, 'BAD_AMOUNT', USAGE.paid);
  }
  if (!read) throw new CommandError('MISSING_AMOUNT', 'Write the amount first.', USAGE.paid);
  const amount = read.amount;
  let i = read.next;

  let splitType: SplitType = 'EQUAL';
  const typeWord =
    tokens[i] && !tokens[i]?.user ? SPLIT_WORDS[(tokens[i] as Token).text.toLowerCase()] : undefined;
  if (typeWord) {
    splitType = typeWord;
    i++;
  }
  const usage =
    splitType === 'EXACT' ? USAGE.paidExact : splitType === 'PERCENT' ? USAGE.paidPercent : USAGE.paid;

  const participants: { person: PersonRef; value?: Decimal }[] = [];
  const seen = new Map<string, string>();
  let everyone = false;
  while (i < tokens.length) {
    const token = tokens[i] as Token;
    if (!token.user && EVERYONE_WORDS.has(token.text.toLowerCase()) && splitType === 'EQUAL') {
      everyone = true;
      i++;
      continue;
    }
    const person = readPerson(token, input, usage);
    if (!person) {
      if (looksNumeric(token)) {
        if (splitType === 'EQUAL') {
          throw new CommandError(
            'VALUE_WITHOUT_TYPE',
            `A number after the names needs a split type: exact for amounts, percent for percentages.`,
            USAGE.paidExact,
          );
        }
        throw new CommandError('VALUE_WITHOUT_PERSON', `${clip(token.text)} has nobody before it.`, usage);
      }
      break; // the description starts here
    }
    i++;
    const key = personKey(person.ref);
    const userKey =
      person.ref.kind === 'user' && person.ref.user.username
        ? `@${person.ref.user.username.toLowerCase()}`
        : null;
    if (seen.has(key) || (userKey && seen.has(userKey))) {
      throw new CommandError(
        'DUPLICATE_PERSON',
        `${clip(person.label)} is named twice; name each person once.`,
        usage,
        {
          person: clip(person.label),
        },
      );
    }
    seen.set(key, person.label);
    if (userKey) seen.set(userKey, person.label);
    if (participants.length >= MAX_PARTICIPANTS) {
      throw new CommandError(
        'TOO_MANY_PEOPLE',
        `One expense can be split among at most ${MAX_PARTICIPANTS} people.`,
        usage,
      );
    }
    if (splitType === 'EQUAL') {
      participants.push({ person: person.ref });
      continue;
    }
    const valueToken = tokens[i];
    if (
      !valueToken ||
      !(
        looksNumeric(valueToken) ||
        (CURRENCY_WORDS.has(valueToken.text.toLowerCase()) && splitType === 'EXACT')
      )
    ) {
      const what = splitType === 'EXACT' ? 'an amount' : 'a percentage';
      throw new CommandError('MISSING_VALUE', `Give ${what} after ${clip(person.label)}.`, usage, {
        person: clip(person.label),
      });
    }
    try {
      if (splitType === 'EXACT') {
        const value = readAmount(tokens, i) as { amount: Decimal; next: number };
        participants.push({ person: person.ref, value: value.amount });
        i = value.next;
      } else {
        participants.push({ person: person.ref, value: parsePercent(valueToken.text) });
        i++;
      }
    } catch (error) {
      wrapNumber(error, 'BAD_VALUE', usage);
    }
  }

  if (everyone && participants.length > 0) {
    throw new CommandError(
      'EVERYONE_AND_NAMES',
      'Either name people or write everyone, not both.',
      USAGE.paid,
    );
  }
  if (splitType !== 'EQUAL' && participants.length === 0) {
    throw new CommandError('NOBODY_NAMED', 'Name each person with their share.', usage);
  }
  const rest = tokens.slice(i);
  const description =
    rest.length === 0
      ? ''
      : input.text
          .slice((rest[0] as Token).start)
          .replace(/\s+/g, ' ')
          .trim();
  if (description.length > DESCRIPTION_LIMIT) {
    throw new CommandError(
      'DESCRIPTION_TOO_LONG',
      `The description is ${description.length} characters long; keep it under ${DESCRIPTION_LIMIT}.`,
      usage,
    );
  }
  return { amount, splitType, everyone: participants.length === 0, participants, description };
}

export function parseSettle(input: CommandInput): SettleIntent {
  const tokens = tokenize(input);
  const person = readPerson(tokens[0], input, USAGE.settle);
  if (!person) throw new CommandError('SETTLE_NOBODY', 'Name the person you paid.', USAGE.settle);
  if (person.ref.kind === 'user' && person.ref.user.id === input.sender.id) {
    throw new CommandError(
      'SETTLE_SELF',
      'You cannot settle with yourself; name the person you paid.',
      USAGE.settle,
    );
  }
  if (tokens.slice(1).some((t) => t.user || t.text.startsWith('@'))) {
    throw new CommandError('SETTLE_SEVERAL', 'Settle with one person at a time.', USAGE.settle);
  }
  if (
    tokens.length < 2 ||
    !(looksNumeric(tokens[1]) || CURRENCY_WORDS.has((tokens[1] as Token).text.toLowerCase()))
  ) {
    return { person: person.ref };
  }
  try {
    return { person: person.ref, amount: (readAmount(tokens, 1) as { amount: Decimal }).amount };
  } catch (error) {
    wrapNumber(error, 'BAD_AMOUNT', USAGE.settle);
  }
}

function optionalNumber(input: CommandInput, usage: string, what: string): number | undefined {
  const token = tokenize(input)[0];
  if (!token) return undefined;
  const match = /^#?(\d{1,9})$/.exec(token.text);
  if (!match || Number(match[1]) === 0) {
    throw new CommandError('BAD_NUMBER', `${clip(token.text)} is not ${what}.`, usage);
  }
  return Number(match[1]);
}

export function parseUndo(input: CommandInput): { expenseId?: number } {
  return { expenseId: optionalNumber(input, USAGE.undo, 'an expense number') };
}

export function parsePage(input: CommandInput): { page: number } {
  return { page: optionalNumber(input, USAGE.expenses, 'a page number') ?? 1 };
}
