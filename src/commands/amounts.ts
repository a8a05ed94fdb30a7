// Amounts as people type them in a chat, beyond the plain forms the ledger reads: `1.5k`, `12K`,
// `2.5L`, `1 lakh`, `1cr`, sums such as `250+180+90`, and digits of Indian scripts (`५००`). Each
// is turned into an exact Decimal (never a JavaScript number) and then held to the ledger's rules:
// more than zero, at most two decimals, at most one crore. Refusals are the ledger's own sentences,
// quoting what was typed.
import {
  CURRENCY_NAMES,
  CURRENCY_SYMBOLS,
  checkForeignAmount,
  currencyNamed,
  Decimal,
  GROUPED,
  isCurrencyCode,
  LedgerError,
  MAX_AMOUNT,
  parseAmount,
} from '../ledger/index.js';

/** A money value read from a command, and whether it was written in a form worth echoing back. */
export interface ReadAmount {
  value: Decimal;
  /** False for shorthand, sums and non-ASCII digits: the confirmation then shows what was typed. */
  plain: boolean;
}

const MULTIPLIERS: Readonly<Record<string, string>> = {
  k: '1000',
  thousand: '1000',
  l: '100000',
  lakh: '100000',
  lakhs: '100000',
  lac: '100000',
  lacs: '100000',
  cr: '10000000',
  crore: '10000000',
  crores: '10000000',
};

/** Multiplier words that may stand apart from their number (`1 lakh`); a lone `l` or `k` may not. */
export const MULTIPLIER_WORD = /^(?:k|thousand|lakhs?|lacs?|cr|crores?)$/i;

// The zero of each script's decimal digits (Arabic-Indic, Devanagari, Bengali, Gurmukhi, Gujarati,
// Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala, Thai, Lao, Tibetan, Myanmar, fullwidth).
const ZEROS = [
  0x0660, 0x06f0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6, 0x0e50,
  0x0ed0, 0x0f20, 0x1040, 0xff10,
];

/** The text with digits of other scripts replaced by ASCII digits (everything else unchanged). */
export function asciiDigits(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    const zero = code > 0x7f ? ZEROS.find((z) => code >= z && code <= z + 9) : undefined;
    out += zero === undefined ? char : String(code - zero);
  }
  return out;
}

const CURRENCY = /^(?:₹|rs\.?|inr|rupees?)\s*/i;
const SHORTHAND = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i;

function clip(text: string): string {
  return text.length > 40 ? text.slice(0, 40) : text;
}

/** One term of a sum: a plain amount (the ledger's forms) or a number with a multiplier. */
function term(text: string, typed: string): { value: Decimal; shorthand: boolean } {
  const details = { text: clip(typed) };
  const body = text.replace(CURRENCY, '').replace(/\/-$/, '').trim();
  const short = SHORTHAND.exec(body);
  const multiplier = short ? MULTIPLIERS[(short[2] as string).toLowerCase()] : undefined;
  if (!short || multiplier === undefined) {
    try {
      return { value: parseAmount(text), shorthand: false };
    } catch (error) {
      if (error instanceof LedgerError) throw new LedgerError(error.code, { ...error.details, ...details });
      throw error;
    }
  }
  const [whole = '', fraction = ''] = (short[1] as string).split('.');
  // Bounded before multiplying, so the product is exact within Decimal's 20 significant digits.
  if (fraction.length > 2 + multiplier.length - 1) throw new LedgerError('AMOUNT_TOO_PRECISE', details);
  if (whole.replace(/^0+/, '').length > 8) throw new LedgerError('AMOUNT_TOO_LARGE', details);
  const value = new Decimal(short[1] as string).times(multiplier);
  if (value.isZero()) throw new LedgerError('AMOUNT_NOT_POSITIVE', details);
  if (value.decimalPlaces() > 2) throw new LedgerError('AMOUNT_TOO_PRECISE', details);
  if (value.gt(MAX_AMOUNT)) throw new LedgerError('AMOUNT_TOO_LARGE', details);
  return { value, shorthand: true };
}

