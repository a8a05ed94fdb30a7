// /summary [month] | /summary auto on|off, and /category <id> [category]: what to show or change.
// Months are read as people write them (`oct`, `October 2026`, `2026-10`, `10/2026`, `last`, `this`)
// and resolved against today's date in the group's time zone, which the caller passes (the bot's
// injectable clock), so "last month" is testable. A month without a year is the latest one not after
// this month. Pure: Intl gives the calendar day in a time zone.
import { CATEGORY_KEYS, CATEGORY_LABELS, type Category, readCategory } from './categories.js';
import { MONTHS } from './dates.js';
import { CommandError } from './errors.js';
import { longMonthName } from './months.js';
import { clip, tokenize } from './tokens.js';
import type { CommandInput } from './types.js';

export const SUMMARY_EXAMPLE = '/summary oct';
export const CATEGORY_EXAMPLE = '/category 12 groceries';

/** A calendar month: `2026-10` is { year: 2026, month: 10 }. */
export interface Month {
  year: number;
  month: number;
}

export type SummaryIntent =
  | { kind: 'show'; month: MonthSpec }
  | { kind: 'auto'; on: boolean }
  | { kind: 'auto-status' };

/** A month as typed, before today is known. */
export type MonthSpec = { kind: 'this' } | { kind: 'last' } | { kind: 'named'; month: number; year?: number };

function refuse(text: string): never {
  throw new CommandError(
    'BAD_MONTH',
    `I can't read "${text}" as a month: write /summary (this month), /summary last, /summary oct or /summary 2026-10`,
    SUMMARY_EXAMPLE,
    { text },
    `I can't read "${text}" as a month: write /summary (this month), /summary last, /summary oct or /summary 2026-10.`,
  );
}

function year(text: string): number | null {
  return /^(?:19|20)\d{2}$/.test(text) ? Number(text) : null;
}

export function parseSummary(input: CommandInput): SummaryIntent {
  const words = tokenize(input).map((t) => (t.user ? '\u0000' : t.text.toLowerCase().replace(/[.,]$/, '')));
  if (words.length === 0) return { kind: 'show', month: { kind: 'this' } };
  if (words[0] === 'auto') return parseAuto(words);
  const month = relativeMonth(words) ?? numberedMonth(words) ?? namedMonth(words);
  return month ? { kind: 'show', month } : refuse(clip(words.join(' ')));
}

const AUTO_HINT =
  'Write /summary auto on to have last month summed up here on the 1st, or /summary auto off to stop it';

/** `/summary auto`, `/summary auto on|off`. */
function parseAuto(words: readonly string[]): SummaryIntent {
  if (words.length === 1) return { kind: 'auto-status' };
  if (words.length === 2 && (words[1] === 'on' || words[1] === 'off'))
    return { kind: 'auto', on: words[1] === 'on' };
  throw new CommandError('BAD_SUMMARY_AUTO', AUTO_HINT, '/summary auto on', {}, `${AUTO_HINT}.`);
}

const RELATIVE_MONTHS: Readonly<Record<string, MonthSpec>> = {
  last: { kind: 'last' },
  previous: { kind: 'last' },
  prev: { kind: 'last' },
  'last month': { kind: 'last' },
  this: { kind: 'this' },
  now: { kind: 'this' },
  current: { kind: 'this' },
  'this month': { kind: 'this' },
};

/** `last`, `last month`, `this`, `this month`, … */
function relativeMonth(words: readonly string[]): MonthSpec | null {
  return words.length <= 2 ? (RELATIVE_MONTHS[words.join(' ')] ?? null) : null;
}

/** `2026-10`, `10/2026`, `10-2026`; a month number out of range is refused. */
function numberedMonth(words: readonly string[]): MonthSpec | null {
  const [first = ''] = words;
  const iso = /^(\d{4})-(\d{1,2})$/.exec(first);
  const slashed = /^(\d{1,2})[/-](\d{4})$/.exec(first);
  if (words.length !== 1 || !(iso || slashed)) return null;
  const y = Number(iso ? iso[1] : slashed?.[2]);
  const m = Number(iso ? iso[2] : slashed?.[1]);
  if (m >= 1 && m <= 12 && year(String(y)) !== null) return { kind: 'named', month: m, year: y };
  return refuse(clip(words.join(' ')));
}

