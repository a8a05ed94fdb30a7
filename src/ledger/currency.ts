// Other currencies, offline: ISO 4217 codes and their minor units, exchange rates as people type
// them, and the conversion of a foreign amount (and of exact shares typed in it) into the group's
// currency. The ledger itself stays in the group's currency with two decimals; an expense keeps
// what was typed (amount, currency, rate) beside it, frozen.
//
// Rounding: original × rate is rounded HALF-EVEN to the paisa (banker's rounding: a value exactly
// half-way goes to the even paisa, so over many conversions the half-paise do not all drift up).
// Exact shares typed in the foreign currency are converted share by share and then apportioned by
// largest remainder against the rounded total, so they add up to it exactly, each within a paisa of
// its own exact conversion. Everything is computed in a Decimal of 60 significant digits: the
// largest product (10^12 units with 3 decimals × a rate of 12 significant digits) is exact there.
import { Decimal } from 'decimal.js';
import { LedgerError } from './errors.js';
import { formatAmount, MAX_AMOUNT } from './money.js';

/** Decimal with room for exact products of foreign amounts and rates (the default 20 is not). */
const Wide = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });

/**
 * Minor units of the ISO 4217 currencies a person may type. Most have 2; those with 0 (yen, won,
 * dong, ...) take whole units only, and those with 3 (the dinars of Bahrain, Iraq, Jordan, Kuwait,
 * Libya, Tunisia, and the Omani rial) take three decimals. Only codes listed here are read, so a
 * word such as `and` or `for` after a number is never mistaken for a currency.
 */
export const MINOR_UNITS: Readonly<Record<string, number>> = {
  AED: 2,
  AFN: 2,
  ALL: 2,
  AMD: 2,
  ANG: 2,
  AOA: 2,
  ARS: 2,
  AUD: 2,
  AWG: 2,
  AZN: 2,
  BAM: 2,
  BBD: 2,
  BDT: 2,
  BGN: 2,
  BHD: 3,
  BIF: 0,
  BMD: 2,
  BND: 2,
  BOB: 2,
  BRL: 2,
  BSD: 2,
  BTN: 2,
  BWP: 2,
  BYN: 2,
  BZD: 2,
  CAD: 2,
  CDF: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  COP: 2,
  CRC: 2,
  CUP: 2,
  CVE: 2,
  CZK: 2,
  DJF: 0,
  DKK: 2,
  DOP: 2,
  DZD: 2,
  EGP: 2,
  ETB: 2,
  EUR: 2,
  FJD: 2,
  GBP: 2,
  GEL: 2,
  GHS: 2,
  GMD: 2,
  GNF: 0,
  GTQ: 2,
  HKD: 2,
  HNL: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  IQD: 3,
  IRR: 2,
  ISK: 0,
  JMD: 2,
  JOD: 3,
  JPY: 0,
  KES: 2,
  KGS: 2,
  KHR: 2,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  KYD: 2,
  KZT: 2,
  LAK: 2,
  LBP: 2,
  LKR: 2,
  LYD: 3,
  MAD: 2,
  MDL: 2,
  MGA: 2,
  MKD: 2,
  MMK: 2,
  MNT: 2,
  MOP: 2,
  MUR: 2,
  MVR: 2,
  MWK: 2,
  MXN: 2,
  MYR: 2,
  MZN: 2,
  NAD: 2,
  NGN: 2,
  NIO: 2,
  NOK: 2,
  NPR: 2,
  NZD: 2,
  OMR: 3,
  PAB: 2,
  PEN: 2,
  PGK: 2,
  PHP: 2,
  PKR: 2,
  PLN: 2,
  PYG: 0,
  QAR: 2,
  RON: 2,
  RSD: 2,
  RUB: 2,
  RWF: 0,
  SAR: 2,
  SCR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TTD: 2,
  TWD: 2,
  TZS: 2,
  UAH: 2,
  UGX: 0,
  USD: 2,
  UYU: 2,
  UZS: 2,
  VES: 2,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  YER: 2,
  ZAR: 2,
  ZMW: 2,
};

/** Symbols people type before (or after) an amount, and the currency each stands for. */
export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  '₹': 'INR',
  $: 'USD',
  US$: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₩': 'KRW',
  '₫': 'VND',
  '฿': 'THB',
  '₱': 'PHP',
  '₨': 'PKR',
  '৳': 'BDT',
  '₪': 'ILS',
  '₺': 'TRY',
  '₽': 'RUB',
  A$: 'AUD',
  C$: 'CAD',
  S$: 'SGD',
  HK$: 'HKD',
  NZ$: 'NZD',
};

/** The currencies a group may keep its ledger in: the ledger holds two decimals. */
export function isLedgerCurrency(code: string): boolean {
  return MINOR_UNITS[code] === 2;
}

export function isCurrencyCode(code: string): boolean {
  return MINOR_UNITS[code.toUpperCase()] !== undefined;
}

/** Minor units of a known code (2 for anything unknown, which the parser never produces). */
export function minorUnits(code: string): number {
  return MINOR_UNITS[code.toUpperCase()] ?? 2;
}

/** The largest foreign amount read: a trillion units (a crore of rupees is about 3 × 10^12 dong). */
export const MAX_FOREIGN_AMOUNT = new Decimal('1000000000000');
/** Rates are positive, at most a million, with at most 10 decimals and 12 significant digits. */
export const MAX_RATE = new Decimal('1000000');
export const RATE_DECIMALS = 10;
export const RATE_DIGITS = 12;

