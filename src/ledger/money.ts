// Money as people type and read it. Amounts are decimal.js Decimals, never JavaScript numbers;
// they have at most two decimals (paise) and at most one crore (the brief's limit).
import { Decimal } from 'decimal.js';
import { LedgerError } from './errors.js';

export { Decimal };

export const MAX_AMOUNT = new Decimal('10000000.00');
export const MAX_PARTICIPANTS = 1000;

// Digits with optional thousands separators, Indian (1,00,00,000) or western (1,000,000) grouping.
const GROUPED = /^(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})*,\d{3})(?:\.\d+)?$/;
const CURRENCY_PREFIX = /^(?:₹|rs\.?|inr|rupees?)\s*/i;

/** Parses an amount as typed in a chat: `1000`, `1,000.50`, `1,00,00,000`, `₹1000`, `Rs 1000`, `INR 1000`, `1000/-`. */
export function parseAmount(text: string): Decimal {
  const original = text.trim();
  let body = original.replace(CURRENCY_PREFIX, '').replace(/\/-$/, '').trim();
  const negative = body.startsWith('-');
  if (negative) body = body.slice(1).replace(CURRENCY_PREFIX, '').trim();
  if (!GROUPED.test(body)) throw new LedgerError('AMOUNT_NOT_A_NUMBER', { text: original.slice(0, 40) });
  const plain = body.replace(/,/g, '');
  const decimals = plain.split('.')[1]?.length ?? 0;
  if (decimals > 2) throw new LedgerError('AMOUNT_TOO_PRECISE', { text: original.slice(0, 40) });
  const value = new Decimal(plain);
  if (negative || value.isZero())
    throw new LedgerError('AMOUNT_NOT_POSITIVE', { text: original.slice(0, 40) });
  if (value.gt(MAX_AMOUNT)) throw new LedgerError('AMOUNT_TOO_LARGE', { text: original.slice(0, 40) });
  return value;
}

/** Parses a percentage: `40`, `40%`, `33.33`; more than 0, at most 100, at most two decimals. */
export function parsePercent(text: string): Decimal {
  const original = text.trim();
  let body = original.replace(/%$/, '').trim();
  const negative = body.startsWith('-');
  if (negative) body = body.slice(1);
  if (!/^\d+(?:\.\d+)?$/.test(body))
    throw new LedgerError('PERCENT_NOT_A_NUMBER', { text: original.slice(0, 40) });
  if ((body.split('.')[1]?.length ?? 0) > 2) throw new LedgerError('PERCENT_TOO_PRECISE', { text: original });
  const value = new Decimal(body);
  if (negative || value.isZero()) throw new LedgerError('PERCENT_NOT_POSITIVE', { text: original });
  if (value.gt(100)) throw new LedgerError('PERCENT_TOO_LARGE', { text: original });
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

/** `1,250.00`: two decimals, Indian lakh/crore grouping, no symbol. */
export function formatAmount(amount: Decimal): string {
  const [integer, fraction] = amount.abs().toFixed(2).split('.') as [string, string];
  return `${amount.isNegative() && !amount.isZero() ? '-' : ''}${group(integer, true)}.${fraction}`;
}

/** `₹1,00,00,000.00` for INR (lakh/crore grouping); `USD 1,234.50` for other ISO codes. */
export function formatMoney(amount: Decimal, currency = 'INR'): string {
  const negative = amount.isNegative() && !amount.isZero();
  const [integer, fraction] = amount.abs().toFixed(2).split('.') as [string, string];
  const indian = currency === 'INR';
  const digits = `${group(integer, indian)}.${fraction}`;
  return `${negative ? '-' : ''}${indian ? '₹' : `${currency} `}${digits}`;
}

/** `40`, `33.33`: a percentage without trailing zeros. */
export function formatPercent(percent: Decimal): string {
  return percent.toDecimalPlaces(2).toString();
}
