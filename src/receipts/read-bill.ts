// PURE: the text an OCR engine read off a bill → what the bill says: its total, day, merchant, item
// lines and taxes, and whether the reading is sure. No I/O; money is Decimal.
//
// OCR text is noisy in known ways: the ₹ glyph is not in the English model, so "₹840.00" comes out
// as "2840.00", "%840.00" or "=840.00"; a decimal point can vanish ("220000" for "2200.00"); O and
// l stand in for 0 and 1. Every amount therefore has a few readings, and the bill's own arithmetic
// chooses among them: a total is *sure* only when the item lines add up to it, or the subtotal plus
// the taxes, charges and round-off between it and the total do. Anything else is *unsure*: the bot
// then asks for the amount rather than offering one it cannot vouch for.
import { Decimal } from '../ledger/index.js';

export type TaxKind = 'CGST' | 'SGST' | 'IGST' | 'GST' | 'SERVICE';

export interface BillItem {
  name: string;
  amount: Decimal;
}

export interface BillReading {
  /** The total as the bill's arithmetic confirms it, or the best guess when unsure; null: none found. */
  total: Decimal | null;
  /** 'sure': the lines add up to the total; 'unsure': a total was found but nothing confirms it. */
  confidence: 'sure' | 'unsure' | 'none';
  /** ISO day (yyyy-mm-dd) printed on the bill. */
  date: string | null;
  merchant: string | null;
  items: BillItem[];
  taxes: { kind: TaxKind; amount: Decimal }[];
}

/** Bills above this are not household bills (and not allowed as one expense: MAX_AMOUNT). */
const MAX_TOTAL = new Decimal('10000000');
/** How many lines may take part in one arithmetic check (2^n readings at most). */
const MAX_CHECKED_LINES = 24;

interface Line {
  index: number;
  text: string;
  /** The text before the last amount, cleaned. */
  label: string;
  /** Readings of the last amount on the line, the likeliest first; empty when it has none. */
  amounts: Decimal[];
}

// Total labels, strongest first. OCR forgives: o/0, l/1/I, a/@ confusions in the words.
const TOTAL_LABELS: readonly RegExp[] = [
  /gr[ao0]nd\s*t[o0]t[a@4][l1i|]/i,
  /amount\s*payable|net\s*payable|payable\s*amount/i,
  /net\s*am(?:oun)?t|net\s*total/i,
  /\bto\s*pay\b/i,
  /bill\s*(?:am(?:oun)?t|total)|total\s*(?:bill|paid|amount|payable)/i,
  /\bt[o0]t[a@4][l1i|]\b/i,
];
/** Lines that say "total" but are not the bill's total. */
const NOT_TOTAL =
  /sub\s*-?\s*t[o0]t|item\s*t[o0]t|t[o0]t[a@]l\s*(?:items?|qty|quantity|savings?|saved|disc)|taxable|tendered|change|saved|savings|discount/i;
const SUBTOTAL = /sub\s*-?\s*t[o0]t[a@4][l1i|]|item\s*t[o0]t[a@4][l1i|]|taxable\s*(?:value|amount)?/i;
const ROUND_OFF = /r[o0]und\s*(?:[o0]ff|ing)/i;
const TAX_WORDS: readonly [RegExp, TaxKind][] = [
  [/\bc\s*g\s*s\s*t\b/i, 'CGST'],
  [/\bs\s*g\s*s\s*t\b|\butgst\b/i, 'SGST'],
  [/\bi\s*g\s*s\s*t\b/i, 'IGST'],
  [/service\s*(?:charge|chrg|tax)|\bs\.?\s*c(?:hg)?\.?\b/i, 'SERVICE'],
  [/\bgst\b|\btax(?:es)?\b/i, 'GST'],
];
/** Lines between the items and the total that add to the subtotal: taxes, fees, charges. */
const CHARGE = /gst|tax|service|charge|fee|packing|delivery|tip|cess|vat|platform|surcharge/i;
/** Lines that are never item lines. */
const NOT_ITEM =
  /gstin|invoice|bill\s*no|table|date|\bdt\b|order|phone|ph\.?|mob|tel|fssai|cashier|token|items?\s*:|qty\s*:|tendered|change|saved|upi|paid via|thank|visit|signature|particulars|amount$|^item|rate|mrp|hsn/i;

