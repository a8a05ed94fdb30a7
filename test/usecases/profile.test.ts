// /profile's answers read without a database: mobile numbers the Indian way (+91 assumed for 10
// digits) and from other countries (an explicit + and a plausible length), each refusal one sentence.
import { describe, expect, it } from 'vitest';
import { parseMobile, readMobile } from '../../src/usecases/profile.js';

describe('a mobile number', () => {
  it.each([
    ['98765 43210', '+919876543210'],
    ['9876543210', '+919876543210'],
    ['+91 98765-43210', '+919876543210'],
    ['098765 43210', '+919876543210'],
    ['91 98765 43210', '+919876543210'],
    ['(+91) 70000 12345', '+917000012345'],
    ['+44 7700 900123', '+447700900123'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+971 50 123 4567', '+971501234567'],
  ])('%s is %s', (typed, stored) => {
    expect(parseMobile(typed)).toBe(stored);
  });

  it('takes a number Telegram shares as international, with or without its +', () => {
    expect(parseMobile('919876543210', true)).toBe('+919876543210');
    expect(parseMobile('447700900123', true)).toBe('+447700900123');
  });

  it.each([
    ['98765 4321', /^98765 4321 has 9 digits; an Indian mobile number has 10 digits/],
    ['+91 98765 4321', /has 9 digits/],
    ['98765 432101', /has 11 digits/],
    ['447700900123', /has 12 digits/],
    ['12345 67890', /is not an Indian mobile number, which starts with 6, 7, 8 or 9/],
    ['+44 12', /^That is not a phone number/],
    ['+44 1234 5678 9012 345', /too short or too long/],
    ['call me', /^That is not a phone number/],
  ])('%s is refused in one sentence', (typed, why) => {
    const read = readMobile(typed);
    expect(read).toEqual({ refusal: expect.stringMatching(why) });
    const refusal = (read as { refusal: string }).refusal;
    expect(refusal.endsWith('.')).toBe(true);
    expect(refusal.slice(0, -1)).not.toContain('. ');
  });
});