function clip(text: string): string {
  return text.length > 40 ? text.slice(0, 40) : text;
}

/**
 * Checks an amount typed in `currency`: positive, no more decimals than its minor units, at most
 * MAX_FOREIGN_AMOUNT. Throws LedgerError with the currency in its details (the sentence says so).
 */
export function checkForeignAmount(value: Decimal, currency: string, typed: string): Decimal {
  const details = { text: clip(typed), currency, decimals: String(minorUnits(currency)) };
  if (!value.isFinite()) throw new LedgerError('AMOUNT_NOT_A_NUMBER', details);
  if (value.lte(0)) throw new LedgerError('AMOUNT_NOT_POSITIVE', details);
  if (value.decimalPlaces() > minorUnits(currency))
    throw new LedgerError('FOREIGN_AMOUNT_TOO_PRECISE', details);
  if (value.gt(MAX_FOREIGN_AMOUNT)) throw new LedgerError('FOREIGN_AMOUNT_TOO_LARGE', details);
  return value;
}

/** Parses a rate as typed: `83.20`, `0.0031`, `1,234.5`; more than zero, bounded (see MAX_RATE). */
export function parseRate(text: string): Decimal {
  const original = text.trim();
  const details = { text: clip(original) };
  const body = original.replace(/,/g, '');
  if (!/^\d*\.?\d+$/.test(body) && !/^\d+\.$/.test(body)) throw new LedgerError('RATE_NOT_A_NUMBER', details);
  const value = new Decimal(body);
  if (value.isZero()) throw new LedgerError('RATE_NOT_POSITIVE', details);
  if (value.decimalPlaces() > RATE_DECIMALS || value.precision(true) > RATE_DIGITS)
    throw new LedgerError('RATE_TOO_PRECISE', details);
  if (value.gt(MAX_RATE)) throw new LedgerError('RATE_TOO_LARGE', details);
  return value;
}

/** `83.2`: a rate without trailing zeros (never in exponent notation). */
export function formatRate(rate: Decimal): string {
  return rate.toFixed();
}

/**
 * `USD 45.00`, `JPY 4,500`, `BHD 1.250`: an amount in its own currency's minor units, western
 * grouping, with the ISO code (INR amounts are shown by formatMoney with ₹ instead).
 */
export function formatForeign(amount: Decimal, currency: string): string {
  const fixed = amount.toFixed(minorUnits(currency));
  const negative = fixed.startsWith('-');
  const [integer = '0', fraction] = fixed.replace('-', '').split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${currency} ${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** original × rate, rounded half-even to two decimals (the group currency's minor unit). */
export function convertAmount(original: Decimal, rate: Decimal): Decimal {
  const exact = new Wide(original.toFixed()).times(new Wide(rate.toFixed()));
  return new Decimal(exact.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2));
}

/**
 * Converts a foreign amount to the group's currency, refusing a result the ledger cannot hold:
 * zero (less than half a paisa) or above one crore.
 */
export function convertExpense(original: Decimal, currency: string, rate: Decimal): Decimal {
  const converted = convertAmount(original, rate);
  const details = {
    original: formatForeign(original, currency),
    rate: formatRate(rate),
    converted: formatAmount(converted),
  };
  if (converted.lte(0)) throw new LedgerError('CONVERTED_TOO_SMALL', details);
  if (converted.gt(MAX_AMOUNT)) throw new LedgerError('CONVERTED_TOO_LARGE', details);
  return converted;
}

/**
 * Exact shares typed in the foreign currency, converted so that they add up to `total` (the
 * converted amount): each share's exact conversion rounded down to the paisa, and the paise left
 * over given one each to the largest remainders (ties to the earlier share). A share that would
 * come to zero is refused.
 */
export function convertShares<Id>(
  shares: readonly { participant: Id; amount: Decimal }[],
  rate: Decimal,
  total: Decimal,
): { participant: Id; share: Decimal }[] {
  const wideRate = new Wide(rate.toFixed());
  const exact = shares.map((s) => new Wide(s.amount.toFixed()).times(wideRate).times(100));
  const floors = exact.map((e) => e.floor());
  const remainders = exact.map((e, i) => e.minus(floors[i] as Decimal));
  let leftover = new Wide(total.toFixed(2))
    .times(100)
    .minus(floors.reduce((a, b) => a.plus(b), new Wide(0)))
    .toNumber();
  const cents = floors.map((f) => f.toNumber());
  const order = shares
    .map((_, i) => i)
    .sort((a, b) => (remainders[b] as Decimal).comparedTo(remainders[a] as Decimal) || a - b);
  // Leftover is within [0, n] when the shares add up to the original (see the header); a mismatch
  // is refused by the split engine against the original amount before this runs.
  for (let k = 0; leftover > 0 && k < order.length; k++, leftover--) {
    const i = order[k] as number;
    cents[i] = (cents[i] as number) + 1;
  }
  return shares.map((s, i) => {
    const c = cents[i] as number;
    if (c <= 0) {
      throw new LedgerError('SHARE_NOT_POSITIVE', { participant: String(s.participant) });
    }
    return { participant: s.participant, share: new Decimal(c).dividedBy(100) };
  });
}
