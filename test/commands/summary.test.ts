// /summary's months and /category's arguments, as people type them, resolved against a known day
// in a time zone: "last" and "oct" depend on today there, and a month that has not begun is refused.
import { describe, expect, it } from 'vitest';
import { CommandError, parseCategory, parseSummary, resolveMonth } from '../../src/commands/index.js';
import { input } from './helpers.js';

const month = (text: string, now: string, zone = 'UTC') => {
  const intent = parseSummary(input(`/summary ${text}`.trim()));
  if (intent.kind !== 'show') throw new Error(`not a month: ${text}`);
  const m = resolveMonth(intent.month, new Date(now), zone);
  return `${m.year}-${String(m.month).padStart(2, '0')}`;
};

describe('/summary months', () => {
  const mid = '2026-11-15T10:00:00Z';

  it.each([
    ['', '2026-11'],
    ['this', '2026-11'],
    ['this month', '2026-11'],
    ['last', '2026-10'],
    ['last month', '2026-10'],
    ['oct', '2026-10'],
    ['October', '2026-10'],
    ['OCT.', '2026-10'],
    ['nov', '2026-11'],
    ['dec', '2025-12'],
    ['2026-10', '2026-10'],
    ['2025-3', '2025-03'],
    ['10/2026', '2026-10'],
    ['oct 2025', '2025-10'],
    ['2025 oct', '2025-10'],
    ['September 2026', '2026-09'],
  ])('reads "%s" as %s in mid-November 2026', (typed, expected) => {
    expect(month(typed, mid)).toBe(expected);
  });

  it('takes "last" across a year and in the time zone, where the month may have turned already', () => {
    expect(month('last', '2026-01-10T00:00:00Z')).toBe('2025-12');
    // 20:00 UTC on 30 November is 01:30 on 1 December in Kolkata: last month there is November.
    expect(month('last', '2026-11-30T20:00:00Z', 'Asia/Kolkata')).toBe('2026-11');
    expect(month('last', '2026-11-30T20:00:00Z', 'UTC')).toBe('2026-10');
    expect(month('', '2026-12-01T03:00:00Z', 'America/New_York')).toBe('2026-11');
  });

  it.each(['banana', '2026-13', '13/2026', 'oct oct', '2026', 'last week', '@ravi'])(
    'refuses "%s" in one sentence saying how to write a month',
    (typed) => {
      expect(() => parseSummary(input(`/summary ${typed}`))).toThrow(
        /^I can't read ".+" as a month: write \/summary \(this month\), \/summary last, \/summary oct or \/summary 2026-10\.$/,
      );
    },
  );

  it('refuses a month that has not begun', () => {
    expect(() => month('2026-12', '2026-11-15T10:00:00Z')).toThrow(
      'December 2026 has not begun yet, so there is nothing to sum up; try /summary or /summary last.',
    );
    expect(() => month('jan 2027', '2026-11-15T10:00:00Z')).toThrow(CommandError);
  });

  it('reads auto on, off and the bare question', () => {
    expect(parseSummary(input('/summary auto on'))).toEqual({ kind: 'auto', on: true });
    expect(parseSummary(input('/summary AUTO off'))).toEqual({ kind: 'auto', on: false });
    expect(parseSummary(input('/summary auto'))).toEqual({ kind: 'auto-status' });
    expect(() => parseSummary(input('/summary auto yes'))).toThrow(/^Write \/summary auto on/);
  });
});

describe('/category', () => {
  it('reads an expense number and a category, or just the number', () => {
    expect(parseCategory(input('/category 12 groceries'))).toEqual({ expenseId: 12, category: 'groceries' });
    expect(parseCategory(input('/category #12 Eating out'))).toEqual({
      expenseId: 12,
      category: 'eating_out',
    });
    expect(parseCategory(input('/category 12 wifi'))).toEqual({ expenseId: 12, category: 'internet' });
    expect(parseCategory(input('/category 12'))).toEqual({ expenseId: 12 });
  });

  it('refuses a missing number or an unknown category in one sentence', () => {
    expect(() => parseCategory(input('/category'))).toThrow(
      /^Give the number of the expense and its category/,
    );
    expect(() => parseCategory(input('/category groceries'))).toThrow(/^groceries is not an expense number/);
    expect(() => parseCategory(input('/category 12 banana'))).toThrow(
      /^I don't know the category "banana"; use one of rent, .*, other, like: \/category 12 groceries$/,
    );
  });
});