/**
 * Reads an amount: everything parseAmount reads, plus shorthand (`1.5k`, `2.5L`, `1 lakh`, `1cr`),
 * sums of such terms (`250+180+90`, `₹250 + ₹180`) and other scripts' digits. Throws LedgerError
 * quoting the typed text.
 */
export function readAmount(text: string): ReadAmount {
  const typed = text.replace(/\s+/g, ' ').trim();
  const ascii = asciiDigits(typed);
  const terms = ascii.split(/\s*\+\s*/);
  // A leading plus ("+500") is a sign, which the ledger refuses as it always did.
  const isSum = terms.length > 1 && !ascii.startsWith('+');
  let total = new Decimal(0);
  let shorthand = false;
  for (const part of isSum ? terms : [ascii]) {
    if (part === '') throw new LedgerError('AMOUNT_NOT_A_NUMBER', { text: clip(typed) });
    const read = term(part, typed);
    total = total.plus(read.value);
    shorthand ||= read.shorthand;
  }
  if (total.gt(MAX_AMOUNT)) throw new LedgerError('AMOUNT_TOO_LARGE', { text: clip(typed) });
  return { value: total, plain: !isSum && !shorthand && ascii === typed };
}

/** The Decimal of `readAmount`, for callers that do not echo the typed form. */
export function parseMoney(text: string): Decimal {
  return readAmount(text).value;
}

// ---------------------------------------------------------------------------------------------
// Amounts in other currencies: `45 USD`, `USD 45`, `$45`, `€20`, `45usd`, `US$45`, `¥4500`. The
// rupee's own forms (₹, Rs, INR, rupees) stay the group's own amount, read above. A three-letter
// code counts in any letter case when it is a common one that is no English word (usd, eur, ...);
// any other ISO code only in capitals (`BOB`, `MAD`, `TRY`, where "bob" may be a name), and `ALL`
// (the lek) never, because it is the word for everyone.

/** Codes read in any letter case. */
const COMMON_CODES = new Set([
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'AED',
  'SGD',
  'THB',
  'AUD',
  'CAD',
  'CHF',
  'CNY',
  'HKD',
  'NZD',
  'MYR',
  'IDR',
  'LKR',
  'NPR',
  'BDT',
  'KRW',
  'VND',
  'SAR',
  'QAR',
  'KWD',
  'OMR',
  'BHD',
  'ZAR',
  'SEK',
  'NOK',
  'DKK',
  'PHP',
  'PKR',
  'MVR',
  'BTN',
  'EGP',
  'KES',
  'TWD',
  'JOD',
  'IQD',
  'TND',
  'LYD',
  'ISK',
  'CLP',
]);
const RUPEE = /^(?:₹|rs\.?|inr|rupees?)$/i;
const SYMBOLS = Object.keys(CURRENCY_SYMBOLS)
  .filter((s) => s !== '₹')
  .sort((a, b) => b.length - a.length)
  .map((s) => s.replace(/\$/g, '\\$'))
  .join('|');
// Currency names in words (`dollars`, `nrs`), from the one table, longest first.
const WORDS = CURRENCY_NAMES.filter((c) => c.code !== 'INR')
  .flatMap((c) => c.words)
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/\./g, '\\.'))
  .join('|');
const FOREIGN_PREFIX = new RegExp(`^(${SYMBOLS}|${WORDS}|[A-Za-z]{3})\\s*(?=[-+.,]?\\d)`, 'i');
const FOREIGN_SUFFIX = new RegExp(`(?<=\\d)\\s*(${SYMBOLS}|${WORDS}|[A-Za-z]{3})$`, 'i');

/** The currency a word names (`USD`, `usd`, `$`, `€`, `₹`), or null. Rupee words give INR. */
export function currencyOf(word: string): string | null {
  if (RUPEE.test(word)) return 'INR';
  const named = currencyNamed(word);
  if (named !== null) return named;
  const symbol = CURRENCY_SYMBOLS[word.toUpperCase()] ?? CURRENCY_SYMBOLS[word];
  if (symbol !== undefined) return symbol;
  if (!/^[A-Za-z]{3}$/.test(word)) return null;
  const code = word.toUpperCase();
  if (code === 'ALL' || !isCurrencyCode(code)) return null;
  return word === code || COMMON_CODES.has(code) ? code : null;
}

