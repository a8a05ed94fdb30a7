import { describe, expect, it } from 'vitest';
import {
  CommandError,
  describeSchedule,
  dueAt,
  dueDaysBetween,
  dueOnOrAfter,
  dueOnOrBefore,
  firstDue,
  isTimeZone,
  latestDue,
  localDay,
  parseEvery,
  type Schedule,
} from '../../src/commands/index.js';
import { input, textMention } from './helpers.js';

const monthly = (day: number): Schedule => ({ every: 'month', day });

describe('due days', () => {
  it('a rule on the 31st falls on the last day of shorter months and returns to the 31st', () => {
    expect(dueOnOrAfter(monthly(31), '2026-04-01')).toBe('2026-04-30');
    expect(dueOnOrAfter(monthly(31), '2026-05-01')).toBe('2026-05-31');
    expect(dueOnOrAfter(monthly(31), '2027-02-01')).toBe('2027-02-28');
    expect(dueOnOrAfter(monthly(31), '2028-02-01')).toBe('2028-02-29');
    expect(dueOnOrAfter(monthly(30), '2026-02-28')).toBe('2026-02-28');
    expect(dueOnOrBefore(monthly(31), '2026-04-29')).toBe('2026-03-31');
    expect(dueOnOrBefore(monthly(31), '2026-04-30')).toBe('2026-04-30');
  });

  it('a monthly rule moves across the end of the year both ways', () => {
    expect(dueOnOrAfter(monthly(1), '2026-12-02')).toBe('2027-01-01');
    expect(dueOnOrBefore(monthly(15), '2027-01-10')).toBe('2026-12-15');
  });

  it('weekly rules fall on their weekday (1 Monday … 7 Sunday)', () => {
    // 2026-11-30 is a Monday.
    expect(dueOnOrAfter({ every: 'week', weekday: 1 }, '2026-11-30')).toBe('2026-11-30');
    expect(dueOnOrAfter({ every: 'week', weekday: 7 }, '2026-11-30')).toBe('2026-12-06');
    expect(dueOnOrBefore({ every: 'week', weekday: 5 }, '2026-11-30')).toBe('2026-11-27');
  });

  it('counts the due days in a range (what a long downtime missed)', () => {
    expect(dueDaysBetween({ every: 'day' }, '2026-11-01', '2026-12-01')).toBe(30);
    expect(dueDaysBetween(monthly(1), '2026-01-01', '2026-12-01')).toBe(11);
    expect(dueDaysBetween({ every: 'week', weekday: 1 }, '2026-11-01', '2026-11-30')).toBe(4);
  });
});