/** `oct`, `october 2026`, `2026 oct`. */
function namedMonth(words: readonly string[]): MonthSpec | null {
  const [first = '', second] = words;
  const named = MONTHS[first];
  if (named !== undefined && words.length === 1) return { kind: 'named', month: named };
  const typedYear = second === undefined ? null : year(second);
  if (named !== undefined && words.length === 2 && typedYear !== null)
    return { kind: 'named', month: named, year: typedYear };
  const after = second === undefined ? undefined : MONTHS[second];
  const leadingYear = year(first);
  if (after !== undefined && words.length === 2 && leadingYear !== null)
    return { kind: 'named', month: after, year: leadingYear };
  return null;
}

/** Today's calendar date in a time zone (an IANA name such as Asia/Kolkata). */
export function todayIn(now: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

export function previousMonth(month: Month): Month {
  return month.month === 1
    ? { year: month.year - 1, month: 12 }
    : { year: month.year, month: month.month - 1 };
}

export function nextMonth(month: Month): Month {
  return month.month === 12
    ? { year: month.year + 1, month: 1 }
    : { year: month.year, month: month.month + 1 };
}

/** `2026-10` */
export function monthKey(month: Month): string {
  return `${month.year}-${String(month.month).padStart(2, '0')}`;
}

/** `October 2026` */
export function monthName(month: Month): string {
  return `${longMonthName(month.month)} ${month.year}`;
}

/**
 * The month a spec means today in the time zone: `this` is the current month, `last` the one before,
 * a month without a year the latest one not after this month. A month that has not begun is refused.
 */
export function resolveMonth(spec: MonthSpec, now: Date, timeZone: string): Month {
  const today = todayIn(now, timeZone);
  const current = { year: today.year, month: today.month };
  if (spec.kind === 'this') return current;
  if (spec.kind === 'last') return previousMonth(current);
  if (spec.year === undefined)
    return { year: spec.month > current.month ? current.year - 1 : current.year, month: spec.month };
  const asked = { year: spec.year, month: spec.month };
  if (asked.year > current.year || (asked.year === current.year && asked.month > current.month)) {
    throw new CommandError(
      'FUTURE_MONTH',
      `${monthName(asked)} has not begun yet, so there is nothing to sum up; try /summary or /summary last`,
      SUMMARY_EXAMPLE,
      { month: monthKey(asked) },
      `${monthName(asked)} has not begun yet, so there is nothing to sum up; try /summary or /summary last.`,
    );
  }
  return asked;
}

export type CategoryIntent = { expenseId: number; category?: Category };

/** `/category 12` (show it, with the buttons to change it) or `/category 12 groceries`. */
export function parseCategory(input: CommandInput): CategoryIntent {
  const tokens = tokenize(input);
  const [first, ...rest] = tokens;
  const id = first && !first.user ? /^#?(\d{1,9})$/.exec(first.text) : null;
  if (!id) {
    const typed = clip(tokens.map((t) => t.raw).join(' '));
    throw new CommandError(
      'BAD_EXPENSE_ID',
      typed ? `${typed} is not an expense number` : 'Give the number of the expense and its category',
      CATEGORY_EXAMPLE,
      { text: typed },
    );
  }
  const expenseId = Number(id[1]);
  if (rest.length === 0) return { expenseId };
  const text = rest.map((t) => t.raw).join(' ');
  const category = readCategory(text);
  if (category === null) {
    const names = CATEGORY_KEYS.map((key) => CATEGORY_LABELS[key].replace(/^\S+\s/, '').toLowerCase());
    throw new CommandError(
      'BAD_CATEGORY',
      `I don't know the category "${clip(text)}": use one of ${names.join(', ')}`,
      CATEGORY_EXAMPLE,
      { text: clip(text) },
      `I don't know the category "${clip(text)}"; use one of ${names.join(', ')}, like: ${CATEGORY_EXAMPLE}`,
    );
  }
  return { expenseId, category };
}
