// The /bill grammar: an itemised bill, one line per item, in one message.
//
//   /bill Barbeque Nation [total] [by <person> | paid by <person>]
//   Paneer tikka 320 @ravi me          what, the amount, who had it (names, `me`, `everyone`)
//   Beer 2 x 200 = 400 ravi kabir      (the amount is the last number before the people)
//   +5% GST                            a charge: a percentage of the items, or an amount,
//   +40 tip   -50 discount             spread over the items in proportion to their amounts
//
// The sender paid unless the first line says `by @x` or `paid by X`. A number at the end of the first
// line is the bill's total, checked against the lines. Pure: the people are resolved by the use case.
import { type Decimal, LedgerError, parsePercent } from '../ledger/index.js';
import { readAmount } from './amounts.js';
import { CommandError } from './errors.js';
import { EVERYONE_WORDS, isSeparator, nameWord, word } from './paid/words.js';
import { bare, isPersonLike, type NamedPerson, readPerson } from './people.js';
import { clip, type Token, tokenize } from './tokens.js';
import type { CommandInput, PersonRef } from './types.js';

/** At most this many lines in one bill (a long grocery bill is better recorded as a few). */
export const BILL_MAX_LINES = 100;
export const BILL_DESCRIPTION_LIMIT = 200;
const ITEM_NAME_LIMIT = 100;

/** How a bill's item line is written, for refusals. */
export const BILL_ITEM_EXAMPLE = 'Paneer tikka 320 @ravi me';
/** The whole command, for /help and a bare /bill. */
export const BILL_EXAMPLE = [
  '/bill Barbeque Nation',
  'Paneer tikka 320 @ravi me',
  'Beer 400 @ravi @kabir',
  'Dal makhani 280 everyone',
  '+5% GST',
  '+10% service',
  '-50 discount',
];

export interface BillItemIntent {
  /** The line's number in the message (the /bill line is 1). */
  line: number;
  /** The line as written, for refusals. */
  text: string;
  description: string;
  amount: Decimal;
  /** `everyone`: every current member of the group. */
  everyone: boolean;
  people: PersonRef[];
  /** How each person was written, in the order of `people`. */
  labels: string[];
}

export interface BillChargeIntent {
  line: number;
  label: string;
  /** Signed: `-10%` is a discount. */
  percent?: Decimal;
  /** Signed: `-50` is a discount. */
  amount?: Decimal;
}

export interface BillIntent {
  description: string;
  /** A total written on the first line, to be checked against the lines. */
  total?: Decimal;
  /** `by @ravi`, `paid by me`, a text mention: the payer. */
  payer?: PersonRef;
  /** `by Kabir`: the payer if the word names a member, else it stays in the description. */
  payerName?: { name: string; descriptionWithout: string };
  items: BillItemIntent[];
  charges: BillChargeIntent[];
}

interface Line {
  number: number;
  text: string;
  tokens: Token[];
}

export function parseBill(input: CommandInput): BillIntent {
  const [first, ...rest] = linesOf(input);
  const body = rest.filter((line) => line.text.trim() !== '');
  if (!first || body.length === 0) {
    throw new CommandError(
      'BILL_NO_ITEMS',
      'Write the items under /bill, one a line: what, the amount and who had it',
      `/bill dinner, then a line like ${BILL_ITEM_EXAMPLE}`,
    );
  }
  if (body.length + 1 > BILL_MAX_LINES) {
    throw new CommandError(
      'BILL_TOO_LONG',
      `A bill can have at most ${BILL_MAX_LINES} lines, and this one has ${body.length + 1}`,
      'split it into two /bill messages',
    );
  }
  const items: BillItemIntent[] = [];
  const charges: BillChargeIntent[] = [];
  for (const line of body) {
    if (/^\s*[+-]/.test(line.text)) charges.push(readCharge(line));
    else items.push(readItem(line, input));
  }
  if (items.length === 0) {
    throw new CommandError(
      'BILL_NO_ITEMS',
      'This bill has charges but no items; write each item on its own line with who had it',
      BILL_ITEM_EXAMPLE,
    );
  }
  return { ...readFirstLine(first, input), items, charges };
}

