// /edit <id> <the /paid arguments>: the number first, then the /paid grammar on the same text, so
// text mentions (offsets) and refusals are exactly /paid's.
import { describe, expect, it } from 'vitest';
import { parseEdit } from '../../src/commands/edit.js';
import { CommandError } from '../../src/commands/index.js';
import { input, show, textMention } from './helpers.js';

describe('parseEdit', () => {
  it('reads the expense number and the rest as /paid would', () => {
    const { expenseId, paid } = parseEdit(input('/edit 12 500 exact @ravi 200 @meera 300 dinner out'));
    expect(expenseId).toBe(12);
    expect(paid.amount.toFixed(2)).toBe('500.00');
    expect(paid.splitType).toBe('EXACT');
    expect(paid.participants.map((p) => [show(p.person), p.value?.toFixed(2)])).toEqual([
      ['@ravi', '200.00'],
      ['@meera', '300.00'],
    ]);
    expect(paid.description).toBe('dinner out');
  });

  it('takes #12 and /edit@Bot, and keeps text mentions where they are', () => {
    const text = '/edit@HisaabBot #7 90 equal Kabir Rao me chai';
    const kabir = { id: 77, first_name: 'Kabir', last_name: 'Rao' };
    const { expenseId, paid } = parseEdit(
      input(text, [{ type: 'bot_command', offset: 0, length: 15 }, textMention(text, 'Kabir Rao', kabir)]),
    );
    expect(expenseId).toBe(7);
    expect(paid.participants.map((p) => show(p.person))).toEqual(['#77', '#1']);
    expect(paid.description).toBe('chai');
  });

  it.each([
    ['/edit', /expense number/],
    ['/edit 500 equal', /more than|amount/i],
    ['/edit twelve 500 @ravi', /twelve 500 @ravi does not start with an expense number/],
    ['/edit 0 500 @ravi', /expense number/],
  ])('refuses %s in one sentence', (text, reason) => {
    let error: unknown;
    try {
      parseEdit(input(text));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toMatch(reason);
  });
});
