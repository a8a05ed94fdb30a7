// The date of an expense as people write it after the amount: `yesterday`, `today`, `on 1 Mar`,
// `on Mar 1`, `on 1 March 2026`, `2026-03-01` (also after `on`). Reading the words is pure; turning
// them into a calendar date needs today's date, which the caller passes (the bot's injectable clock),
// so "yesterday" is testable. Days are UTC days, the same days /expenses and /passbook print.
import { CommandError } from './errors.js';
import { MONTH_WORDS, shortMonthName } from './months.js';
import { bare } from './people.js';
import type { Token } from './tokens.js';
import type { SpentOn } from './types.js';

export const DATE_EXAMPLE = '/paid 500 yesterday equal @asha me lunch';

/** How far back an expense's date may be: further back is more likely a typo than a memory. */
export const DATE_DAYS_BACK = 366;

/** Month names and abbreviations as typed (lower case), to their number. */
export const MONTHS = MONTH_WORDS;
const RELATIVE: Readonly<Record<string, number>> = { today: 0, yesterday: 1 };
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DAY = /^(\d{1,2})(?:st|nd|rd|th)?$/i;
const YEAR = /^(?:19|20)\d{2}$/;

function text(token: Token | undefined): string | null {
  return token && !token.user ? bare(token).replace(/\.$/, '').toLowerCase() : null;
}

function month(token: Token | undefined): number | undefined {
  const word = text(token);
  return word === null ? undefined : MONTHS[word];
}

function day(token: Token | undefined): number | undefined {
  const word = text(token);
  const match = word === null ? null : DAY.exec(word);
  return match ? Number(match[1]) : undefined;
}

/** A date written at `i`, and how many tokens it takes; null when the words there are not a date. */
export function dateAt(tokens: readonly Token[], i: number): { spentOn: SpentOn; span: number } | null {
  const first = text(tokens[i]);
  if (first === null) return null;
  const relative = RELATIVE[first];
  if (relative !== undefined) return { spentOn: { daysAgo: relative }, span: 1 };
  const iso = ISO.exec(first);
  if (iso) {
    return { spentOn: { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }, span: 1 };
  }
  if (first !== 'on') return null;
  const after = dateAt(tokens, i + 1);
  if (after && after.span === 1) return { spentOn: after.spentOn, span: 2 };
  // `on 1 Mar [2026]` or `on Mar 1 [2026]`
  let d = day(tokens[i + 1]);
  let m = month(tokens[i + 2]);
  if (d === undefined || m === undefined) {
    m = month(tokens[i + 1]);
    d = day(tokens[i + 2]);
  }
  if (d === undefined || m === undefined) return null;
  const year = text(tokens[i + 3]);
  if (year !== null && YEAR.test(year)) return { spentOn: { year: Number(year), month: m, day: d }, span: 4 };
  return { spentOn: { month: m, day: d }, span: 3 };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function refuse(code: 'BAD_DATE' | 'FUTURE_DATE' | 'DATE_TOO_OLD', reason: string): never {
  throw new CommandError(code, reason, DATE_EXAMPLE);
}

/**
 * The calendar date (YYYY-MM-DD, UTC) an expense was spent on, given the time now. A day and month
 * without a year is the latest such day not after today. Refuses a day that does not exist, a day
 * in the future, and one more than DATE_DAYS_BACK days ago, each in one sentence.
 */
export function resolveSpentOn(spentOn: SpentOn, now: Date): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const at = 'daysAgo' in spentOn ? today - spentOn.daysAgo * DAY_MS : calendarDay(spentOn, today);
  if (at > today)
    refuse(
      'FUTURE_DATE',
      `${isoDay(new Date(at))} is in the future; an expense can be dated today or earlier`,
    );
  if (at < today - DATE_DAYS_BACK * DAY_MS) {
    refuse(
      'DATE_TOO_OLD',
      `${isoDay(new Date(at))} is more than a year ago; an expense can be dated within the last year`,
    );
  }
  return isoDay(new Date(at));
}

const DAY_MS = 86_400_000;

/** The day typed as a day and month (and maybe a year), in ms; refuses a day that does not exist. */
function calendarDay(spentOn: Exclude<SpentOn, { daysAgo: number }>, today: number): number {
  const { month: m, day: d, year } = spentOn;
  const label =
    year === undefined
      ? `${d} ${monthName(m)}`
      : `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (m < 1 || m > 12) refuse('BAD_DATE', `${label} is not a date`);
  const found = year !== undefined ? existingDay(year, m, d) : latestNotAfter(today, m, d);
  if (found === null) refuse('BAD_DATE', `${label} is not a date`);
  return found;
}

/** The day in ms, or null when that year's month has no such day (31 Feb). */
function existingDay(y: number, m: number, d: number): number | null {
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  return back.getUTCMonth() === m - 1 && back.getUTCDate() === d && back.getUTCFullYear() === y ? t : null;
}

/** The latest such day not after today: this year's, else last year's (29 Feb: up to 4 years back). */
function latestNotAfter(today: number, m: number, d: number): number | null {
  const year = new Date(today).getUTCFullYear();
  for (let y = year; y >= year - 4; y--) {
    const t = existingDay(y, m, d);
    if (t !== null && t <= today) return t;
  }
  return null;
}

function monthName(m: number): string {
  return shortMonthName(m);
}
