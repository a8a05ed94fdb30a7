// Names people choose for themselves: invisible and bidi characters are dropped when stored, and
// names that only look alike are told apart wherever they are listed together.
import { describe, expect, it } from 'vitest';
import { nameBook, plainNameBook } from '../../src/bot/format.js';
import { cleanName, cleanPart, nameSkeleton } from '../../src/commands/index.js';

describe('names', () => {
  it('drops format and bidi characters and blank fillers, keeping what is visible', () => {
    expect(cleanName('Ravi\u200B')).toBe('Ravi');
    expect(cleanName('\u202EivaR')).toBe('ivaR');
    expect(cleanName('Ra\u2066vi\u2069 \u00A0Kumar\uFEFF')).toBe('Ravi Kumar');
    expect(cleanName('\u3164\u200B')).toBe('Someone');
    expect(cleanPart('\u200B')).toBeNull();
    // A joiner inside an emoji goes too (the emoji then shows as its two parts): a fair price.
    expect(cleanName('Zoë 👩\u200D🍳')).toBe('Zoë 👩🍳');
  });

  it('gives look-alike names one skeleton, and different names different ones', () => {
    const ravi = nameSkeleton('Ravi');
    for (const alike of ['Rаvi' /* Cyrillic а */, 'RAVI', 'Ravi\u200B', 'Ｒａｖｉ', 'Ravı', 'Rav1', 'Ràvi'])
      expect(nameSkeleton(alike)).toBe(ravi);
    expect(nameSkeleton('Ravina')).not.toBe(ravi);
    expect(nameSkeleton('Meera')).not.toBe(nameSkeleton('Mira'));
  });

  it('tells look-alikes apart in a list by username, or by number without one', () => {
    const people = [
      { id: 1, firstName: 'Ravi', lastName: null, username: 'ravi_k' },
      { id: 2, firstName: 'Ravi\u200B', lastName: null, username: 'ravi_x' },
      { id: 3, firstName: 'Rаvi', lastName: null, username: null },
      { id: 4, firstName: 'Asha', lastName: null, username: 'asha' },
    ];
    const name = plainNameBook(people);
    expect([1, 2, 3, 4].map(name)).toEqual(['Ravi (@ravi_k)', 'Ravi (@ravi_x)', 'Rаvi (#3)', 'Asha']);
    expect(nameBook([people[1] as (typeof people)[number]])(2)).toBe('Ravi');
  });
});
