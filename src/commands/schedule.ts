// Schedules of recurring expenses and their due dates, pure: `every day`, `every week on mon`,
// `every month on 1` (`every 15th`). Dates are calendar days in a group's time zone, written
// YYYY-MM-DD; an occurrence falls due at DUE_HOUR:00 local time on its day. Time zones are read with
// Intl (IANA names, the ones Node ships), so daylight saving time is Intl's, not ours.
//
// Month ends: a rule on the 29th, 30th or 31st falls on the last day of a month that is shorter
// (the 31st is 30 Apr, 28 Feb or 29 Feb in a leap year), and returns to its day the month after.
import { shortMonthName } from './months.js';

export type Schedule =
  | { every: 'day' }
  /** weekday: 1 Monday … 7 Sunday (ISO 8601). */
  | { every: 'week'; weekday: number }
  /** day: 1 … 31; beyond a month's last day, the last day. */
  | { every: 'month'; day: number };

/** The local hour an occurrence falls due at: the morning of its day, not midnight. */
export const DUE_HOUR = 9;

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A calendar day as YYYY-MM-DD. */
export type Day = string;

function parts(day: Day): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`not a day: ${day}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function dayOf(year: number, month: number, date: number): Day {
  // Through Date.UTC so that month 13 or day 0 roll over.
  return new Date(Date.UTC(year, month - 1, date)).toISOString().slice(0, 10);
}

export function addDays(day: Day, days: number): Day {
  const [y, m, d] = parts(day);
  return dayOf(y, m, d + days);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 Monday … 7 Sunday. */
export function weekdayOf(day: Day): number {
  const [y, m, d] = parts(day);
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}

/** Days from a to b (b later: positive). */
export function daysBetween(a: Day, b: Day): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/** The rule's day in a given month: its day, or the month's last when the month is shorter. */
function monthDay(year: number, month: number, day: number): Day {
  return dayOf(year, month, Math.min(day, daysInMonth(year, month)));
}

/** The first due day on or after `from`. */
export function dueOnOrAfter(schedule: Schedule, from: Day): Day {
  switch (schedule.every) {
    case 'day':
      return from;
    case 'week':
      return addDays(from, (schedule.weekday - weekdayOf(from) + 7) % 7);
    case 'month': {
      const [y, m] = parts(from);
      const here = monthDay(y, m, schedule.day);
      return here >= from ? here : monthDay(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, schedule.day);
    }
  }
}

/** The last due day on or before `to`. */
export function dueOnOrBefore(schedule: Schedule, to: Day): Day {
  switch (schedule.every) {
    case 'day':
      return to;
    case 'week':
      return addDays(to, -((weekdayOf(to) - schedule.weekday + 7) % 7));
    case 'month': {
      const [y, m] = parts(to);
      const here = monthDay(y, m, schedule.day);
      return here <= to ? here : monthDay(m === 1 ? y - 1 : y, m === 1 ? 12 : m - 1, schedule.day);
    }
  }
}

/** How many due days lie in [from, to), counting at most `cap`. */
export function dueDaysBetween(schedule: Schedule, from: Day, to: Day, cap = 10_000): number {
  let count = 0;
  for (let day = dueOnOrAfter(schedule, from); day < to && count < cap; ) {
    count++;
    day = dueOnOrAfter(schedule, addDays(day, 1));
  }
  return count;
}

/** Whether Intl knows this IANA zone name (`Asia/Kolkata`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone as people expect to read it back (`asia/kolkata` → `Asia/Kolkata`): Intl's own list
 * when it has the name, else the name with each part capitalised. Not Intl's resolved name, which
 * on some ICU versions is an old alias (Asia/Calcutta for Asia/Kolkata).
 */
export function canonicalTimeZone(zone: string): string {
  const lower = zone.toLowerCase();
  const listed = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === lower);
  if (listed) return listed;
  const spelled = zone
    .split('/')
    .map((part) =>
      part.length <= 3 && !part.includes('_')
        ? part.toUpperCase()
        : part.replace(
            /(^|[_-])(\p{L})/gu,
            (_all, sep: string, letter: string) => sep + letter.toUpperCase(),
          ),
    )
    .join('/');
  return isTimeZone(spelled) ? spelled : zone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in a zone, as a UTC timestamp with the same fields. */
function wallClock(instant: Date, zone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return Date.UTC(
    fields.year as number,
    (fields.month as number) - 1,
    fields.day as number,
    fields.hour as number,
    fields.minute as number,
    fields.second as number,
  );
}

/** The calendar day an instant falls on in a zone. */
export function localDay(instant: Date, zone: string): Day {
  return new Date(wallClock(instant, zone)).toISOString().slice(0, 10);
}

/**
 * The instant a zone's clocks show `hour`:00 on `day`. A wall time skipped by a daylight saving
 * change (clocks jump over it) is taken as the same distance after the jump; a repeated one is the
 * first of the two.
 */
export function zonedInstant(day: Day, hour: number, zone: string): Date {
  const [y, m, d] = parts(day);
  const wanted = Date.UTC(y, m - 1, d, hour);
  // The zone's offset near the wanted time, then once more at the guess (it may differ across a change).
  let guess = wanted - (wallClock(new Date(wanted), zone) - wanted);
  const offset = wallClock(new Date(guess), zone) - guess;
  guess = wanted - offset;
  const earlier = guess - 3_600_000;
  if (wallClock(new Date(earlier), zone) === wanted) return new Date(earlier);
  return new Date(guess);
}

/** When an occurrence on `day` falls due in `zone`. */
export function dueAt(day: Day, zone: string): Date {
  return zonedInstant(day, DUE_HOUR, zone);
}

/**
 * The next due day whose due time is after `now` (a rule created on the 1st at noon starts next
 * month: this month's was typed by hand, if at all).
 */
export function firstDue(schedule: Schedule, now: Date, zone: string): Day {
  let day = dueOnOrAfter(schedule, localDay(now, zone));
  while (dueAt(day, zone).getTime() <= now.getTime()) day = dueOnOrAfter(schedule, addDays(day, 1));
  return day;
}

/** The latest due day whose due time has come by `now`, or null when none since `from`. */
export function latestDue(schedule: Schedule, from: Day, now: Date, zone: string): Day | null {
  let day = dueOnOrBefore(schedule, localDay(now, zone));
  if (dueAt(day, zone).getTime() > now.getTime()) day = dueOnOrBefore(schedule, addDays(day, -1));
  return day >= from ? day : null;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

/** "every day", "every week on Monday", "every month on the 1st". */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.every) {
    case 'day':
      return 'every day';
    case 'week':
      return `every week on ${WEEKDAY_NAMES[schedule.weekday - 1]}`;
    case 'month':
      return `every month on the ${ordinal(schedule.day)}`;
  }
}

/** "1 Dec 2026". */
export function formatDay(day: Day): string {
  const [y, m, d] = parts(day);
  return `${d} ${shortMonthName(m)} ${y}`;
}

/** The ISO 8601 week of a day, `2026-W49` (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(day: Day): string {
  const thursday = addDays(day, 4 - weekdayOf(day));
  const [year] = parts(thursday);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