/** The message's lines after the command, each with its tokens (text mentions kept whole). */
function linesOf(input: CommandInput): Line[] {
  const tokens = tokenize(input);
  const texts = input.text.split('\n');
  const starts: number[] = [];
  let at = 0;
  for (const text of texts) {
    starts.push(at);
    at += text.length + 1;
  }
  const lines: Line[] = texts.map((text, i) => ({ number: i + 1, text, tokens: [] }));
  for (const token of tokens) {
    let index = starts.length - 1;
    while (index > 0 && (starts[index] as number) > token.start) index--;
    (lines[index] as Line).tokens.push(token);
  }
  return lines;
}

/** `Barbeque Nation 2364 paid by @ravi`: the description, the total and the payer. */
function readFirstLine(line: Line, input: CommandInput): Omit<BillIntent, 'items' | 'charges'> {
  let tokens = [...line.tokens];
  let payer: PersonRef | undefined;
  let payerName: string | undefined;
  let payerAt = -1;
  const by = tokens.findIndex((t, i) => word(t) === 'by' && tokens[i + 1] !== undefined);
  if (by >= 0) {
    const next = tokens[by + 1] as Token;
    const person = isPersonLike(next) ? readPerson(next, input, '/bill dinner by @ravi') : null;
    const name = person ? null : nameWord(next);
    if (person || name) {
      const start = by > 0 && word(tokens[by - 1] as Token) === 'paid' ? by - 1 : by;
      payer = person?.ref;
      payerName = name ?? undefined;
      payerAt = start;
      tokens = [...tokens.slice(0, start), ...tokens.slice(by + 2)];
    }
  }
  const { total, rest } = readTotal(tokens);
  const description = rest.map((t) => t.raw).join(' ');
  checkLength(description, BILL_DESCRIPTION_LIMIT, 'The description on the first line');
  const intent: Omit<BillIntent, 'items' | 'charges'> = {
    description,
    ...(total ? { total } : {}),
    ...(payer ? { payer } : {}),
  };
  if (payerName === undefined) return intent;
  // `dinner by Kabir`: Kabir paid if he is a member; else `by Kabir` was part of the description.
  const phrase = line.tokens.slice(payerAt, by + 2);
  const at = Math.min(payerAt, rest.length);
  const withPhrase = [...rest.slice(0, at), ...phrase, ...rest.slice(at)];
  return {
    ...intent,
    description: withPhrase.map((t) => t.raw).join(' '),
    payerName: { name: payerName, descriptionWithout: description },
  };
}

/** A total at the end of the first line: `2364`, `₹2,364`, `total 2364`, `= 2364`. */
function readTotal(tokens: readonly Token[]): { total?: Decimal; rest: Token[] } {
  const last = tokens.at(-1);
  if (!last || last.user) return { rest: [...tokens] };
  let total: Decimal;
  try {
    total = readAmount(bare(last).replace(/^=/, '')).value;
  } catch (error) {
    if (error instanceof LedgerError) return { rest: [...tokens] };
    throw error;
  }
  let end = tokens.length - 1;
  while (end > 0 && /^(?:total:?|=|:|-|rs\.?|₹|inr)$/i.test(bare(tokens[end - 1] as Token))) end--;
  return { total, rest: tokens.slice(0, end) };
}

/** Words between the amount and the people (`320 - ravi`, `320: ravi`) that mean nothing. */
const FILLER = /^(?:[-–—:=|/]+|x)$/;

function peopleLike(token: Token): boolean {
  return (
    isPersonLike(token) ||
    EVERYONE_WORDS.has(word(token)) ||
    isSeparator(token) ||
    FILLER.test(bare(token)) ||
    nameWord(token) !== null
  );
}

/** `Paneer tikka 320 @ravi me`: the people at the end, the amount just before them. */
function readItem(line: Line, input: CommandInput): BillItemIntent {
  const { tokens } = line;
  const quoted = `line ${line.number} ("${clip(line.text)}")`;
  let k = tokens.length - 1;
  while (k >= 0 && peopleLike(tokens[k] as Token) && !amountOf(tokens[k] as Token)) k--;
  const amountToken = tokens[k];
  const amount = amountToken ? amountOf(amountToken) : null;
  if (!amountToken || !amount) {
    throw lineError(`${capital(quoted)} has no amount`, 'BILL_LINE');
  }
  const description = tokens
    .slice(0, k)
    .map((t) => t.raw)
    .join(' ')
    .replace(/[\s:=–—-]+$/, '');
  if (tokens.slice(0, k).some((t) => t.user || /^@\w/.test(bare(t)))) {
    throw lineError(
      `${capital(quoted)} names someone before the amount; put who had it after the amount`,
      'BILL_LINE',
    );
  }
  checkLength(description, ITEM_NAME_LIMIT, capital(`the item on line ${line.number}`));
  const named = readItemPeople(tokens.slice(k + 1), input, quoted, description);
  return { line: line.number, text: line.text, description, amount, ...named };
}