/** A foreign currency written before or after one term, and the term without it. */
function foreignPart(term: string): { currency: string; body: string } | null {
  const prefix = FOREIGN_PREFIX.exec(term);
  if (prefix) {
    const currency = currencyOf(prefix[1] as string);
    if (currency && currency !== 'INR') return { currency, body: term.slice(prefix[0].length).trim() };
  }
  const suffix = FOREIGN_SUFFIX.exec(term);
  if (suffix) {
    const currency = currencyOf(suffix[1] as string);
    if (currency && currency !== 'INR') return { currency, body: term.slice(0, suffix.index).trim() };
  }
  return null;
}

/** The currency written with an amount (`$20` USD, `₹20` INR), or undefined for a bare number. */
export function typedCurrency(text: string): string | undefined {
  const ascii = asciiDigits(text.replace(/\s+/g, ' ').trim());
  for (const term of ascii.split(/\s*\+\s*/)) {
    const foreign = foreignPart(term);
    if (foreign) return foreign.currency;
    if (/^(?:₹|rs\.?|inr|rupees?)\s*|(?<=\d)\s*(?:₹|rs\.?|inr|rupees?)$|\/-$/i.test(term)) return 'INR';
  }
  return undefined;
}

/** A money value read from a command, with the foreign currency it was written in (if any). */
export interface ReadMoney extends ReadAmount {
  /** The ISO code of another currency (`USD`); absent for the group's own (bare numbers, ₹, Rs). */
  currency?: string;
}

/** One term of a foreign amount: a plain number (grouped digits) or one with a multiplier. */
function foreignTerm(body: string, typed: string): { value: Decimal; shorthand: boolean } {
  const details = { text: clip(typed) };
  if (body.startsWith('-')) throw new LedgerError('AMOUNT_NOT_POSITIVE', details);
  const short = SHORTHAND.exec(body);
  const multiplier = short ? MULTIPLIERS[(short[2] as string).toLowerCase()] : undefined;
  if (short && multiplier !== undefined) {
    if ((short[1] as string).replace(/\D/g, '').length > 15)
      throw new LedgerError('AMOUNT_TOO_LARGE', details);
    return { value: new Decimal(short[1] as string).times(multiplier), shorthand: true };
  }
  if (!GROUPED.test(body) || body.replace(/\D/g, '').length > 18) {
    throw new LedgerError('AMOUNT_NOT_A_NUMBER', details);
  }
  return { value: new Decimal(body.replace(/,/g, '')), shorthand: false };
}

/**
 * Reads an amount that may be in another currency: what readAmount reads (the group's own), or a
 * number with a foreign code or symbol before or after it (each term of a sum may carry it, all the
 * same). A foreign amount keeps that currency's minor units (JPY none, BHD three) and may go up to
 * MAX_FOREIGN_AMOUNT; the group's limits apply after conversion. Throws LedgerError.
 */
export function readMoney(text: string): ReadMoney {
  const typed = text.replace(/\s+/g, ' ').trim();
  const ascii = asciiDigits(typed);
  const terms = ascii.split(/\s*\+\s*/);
  const isSum = terms.length > 1 && !ascii.startsWith('+');
  const parts = (isSum ? terms : [ascii]).map((t) => ({ term: t, foreign: foreignPart(t) }));
  const currencies = new Set(parts.flatMap((p) => (p.foreign ? [p.foreign.currency] : [])));
  if (currencies.size === 0) return readAmount(text);
  const currency = [...currencies][0] as string;
  if (currencies.size > 1 || parts.some((p) => p.foreign === null && /[^\d.,\s]/.test(p.term))) {
    throw new LedgerError('MIXED_CURRENCIES', { text: clip(typed) });
  }
  let total = new Decimal(0);
  let shorthand = false;
  for (const part of parts) {
    const body = part.foreign ? part.foreign.body : part.term;
    if (body === '') throw new LedgerError('AMOUNT_NOT_A_NUMBER', { text: clip(typed) });
    const read = foreignTerm(body, typed);
    total = total.plus(read.value);
    shorthand ||= read.shorthand;
  }
  checkForeignAmount(total, currency, typed);
  return { value: total, plain: !isSum && !shorthand, currency };
}
