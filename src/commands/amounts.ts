// Amounts as people type them in a chat, beyond the plain forms the ledger reads: `1.5k`, `12K`,
// `2.5L`, `1 lakh`, `1cr`, sums such as `250+180+90`, and digits of Indian scripts (`५००`). Each
// is turned into an exact Decimal (never a JavaScript number) and then held to the ledger's rules:
// more than zero, at most two decimals, at most one crore. Refusals are the ledger's own sentences,
// quoting what was typed.
import { Decimal, LedgerError, MAX_AMOUNT, parseAmount } from '../ledger/index.js';

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