describe('time zones', () => {
  it('an occurrence is due at 09:00 in the group zone', () => {
    expect(dueAt('2026-12-01', 'Asia/Kolkata').toISOString()).toBe('2026-12-01T03:30:00.000Z');
    expect(dueAt('2026-12-01', 'UTC').toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(dueAt('2026-12-01', 'America/New_York').toISOString()).toBe('2026-12-01T14:00:00.000Z');
  });

  it('follows daylight saving time in Europe/Berlin (UTC+1 in winter, UTC+2 in summer)', () => {
    expect(dueAt('2026-01-15', 'Europe/Berlin').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(dueAt('2026-07-15', 'Europe/Berlin').toISOString()).toBe('2026-07-15T07:00:00.000Z');
    // The days clocks change (29 Mar and 25 Oct 2026): 09:00 is after the change both times.
    expect(dueAt('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(dueAt('2026-10-25', 'Europe/Berlin').toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('the local day of an instant depends on the zone', () => {
    const instant = new Date('2026-11-30T20:00:00Z');
    expect(localDay(instant, 'UTC')).toBe('2026-11-30');
    expect(localDay(instant, 'Asia/Kolkata')).toBe('2026-12-01');
    expect(localDay(instant, 'America/Los_Angeles')).toBe('2026-11-30');
  });

  it('the first due day is the next one whose due time is still ahead', () => {
    const rule = monthly(1);
    expect(firstDue(rule, new Date('2026-12-01T03:29:00Z'), 'Asia/Kolkata')).toBe('2026-12-01');
    expect(firstDue(rule, new Date('2026-12-01T03:30:00Z'), 'Asia/Kolkata')).toBe('2027-01-01');
    expect(firstDue({ every: 'day' }, new Date('2026-11-30T20:00:00Z'), 'Asia/Kolkata')).toBe('2026-12-01');
  });

  it('the latest due day that has come, or null when none since a day', () => {
    const rule = monthly(1);
    expect(latestDue(rule, '2026-12-01', new Date('2026-12-01T03:29:00Z'), 'Asia/Kolkata')).toBeNull();
    expect(latestDue(rule, '2026-12-01', new Date('2026-12-01T03:30:00Z'), 'Asia/Kolkata')).toBe(
      '2026-12-01',
    );
    expect(latestDue(rule, '2026-10-01', new Date('2026-12-20T00:00:00Z'), 'UTC')).toBe('2026-12-01');
    expect(latestDue({ every: 'day' }, '2026-11-01', new Date('2026-12-01T08:00:00Z'), 'UTC')).toBe(
      '2026-11-30',
    );
  });

  it('knows IANA zone names and refuses others', () => {
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('/every', () => {
  it.each([
    ['/every day /paid 100 everyone milk', { every: 'day' }],
    ['/every daily 100 everyone milk', { every: 'day' }],
    ['/every week on mon /paid 100 everyone milk', { every: 'week', weekday: 1 }],
    ['/every weekly on Sunday paid 100 everyone milk', { every: 'week', weekday: 7 }],
    ['/every friday /paid 100 everyone milk', { every: 'week', weekday: 5 }],
    ['/every month on 1 /paid 100 everyone milk', { every: 'month', day: 1 }],
    ['/every monthly on the 5th /paid 100 everyone milk', { every: 'month', day: 5 }],
    ['/every 15th /paid 100 everyone milk', { every: 'month', day: 15 }],
    ['/every 15th of the month /paid 100 everyone milk', { every: 'month', day: 15 }],
    ['/every month on the last day /paid 100 everyone milk', { every: 'month', day: 31 }],
    ['/every month on 31 100 everyone milk', { every: 'month', day: 31 }],
  ])('%s', (text, schedule) => {
    const parsed = parseEvery(input(text));
    expect(parsed.schedule).toEqual(schedule);
    expect(parsed.paid.text).toBe('/paid 100 everyone milk');
    expect(parsed.intent.amount.toString()).toBe('100');
  });

  it('reads the split with the /paid grammar and keeps the /paid part to read again', () => {
    const text = '/every month on 1 /paid 30000 exact @asha 12000 @ravi 9000 @meera 9000 rent';
    const parsed = parseEvery(input(text));
    expect(parsed.intent.splitType).toBe('EXACT');
    expect(parsed.intent.participants).toHaveLength(3);
    expect(parsed.intent.description).toBe('rent');
    expect(parsed.paid.text).toBe('/paid 30000 exact @asha 12000 @ravi 9000 @meera 9000 rent');
  });

  it('moves text mentions along with the /paid part', () => {
    const text = '/every week on mon /paid 300 equal Meera Iyer me cook';
    const user = { id: 7, first_name: 'Meera', last_name: 'Iyer' };
    const parsed = parseEvery(input(text, [textMention(text, 'Meera Iyer', user)]));
    const mention = parsed.paid.entities.find((e) => e.type === 'text_mention');
    expect(mention && parsed.paid.text.slice(mention.offset, mention.offset + mention.length)).toBe(
      'Meera Iyer',
    );
    expect(parsed.intent.participants[0]?.person).toEqual({ kind: 'user', user });
  });

  it.each([
    ['/every 100 everyone milk', 'BAD_SCHEDULE'],
    ['/every week /paid 100 everyone milk', 'BAD_SCHEDULE'],
    ['/every month /paid 100 everyone milk', 'BAD_SCHEDULE'],
    ['/every month on 32 /paid 100 everyone milk', 'BAD_SCHEDULE'],
    ['/every fortnight /paid 100 everyone milk', 'BAD_SCHEDULE'],
    ['/every month on 1', 'MISSING_EXPENSE'],
    ['/every month on 1 /paid', 'MISSING_EXPENSE'],
    ['/every', 'BAD_SCHEDULE'],
    ['/every day /paid 100 yesterday everyone milk', 'DATE_IN_RECURRING'],
    ['/every day /paid lots everyone milk', 'MISSING_AMOUNT'],
  ])('%s is refused in one sentence (%s)', (text, code) => {
    let caught: unknown;
    try {
      parseEvery(input(text));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CommandError);
    const error = caught as CommandError;
    expect(error.code).toBe(code);
    expect(error.message.split(/[.;] [A-Z]/)).toHaveLength(1);
  });

  it('describes schedules as people say them', () => {
    expect(describeSchedule({ every: 'month', day: 1 })).toBe('every month on the 1st');
    expect(describeSchedule({ every: 'month', day: 22 })).toBe('every month on the 22nd');
    expect(describeSchedule({ every: 'month', day: 13 })).toBe('every month on the 13th');
    expect(describeSchedule({ every: 'week', weekday: 1 })).toBe('every week on Monday');
    expect(describeSchedule({ every: 'day' })).toBe('every day');
  });
});