/** An amount as printed: optional currency, digits with Western or Indian grouping, optional paise. */
const AMOUNT_AT_END =
  /(?:(?<![A-Za-z])(?:₹|rs\.?|inr|[%=?z£€¥F]|2(?=\s))\s*)?(-?\s*[\dOoIl][\dOoIl,]*(?:[.,][\dOo]{1,2})?)\s*(?:\/-|cr|dr)?\s*[|!\]_.,:;'"]*$/i;

export function readBill(text: string): BillReading {
  const lines = toLines(text);
  const totalLine = findTotal(lines);
  const itemLines = findItemLines(lines, totalLine);
  const taxes = findTaxes(lines, totalLine);
  const base = { date: findDate(text), merchant: findMerchant(lines), taxes };
  const confirmed = totalLine ? confirmTotal(lines, totalLine) : null;
  // Item amounts as the arithmetic chose them when the items confirmed the total; else as read.
  const items = itemLines
    .map((l, i) => ({ name: itemName(l.label), amount: confirmed?.items?.[i] ?? (l.amounts[0] as Decimal) }))
    .filter((item) => item.name.length >= 2);
  if (!totalLine) return { ...base, items, total: null, confidence: 'none' };
  if (confirmed) return { ...base, items, total: confirmed.total, confidence: 'sure' };
  return { ...base, items, total: totalLine.amounts[0] ?? null, confidence: 'unsure' };
}

function toLines(text: string): Line[] {
  return text
    .split(/\r?\n/)
    .map((raw) => raw.replace(/[\t ]+/g, ' ').trim())
    .filter((raw) => raw !== '')
    .map((raw, index) => {
      const match = AMOUNT_AT_END.exec(raw);
      if (!match || match.index === undefined) return { index, text: raw, label: raw, amounts: [] };
      const amounts = readingsOf(match[1] as string, raw.slice(match.index, match.index + match[0].length));
      const label = raw
        .slice(0, match.index)
        .replace(/[\s:=.\-|]+$/, '')
        .trim();
      return { index, text: raw, label, amounts };
    });
}

/** The readings of one printed amount, likeliest first (see the module comment). */
export function readingsOf(token: string, whole = token): Decimal[] {
  const digits = token.replace(/\s/g, '').replace(/[Oo]/g, '0').replace(/[Il]/g, '1');
  const readings: Decimal[] = [];
  const add = (text: string) => {
    const value = moneyOf(text);
    if (value && !readings.some((r) => r.eq(value))) readings.push(value);
  };
  add(digits);
  // A ₹ read as a digit: "2840.00" may be ₹840.00 (only when a currency sign was not read as such).
  if (/^[2347]\d/.test(digits) && !/^(?:₹|rs|inr)/i.test(whole.trim())) add(digits.slice(1));
  // A lost decimal point: "220000" for 2200.00.
  if (/^\d{3,}$/.test(digits)) add(`${digits.slice(0, -2)}.${digits.slice(-2)}`);
  return readings;
}

/** "1,23,456.50" / "1,234.5" / "1234,50" → Decimal; null when it is not an amount. */
function moneyOf(text: string): Decimal | null {
  let t = text.replace(/^-/, '');
  // A comma before exactly two final digits is a decimal comma (OCR often turns "." into ",").
  t = t.replace(/,(\d{1,2})$/, '.$1');
  if (!/^\d{1,3}(?:,\d{2,3})*(?:\.\d{1,2})?$|^\d+(?:\.\d{1,2})?$/.test(t)) return null;
  const value = new Decimal(t.replace(/,/g, ''));
  if (value.lte(0) || value.gt(MAX_TOTAL)) return null;
  return value;
}

