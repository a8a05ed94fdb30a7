// Phase 1 of /paid: the amount. Everything amounts.ts reads, plus thousands written apart with a
// space (`2 400`, `1 50 000`): read as one number when people, a split word or nothing follows;
// before a description word (`1 500 cook salary`) it may also be ₹1 for "500 cook salary", so both
// readings are offered and the bot asks.
import { currencyPerhapsNamed, type Decimal } from '../../ledger/index.js';
import { readAmount, readMoney, typedCurrency } from '../amounts.js';
import { CommandError, fromLedger, PAID_EXAMPLES } from '../errors.js';
import { bare, isPersonLike } from '../people.js';
import { clip, type Token } from '../tokens.js';
import { amountAt } from '../values.js';
import { type Cursor, newReading, type Reading } from './cursor.js';
import { EVERYONE_WORDS, PHRASE_WORDS, SPLIT_WORDS, word } from './words.js';

/** One way to read the amount: its text and how many tokens it takes. */
export interface AmountOption {
  text: string;
  span: number;
  /** Thousands written apart, and something that is not people follows: worth asking. */
  doubtful: boolean;
}

// `500 300` is two numbers far more often than 5,00,300: only short heads join.
const GROUP_HEAD = /^\d{1,2}$/;
const GROUP = /^\d{3}$/;
const INDIAN_GROUP = /^\d{2}$/;

/** The ways the first tokens read as an amount: one, or two for thousands written apart. */
export function amountOptions(tokens: readonly Token[]): AmountOption[] {
  const first = amountAt(tokens, 0);
  if (!first) throw new CommandError('MISSING_AMOUNT', 'Write the amount first', PAID_EXAMPLES.EQUAL);
  const plain = { text: first.text, span: first.span, doubtful: false };
  const head = tokens[0];
  if (first.span !== 1 || !head || head.user || !GROUP_HEAD.test(bare(head))) return [plain];
  // `1 50 000` (Indian grouping) or `2 400 000`: groups of two then three, or of three.
  let span = 1;
  let text = bare(head);
  while (span < 4) {
    const next = tokens[span];
    const group = next && !next.user ? bare(next) : '';
    const last = tokens[span + 1];
    const fits = GROUP.test(group) || (INDIAN_GROUP.test(group) && last && GROUP.test(bare(last)));
    if (!fits || next?.raw.endsWith(',')) break;
    text += group;
    span++;
  }
  if (span === 1) return [plain];
  const joined = { text, span, doubtful: !peopleFollow(tokens, span) };
  return joined.doubtful ? [joined, plain] : [joined];
}

/** Whether what follows the grouped number is clearly not a description. */
function peopleFollow(tokens: readonly Token[], i: number): boolean {
  const next = tokens[i];
  if (!next) return true;
  if (isPersonLike(next)) return true;
  const w = word(next);
  return SPLIT_WORDS[w] !== undefined || EVERYONE_WORDS.has(w) || PHRASE_WORDS[w] !== undefined;
}

/** Reads the chosen amount, moving the cursor past it (and past `bucks`, which is asked about). */
export function readAmountPhase(c: Cursor, option: AmountOption): Reading {
  let amount: Decimal | undefined;
  let typed: string | undefined;
  let currency: string | undefined;
  try {
    const read = readMoney(option.text);
    amount = read.value;
    currency = read.currency;
    // A foreign amount is echoed in its own currency anyway.
    if (!read.plain && currency === undefined) typed = clip(option.text);
  } catch (error) {
    fromLedger(error, 'BAD_AMOUNT', PAID_EXAMPLES.EQUAL);
  }
  const reading = newReading(amount);
  if (typed !== undefined) reading.amountTyped = typed;
  if (currency !== undefined) reading.currency = currency;
  c.i = option.span;
  return reading;
}

/** `500 bucks`: the word, and the currency it may stand for (rupees, as often as not). */
export function perhapsCurrency(c: Cursor, reading: Reading): string | null {
  const token = c.tokens[c.i];
  if (!token || token.user || reading.currency !== undefined) return null;
  const code = currencyPerhapsNamed(bare(token));
  if (code !== null) c.i++;
  return code;
}

/**
 * An amount typed beside a person (an exact share, what a payer paid), read in the expense's
 * currency with its rules; `otherCurrency` when it names another one (each caller refuses that in
 * its own words). Bad numbers throw the ledger's error.
 */
export function amountInExpenseCurrency(r: Reading, text: string): Decimal | { otherCurrency: string } {
  const written = typedCurrency(text);
  if (written !== undefined && written !== (r.currency ?? 'INR')) return { otherCurrency: written };
  if (r.currency === undefined) return readAmount(text).value;
  return readMoney(written === undefined ? `${r.currency} ${text}` : text).value;
}
