// Money as people type and read it, and the engine's exact bridge between Decimal and integer paise.
// Amounts are decimal.js Decimals, never JavaScript numbers, outside the engine; they have at most
// two decimals (paise) and at most one crore (the brief's limit).
//
// Decimal's default precision (20 significant digits) is kept on purpose: the largest sum the engine
// forms in Decimal is 1000 shares × 1,00,00,000.00 = 10^10 with two decimals, 13 digits, so every
// sum is exact; the hot paths add integer paise instead anyway (see centsOf).
import { Decimal } from 'decimal.js';
import { LedgerError } from './errors.js';

export { Decimal };

export const MAX_AMOUNT = new Decimal('10000000.00');
export const MAX_PARTICIPANTS = 1000;

// Digits with optional thousands separators, Indian (1,00,00,000) or western (1,000,000) grouping:
// a first group of 1-3 digits then groups of 3, or a first group of 1-2 digits, groups of 2, and a
// last group of 3. Anything else with commas (1,0,0 or 12,34) is refused rather than guessed.
export const GROUPED = /^(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})*,\d{3})(?:\.\d+)?$/;
const CURRENCY_PREFIX = /^(?:₹|rs\.?|inr|rupees?)\s*/i;

function clip(text: string): string {
  return text.length > 40 ? text.slice(0, 40) : text;
}

/**
 * Parses an amount as typed in a chat: `1000`, `1000.5`, `1,000.50`, `1,00,00,000`, `1,000,000`,
 * `₹1000`, `₹ 1000`, `Rs 1000`, `Rs.1000`, `INR 1000`, `1000/-`. Exponents, hex, Infinity and NaN
 * are not amounts. Throws LedgerError (details.text is what was typed).
 */
export function parseAmount(text: string): Decimal {
  const original = text.trim();
  const details = { text: clip(original) };
  let body = original.replace(CURRENCY_PREFIX, '').replace(/\/-$/, '').trim();
  // "-5", "-₹5" and "₹-5" are all someone meaning a negative amount: say so rather than "not a number".
  const negative = body.startsWith('-');
  if (negative) body = body.slice(1).replace(CURRENCY_PREFIX, '').trim();
  if (!GROUPED.test(body)) throw new LedgerError('AMOUNT_NOT_A_NUMBER', details);
  const plain = body.replace(/,/g, '');
  if ((plain.split('.')[1]?.length ?? 0) > 2) throw new LedgerError('AMOUNT_TOO_PRECISE', details);
  const value = new Decimal(plain);
  if (negative || value.isZero()) throw new LedgerError('AMOUNT_NOT_POSITIVE', details);
  if (value.gt(MAX_AMOUNT)) throw new LedgerError('AMOUNT_TOO_LARGE', details);
  return value;
}

/** Parses a percentage: `40`, `40%`, `33.33`; more than 0, at most 100, at most two decimals. */
export function parsePercent(text: string): Decimal {
  const original = text.trim();
  const details = { text: clip(original) };
  let body = original.replace(/%$/, '').trim();
  const negative = body.startsWith('-');
  if (negative) body = body.slice(1).trim();
  if (!/^\d+(?:\.\d+)?$/.test(body)) throw new LedgerError('PERCENT_NOT_A_NUMBER', details);
  if ((body.split('.')[1]?.length ?? 0) > 2) throw new LedgerError('PERCENT_TOO_PRECISE', details);
  const value = new Decimal(body);
  if (negative || value.isZero()) throw new LedgerError('PERCENT_NOT_POSITIVE', details);
  if (value.gt(100)) throw new LedgerError('PERCENT_TOO_LARGE', details);
  return value;
}

/** Most shares one person can have in a split by shares (keeps amount × weight exact in paise). */
export const MAX_WEIGHT = 1000;

/** Parses a number of shares: `2`, `1.5`; more than 0, at most MAX_WEIGHT, at most two decimals. */
export function parseWeight(text: string): Decimal {
  const original = text.trim();
  const details = { text: clip(original) };
  let body = original;
  const negative = body.startsWith('-');
  if (negative) body = body.slice(1).trim();
  if (!/^\d+(?:\.\d+)?$/.test(body)) throw new LedgerError('WEIGHT_NOT_A_NUMBER', details);
  if ((body.split('.')[1]?.length ?? 0) > 2) throw new LedgerError('WEIGHT_TOO_PRECISE', details);
  const value = new Decimal(body);
  if (negative || value.isZero()) throw new LedgerError('WEIGHT_NOT_POSITIVE', details);
  if (value.gt(MAX_WEIGHT)) throw new LedgerError('WEIGHT_TOO_LARGE', details);
  return value;
}