function findTotal(lines: Line[]): Line | undefined {
  for (const pattern of TOTAL_LABELS) {
    // The last such line: a bill repeats its total lower down ("Amount Paid") more often than higher.
    const found = lines.filter(
      (l) => l.amounts.length > 0 && pattern.test(l.label) && !NOT_TOTAL.test(l.label),
    );
    if (found.length > 0) return found.at(-1);
  }
  return undefined;
}

interface Confirmed {
  total: Decimal;
  /** The item lines' readings that add up to the total, when they were what confirmed it. */
  items?: Decimal[];
}

/**
 * The total confirmed by the bill's arithmetic: the item lines add up to one of its readings, or
 * the subtotal and the charges after it do (round-off either way). Null when neither does.
 */
function confirmTotal(lines: Line[], totalLine: Line): Confirmed | null {
  const above = lines.slice(0, totalLine.index).filter((l) => l.amounts.length > 0);
  const subIndex = above.findLastIndex((l) => SUBTOTAL.test(l.label));
  const itemLines = above.slice(0, subIndex >= 0 ? subIndex : undefined).filter(isItemLine);
  const charges = subIndex >= 0 ? chargeReadings(above.slice(subIndex)) : [];
  for (const total of totalLine.amounts) {
    if (charges.length > 0 && reaches(charges, total)) return { total };
    const items = reaches(
      itemLines.map((l) => l.amounts),
      total,
    );
    if (items) return { total, items };
  }
  return null;
}

/**
 * The subtotal and the charges after it, each with its readings. Round-off may go either way, and
 * CGST and SGST are equal on an Indian bill, so each also takes the other's readings.
 */
function chargeReadings(fromSubtotal: Line[]): Decimal[][] {
  const parts = fromSubtotal.filter((l, i) => i === 0 || CHARGE.test(l.label) || ROUND_OFF.test(l.label));
  const halves = parts.filter((l) => /[cs]\s*g\s*s\s*t/i.test(l.label) && !/[cs]gst.*[cs]gst/i.test(l.label));
  const pooled = halves.length === 2 ? halves.flatMap((l) => l.amounts) : [];
  return parts.map((l) => {
    if (ROUND_OFF.test(l.label)) return [...l.amounts, ...l.amounts.map((a) => a.neg()), new Decimal(0)];
    return halves.includes(l) && pooled.length > 0 ? unique([...l.amounts, ...pooled]) : l.amounts;
  });
}

function unique(values: Decimal[]): Decimal[] {
  return values.filter((v, i) => values.findIndex((w) => w.eq(v)) === i);
}

/** One reading per line that adds up to exactly `target`, or null when none does. */
function reaches(lines: Decimal[][], target: Decimal): Decimal[] | null {
  if (lines.length === 0 || lines.length > MAX_CHECKED_LINES) return null;
  // Each reachable sum with the readings that reach it (the first found); sums beyond the target
  // (plus a rupee, for a negative round-off still to come) are dropped, which keeps this small.
  let sums = new Map<string, Decimal[]>([['0.00', []]]);
  for (const readings of lines) {
    const next = new Map<string, Decimal[]>();
    for (const [sum, chosen] of sums) {
      for (const r of readings) {
        const s = new Decimal(sum).plus(r);
        if (s.lte(target.plus(1)) && !next.has(s.toFixed(2))) next.set(s.toFixed(2), [...chosen, r]);
      }
    }
    if (next.size === 0) return null;
    sums = next;
  }
  return sums.get(target.toFixed(2)) ?? null;
}

