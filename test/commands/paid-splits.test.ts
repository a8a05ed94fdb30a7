// /paid beyond the three split types: weighted shares, someone else paid (`by`), and a date.
import { describe, expect, it } from 'vitest';
import { parsePaid, resolveSpentOn } from '../../src/commands/index.js';
import { input, refusal, show } from './helpers.js';

const paid = (text: string) => parsePaid(input(text));
const people = (text: string) =>
  paid(text).participants.map(
    (p) => `${show(p.person)}${p.value === undefined ? '' : ` ${p.value.toString()}`}`,
  );
const NOW = new Date('2026-11-29T10:00:00Z');
const on = (text: string) => {
  const spentOn = paid(text).spentOn;
  if (!spentOn) throw new Error(`no date in ${text}`);
  return resolveSpentOn(spentOn, NOW);
};

describe('/paid … shares: weighted shares', () => {
  it('reads each person with their number of shares, and the description after them', () => {
    const intent = paid('/paid 1000 shares me 2 @ravi 1 @meera 1 groceries');
    expect(intent.splitType).toBe('SHARES');
    expect(people('/paid 1000 shares me 2 @ravi 1 @meera 1 groceries')).toEqual([
      '#1 2',
      '@ravi 1',
      '@meera 1',
    ]);
    expect(intent.description).toBe('groceries');
  });

  it('never lets a person written after a date with everyone vanish into the description', () => {
    // Found by the fuzz test: "/settle ५०० all 2026-03-01 @" read as /paid gave the description "@".
    for (const text of ['/paid 500 all 2026-03-01 @', '/paid 500 everyone yesterday @ravi rent']) {
      const error = refusal(() => paid(text));
      expect(error.code).toBe('NAMES_IN_DESCRIPTION');
      expect(error.message).toMatch(/comes after the date/);
    }
    expect(paid('/paid 500 everyone yesterday rent').description).toBe('rent');
  });

  it('takes weighted as the same word, decimals of shares, and a plain name before its shares', () => {
    expect(paid('/paid 300 weighted me 1.5 @ravi 1').splitType).toBe('SHARES');
    expect(people('/paid 300 shares me 1.5 Meera 1 cab')).toEqual(['#1 1.5', 'name:Meera 1']);
  });

  it('refuses a person without shares, zero shares, and everyone, each in one sentence', () => {
    expect(refusal(() => paid('/paid 1000 shares me 2 @ravi')).message).toBe(
      'Give a number of shares after @ravi, like: /paid 1000 shares me 2 @ravi 1 @meera 1 groceries',
    );
    const zero = refusal(() => paid('/paid 1000 shares me 0 @ravi 1'));
    expect(zero.message).toMatch(/^me's shares must be more than zero; the whole command goes like: /);
    expect(refusal(() => paid('/paid 1000 shares everyone')).code).toBe('EVERYONE_NOT_EQUAL');
    expect(refusal(() => paid('/paid 1000 shares')).message).toBe(
      'Name each person with a number of shares, like: /paid 1000 shares me 2 @ravi 1 @meera 1 groceries',
    );
    expect(refusal(() => paid('/paid 1000 shares me 1001')).code).toBe('BAD_VALUE');
  });
});

describe('/paid … by <person>: someone else paid', () => {
  it('reads the payer after by, apart from the people who share', () => {
    const intent = paid('/paid 900 by @ravi equal @asha @ravi @meera dinner');
    expect(intent.payer && show(intent.payer)).toBe('@ravi');
    expect(people('/paid 900 by @ravi equal @asha @ravi @meera dinner')).toEqual([
      '@asha',
      '@ravi',
      '@meera',
    ]);
    expect(intent.description).toBe('dinner');
  });

  it('takes a plain name as the payer if the members know it, else reads it as the description', () => {
    const named = paid('/paid 900 by Ravi equal me @meera dinner');
    expect(named.payer && show(named.payer)).toBe('name:Ravi');
    const cab = paid('/paid 900 by auto');
    expect(cab.payer && show(cab.payer)).toBe('name:auto');
    expect(cab.tentative).toEqual(['auto']);
    expect(cab.fallback?.payer).toBeUndefined();
    expect(cab.fallback?.description).toBe('by auto');
  });

  it('refuses two payers in one sentence', () => {
    expect(refusal(() => paid('/paid 900 by @ravi by @meera equal me')).message).toBe(
      'Name one payer after by, like: /paid 900 by @ravi equal @asha @ravi @meera dinner',
    );
  });
});

describe('/paid … <date>: when it was spent', () => {
  it('reads yesterday, today, on 1 Mar, on Mar 1, on 1 March 2026 and 2026-03-01 (UTC days)', () => {
    expect(on('/paid 500 yesterday equal me @ravi lunch')).toBe('2026-11-28');
    expect(on('/paid 500 today lunch')).toBe('2026-11-29');
    expect(on('/paid 500 on 1 Mar equal me @ravi')).toBe('2026-03-01');
    expect(on('/paid 500 on Mar 1st equal me @ravi')).toBe('2026-03-01');
    expect(on('/paid 500 on 1 March 2026 me @ravi')).toBe('2026-03-01');
    expect(on('/paid 500 2026-03-01 me @ravi')).toBe('2026-03-01');
    expect(on('/paid 500 on 2026-03-01 me @ravi')).toBe('2026-03-01');
  });

  it('a day without a year is the latest such day not after today', () => {
    expect(on('/paid 500 on 30 Nov me @ravi')).toBe('2025-11-30');
    expect(on('/paid 500 on 29 Nov me @ravi')).toBe('2026-11-29');
  });

  it('reads the date and by in either order, and leaves "on the way" to the description', () => {
    const intent = paid('/paid 900 yesterday by @ravi equal me @ravi dinner');
    expect(intent.payer && show(intent.payer)).toBe('@ravi');
    expect(intent.spentOn).toEqual({ daysAgo: 1 });
    expect(paid('/paid 900 by @ravi on 1 Mar me @ravi').spentOn).toEqual({ month: 3, day: 1 });
    const way = paid('/paid 90 on the way chai');
    expect(way.spentOn).toBeUndefined();
    expect(way.description).toBe('on the way chai');
  });

  it('reads a date right after the people or everyone too, where the description would start', () => {
    const after = paid('/paid 500 equal me @ravi yesterday lunch');
    expect(after.spentOn).toEqual({ daysAgo: 1 });
    expect(after.description).toBe('lunch');
    const exact = paid('/paid 500 exact me 200 @ravi 300 on 1 Mar cab');
    expect(exact.spentOn).toEqual({ month: 3, day: 1 });
    expect(exact.description).toBe('cab');
    const all = paid('/paid 900 everyone 2026-03-01 dinner');
    expect(all.spentOn).toEqual({ year: 2026, month: 3, day: 1 });
    expect(all.description).toBe('dinner');
    // Further in, it is part of the description.
    expect(paid('/paid 500 me @ravi lunch yesterday').description).toBe('lunch yesterday');
  });

  it('refuses a day that does not exist, a future day, one over a year ago, and two dates, each in one sentence', () => {
    expect(refusal(() => on('/paid 500 on 31 Feb me @ravi')).message).toBe(
      '31 Feb is not a date, like: /paid 500 yesterday equal @asha me lunch',
    );
    expect(refusal(() => on('/paid 500 2026-12-01 me @ravi')).message).toBe(
      '2026-12-01 is in the future; an expense can be dated today or earlier, like: /paid 500 yesterday equal @asha me lunch',
    );
    expect(refusal(() => on('/paid 500 2024-03-01 me @ravi')).code).toBe('DATE_TOO_OLD');
    expect(refusal(() => on('/paid 500 2026-02-30 me @ravi')).code).toBe('BAD_DATE');
    expect(refusal(() => paid('/paid 500 today yesterday me')).code).toBe('DUPLICATE_DATE');
  });
});