function group(integer: string, indian: boolean): string {
  if (integer.length <= 3) return integer;
  const last3 = integer.slice(-3);
  const rest = integer.slice(0, -3);
  const size = indian ? 2 : 3;
  const parts: string[] = [];
  for (let end = rest.length; end > 0; end -= size) parts.unshift(rest.slice(Math.max(0, end - size), end));
  return `${parts.join(',')},${last3}`;
}

// Rounds to paise first so that e.g. -0.001 prints as 0.00, not -0.00.
function split2(amount: Decimal): { negative: boolean; integer: string; fraction: string } {
  const fixed = amount.toFixed(2);
  const negative = fixed.startsWith('-') && /[1-9]/.test(fixed);
  const [integer, fraction] = fixed.replace('-', '').split('.') as [string, string];
  return { negative, integer, fraction };
}

/** `1,250.00`: two decimals, Indian lakh/crore grouping, no symbol. */
export function formatAmount(amount: Decimal): string {
  const { negative, integer, fraction } = split2(amount);
  return `${negative ? '-' : ''}${group(integer, true)}.${fraction}`;
}

/** `₹1,00,00,000.00` for INR (lakh/crore grouping); `USD 1,234.50` (western grouping) for other ISO codes. */
export function formatMoney(amount: Decimal, currency = 'INR'): string {
  const { negative, integer, fraction } = split2(amount);
  const code = currency.toUpperCase();
  const indian = code === 'INR';
  return `${negative ? '-' : ''}${indian ? '₹' : `${code} `}${group(integer, indian)}.${fraction}`;
}

/** `40`, `33.33`: a percentage without trailing zeros. */
export function formatPercent(percent: Decimal): string {
  return percent.toDecimalPlaces(2).toFixed();
}

// ---------------------------------------------------------------------------------------------
// Integer paise. Inside the engine money is summed as integer paise held in plain numbers: every
// integer below 2^53 (about 9 × 10^15) is exact in a double, an amount is at most 10^9 paise, and
// the largest sums formed (100,000 shares, or amount × hundredths of a percent = 10^13) stay far
// below that, so integer arithmetic on these numbers is exact, and an order of magnitude faster
// than Decimal arithmetic. Numbers enter only through centsOf and leave only through fromCents.

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/**
 * The value in integer paise (or hundredths of a percent), or null when it is not finite, has more
 * than two decimals, or is too large to be held exactly.
 */
export function centsOf(value: Decimal): number | null {
  // Fast path over decimal.js's documented public fields (d: base-1e7 words, most significant
  // first, the first word aligned so that e is the exponent of its leading digit; s: the sign),
  // because Decimal.toNumber() goes through a string and dominated the netting profile.
  const words = value.d;
  if (words && words.length <= 3) {
    const cents = wordsInCents(words, value.e + 3 - digitCount(words[0] as number));
    if (cents !== null) return cents === 0 ? 0 : value.s * cents;
  }
  if (!value.isFinite() || value.decimalPlaces() > 2) return null;
  const scaled = value.times(100).toNumber();
  return Number.isSafeInteger(scaled) ? scaled : null;
}

/** How many decimal digits a base-1e7 word below 10^7 has. */
function digitCount(word: number): number {
  let digits = 1;
  while (digits < 7 && word >= (POW10[digits] as number)) digits++;
  return digits;
}

/**
 * decimal.js's words as whole paise, `p` being the power of ten, in paise, of the first word's last
 * digit; null when there are digits below a paisa or the sum would not be exact (the caller then
 * decides the slow way).
 */
function wordsInCents(words: readonly number[], p: number): number | null {
  let cents = 0;
  for (let i = 0; i < words.length; i++, p -= 7) {
    const word = words[i] as number;
    if (p > 16) return null;
    if (p >= 0) {
      cents += word * (POW10[p] as number);
      continue;
    }
    const divisor = POW10[-p] as number;
    if (word % divisor !== 0) return null;
    cents += word / divisor;
  }
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Integer paise of a Decimal the caller guarantees has at most two decimals; a RangeError otherwise. */
export function toCents(value: Decimal): number {
  const cents = centsOf(value);
  if (cents === null) throw new RangeError(`not a whole number of paise: ${value.toString()}`);
  return cents;
}

/** The Decimal for integer paise. */
export function fromCents(cents: number): Decimal {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of paise: ${cents}`);
  // Built from text: much faster than Decimal division, and exact.
  const abs = Math.abs(cents);
  const paise = abs % 100;
  return new Decimal(`${cents < 0 ? '-' : ''}${(abs - paise) / 100}.${paise < 10 ? '0' : ''}${paise}`);
}