function isItemLine(line: Line): boolean {
  return (
    line.amounts.length > 0 &&
    /[A-Za-z]{3,}/.test(line.label) &&
    !NOT_ITEM.test(line.label) &&
    !/(?:i?tems?|qty|quantity)\s*:/i.test(line.text) &&
    !CHARGE.test(line.label) &&
    !ROUND_OFF.test(line.label) &&
    !TOTAL_LABELS.some((p) => p.test(line.label))
  );
}

/** Item lines: named lines with an amount above the subtotal (or the total). */
function findItemLines(lines: Line[], totalLine: Line | undefined): Line[] {
  const end = totalLine?.index ?? lines.length;
  const sub = lines.slice(0, end).findIndex((l) => l.amounts.length > 0 && SUBTOTAL.test(l.label));
  return lines.slice(0, sub >= 0 ? sub : end).filter(isItemLine);
}

/** "2 x Paneer Tikka" / "Paneer Tikka 2 320.00" / "Rice 3 x 120" → "Paneer Tikka" / "Rice". */
function itemName(label: string): string {
  return label
    .replace(/^\s*\d+\s*[xX×*]\s*/, '')
    .replace(/(?:\s+[\d.,%₹xX×*@]+)+$/, '')
    .replace(/[^A-Za-z0-9()&'./\- ]/g, '')
    .trim();
}

function findTaxes(lines: Line[], totalLine: Line | undefined): BillReading['taxes'] {
  const taxes: BillReading['taxes'] = [];
  for (const line of lines.slice(0, totalLine?.index ?? lines.length)) {
    if (line.amounts.length === 0 || /gstin|taxable|summary/i.test(line.label)) continue;
    const kind = TAX_WORDS.find(([pattern]) => pattern.test(line.label))?.[1];
    if (kind) taxes.push({ kind, amount: line.amounts[0] as Decimal });
  }
  return taxes;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The first day printed: 05/12/2026, 5-12-26, 05.12.2026, 5 Dec 2026, 05-Dec-2026 (Indian order). */
export function findDate(text: string): string | null {
  const numeric = /\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})\b/g;
  const named = /\b(\d{1,2})(?:st|nd|rd|th)?[\s-]*([A-Za-z]{3})[A-Za-z]*[\s,-]*(\d{4}|\d{2})\b/g;
  const found: { at: number; iso: string }[] = [];
  for (const m of text.matchAll(numeric)) {
    const iso = isoDay(Number(m[1]), Number(m[2]), m[3] as string);
    if (iso) found.push({ at: m.index ?? 0, iso });
  }
  for (const m of text.matchAll(named)) {
    const month = MONTHS.indexOf((m[2] as string).toLowerCase()) + 1;
    const iso = month > 0 ? isoDay(Number(m[1]), month, m[3] as string) : null;
    if (iso) found.push({ at: m.index ?? 0, iso });
  }
  return found.sort((a, b) => a.at - b.at)[0]?.iso ?? null;
}

function isoDay(day: number, month: number, yearText: string): string | null {
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  if (month < 1 || month > 12 || day < 1 || year < 2000 || year > 2099) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

const NOT_MERCHANT =
  /order\s*summary|tax\s*invoice|\bamount\b|\bqty\b|\brate\b|particulars|invoice|cash\s*memo|bill\s*of\s*supply|receipt|gstin|welcome|^\W*(?:bill|date|dt|no)\b|estimate|duplicate|original/i;

/** The first line that reads as a name (the bill's header), in title case if printed in capitals. */
function findMerchant(lines: Line[]): string | null {
  for (const line of lines.slice(0, 6)) {
    const text = line.text
      .replace(/[^A-Za-z0-9&'. -]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const letters = text.replace(/[^A-Za-z]/g, '');
    if (letters.length < 4 || letters.length < text.replace(/\s/g, '').length * 0.7) continue;
    if (NOT_MERCHANT.test(text) || /\d{3,}/.test(text)) continue;
    return text === text.toUpperCase() ? titleCase(text) : text;
  }
  return null;
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
}