function readItemPeople(
  tokens: readonly Token[],
  input: CommandInput,
  quoted: string,
  description: string,
): Pick<BillItemIntent, 'everyone' | 'people' | 'labels'> {
  const people: PersonRef[] = [];
  const labels: string[] = [];
  const keys = new Set<string>();
  let everyone = false;
  for (const token of tokens) {
    if (isSeparator(token) || FILLER.test(bare(token))) continue;
    if (EVERYONE_WORDS.has(word(token))) {
      everyone = true;
      continue;
    }
    const person: NamedPerson = readPerson(token, input, BILL_ITEM_EXAMPLE) ?? {
      ref: { kind: 'name', name: bare(token) },
      label: bare(token),
      keys: [`~${bare(token).toLowerCase()}`],
    };
    if (person.keys.some((key) => keys.has(key))) {
      throw lineError(`${capital(quoted)} names ${person.label} twice; name each person once`, 'BILL_LINE');
    }
    for (const key of person.keys) keys.add(key);
    people.push(person.ref);
    labels.push(person.label);
  }
  if (everyone && people.length > 0) {
    throw lineError(
      `${capital(quoted)} names everyone and some people; write everyone alone, or the people`,
      'BILL_LINE',
    );
  }
  if (!everyone && people.length === 0) {
    const hint = CHARGE_WORDS.test(description) ? ' (a charge starts with + or -, like +40 tip)' : '';
    throw lineError(
      `${capital(quoted)} names nobody who had it${hint}; write them after the amount`,
      'BILL_LINE',
    );
  }
  return { everyone, people, labels };
}

const CHARGE_WORDS = /\b(?:c?s?gst|igst|tax|service|tip|discount|delivery|packing|charges?)\b/i;

/** The amount a token is, or null: `320`, `₹320`, `320/-`, `1.5k`, `320:`. */
function amountOf(token: Token): Decimal | null {
  if (token.user) return null;
  const text = bare(token).replace(/[:=]+$/, '');
  if (!/\p{Nd}/u.test(text)) return null;
  try {
    return readAmount(text).value;
  } catch (error) {
    if (error instanceof LedgerError) return null;
    throw error;
  }
}

const CHARGE = /^\s*([+-])\s*(?:₹|rs\.?\s*)?([\p{Nd}.,]+(?:k)?)\s*(%?)\s*(.*?)\s*$/iu;

/** `+5% GST`, `+10% service`, `+40 tip`, `-50 discount`, `-10%`. */
function readCharge(line: Line): BillChargeIntent {
  const match = CHARGE.exec(line.text);
  const quoted = `line ${line.number} ("${clip(line.text)}")`;
  if (!match) {
    throw lineError(
      `${capital(quoted)} is not a charge; write a charge like +5% GST, +40 tip or -50 discount`,
      'BILL_CHARGE',
    );
  }
  const [, sign, number, percent, rest] = match as unknown as [string, string, string, string, string];
  const negative = sign === '-';
  const label = rest === '' ? (negative ? 'discount' : 'charge') : rest;
  checkLength(label, ITEM_NAME_LIMIT, capital(`the charge on line ${line.number}`));
  try {
    if (percent === '%') {
      const value = parsePercent(number);
      return { line: line.number, label, percent: negative ? value.negated() : value };
    }
    const value = readAmount(number).value;
    return { line: line.number, label, amount: negative ? value.negated() : value };
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    throw lineError(`${capital(quoted)}: ${error.message.replace(/[.\s]+$/, '')}`, 'BILL_CHARGE');
  }
}

function checkLength(text: string, limit: number, what: string): void {
  const length = Array.from(text).length;
  if (length > limit) {
    throw new CommandError(
      'DESCRIPTION_TOO_LONG',
      `${what} is ${length} characters long but can be at most ${limit}`,
      BILL_ITEM_EXAMPLE,
    );
  }
}

function lineError(reason: string, code: 'BILL_LINE' | 'BILL_CHARGE'): CommandError {
  const usage = code === 'BILL_CHARGE' ? '+5% GST' : BILL_ITEM_EXAMPLE;
  return new CommandError(code, reason, usage);
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
