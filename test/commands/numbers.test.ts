import { describe, expect, it } from 'vitest';
import { parsePage, parseUndo } from '../../src/commands/index.js';
import { input, refusal, textMention } from './helpers.js';

describe('/undo', () => {
  it.each([
    ['/undo', {}],
    ['/undo 12', { expenseId: 12 }],
    ['/undo #12', { expenseId: 12 }],
    ['/undo@HisaabBot  7 ', { expenseId: 7 }],
    ['/undo 2147483647', { expenseId: 2147483647 }],
  ])('%s', (text, expected) => {
    expect(parseUndo(input(text))).toEqual(expected);
  });

  it.each([
    '/undo 0',
    '/undo -3',
    '/undo twelve',
    '/undo 1.5',
    '/undo 12 13',
    '/undo 2147483648',
    '/undo 99999999999999999999',
    '/undo # 12',
  ])('refuses %s', (text) => {
    const error = refusal(() => parseUndo(input(text)));
    expect(error.code).toBe('BAD_EXPENSE_ID');
    expect(error.message).toMatch(
      /^.+ is not an expense number; send \/undo alone for your last expense, or with its number, like: \/undo 12$/,
    );
  });

  it('refuses a text mention instead of a number', () => {
    const text = '/undo Ravi';
    const error = refusal(() =>
      parseUndo(input(text, [textMention(text, 'Ravi', { id: 7, first_name: 'Ravi' })])),
    );
    expect(error.message).toBe(
      'Ravi is not an expense number; send /undo alone for your last expense, or with its number, like: /undo 12',
    );
  });
});

describe('/expenses and /passbook pages', () => {
  it.each([
    ['/expenses', 1],
    ['/expenses 3', 3],
    ['/passbook', 1],
    ['/passbook@HisaabBot 2', 2],
  ])('%s is page %i', (text, page) => {
    expect(parsePage(input(text))).toEqual({ page });
  });

  it.each([
    ['/expenses 0', '0 is not a page number, like: /expenses 2'],
    ['/expenses two', 'two is not a page number, like: /expenses 2'],
    ['/passbook -1', '-1 is not a page number, like: /passbook 2'],
    ['/passbook 1 2', '1 2 is not a page number, like: /passbook 2'],
    ['/passbook #2', '#2 is not a page number, like: /passbook 2'],
  ])('refuses %s', (text, message) => {
    const error = refusal(() => parsePage(input(text)));
    expect(error.code).toBe('BAD_PAGE');
    expect(error.message).toBe(message);
  });
});
