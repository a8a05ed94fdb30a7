import { describe, expect, it } from 'vitest';
import { parseExpenseId, parseExpensesList, parseUndo } from '../../src/commands/index.js';
import { input, refusal } from './helpers.js';

describe('/expenses, /expense and /undo arguments', () => {
  it('reads /expenses with an optional page and "all", in either order', () => {
    expect(parseExpensesList(input('/expenses'))).toEqual({ page: 1, all: false });
    expect(parseExpensesList(input('/expenses 3'))).toEqual({ page: 3, all: false });
    expect(parseExpensesList(input('/expenses all'))).toEqual({ page: 1, all: true });
    expect(parseExpensesList(input('/expenses ALL 2'))).toEqual({ page: 2, all: true });
    expect(parseExpensesList(input('/expenses 2 all'))).toEqual({ page: 2, all: true });
    for (const text of ['/expenses two', '/expenses all all', '/expenses 0', '/expenses 2 3']) {
      expect(refusal(() => parseExpensesList(input(text))).code, text).toBe('BAD_PAGE');
    }
  });

  it('reads /expense with one expense number, #12 or 12', () => {
    expect(parseExpenseId(input('/expense 12'))).toEqual({ expenseId: 12 });
    expect(parseExpenseId(input('/expense #12'))).toEqual({ expenseId: 12 });
    for (const text of ['/expense', '/expense twelve', '/expense 1 2', '/expense 99999999999']) {
      const error = refusal(() => parseExpenseId(input(text)));
      expect(error.code, text).toBe('BAD_EXPENSE_ID');
      expect(error.message).toContain('/expense 12');
    }
  });

  it('reads /undo with an expense number or a payment number (P3)', () => {
    expect(parseUndo(input('/undo'))).toEqual({});
    expect(parseUndo(input('/undo 12'))).toEqual({ expenseId: 12 });
    expect(parseUndo(input('/undo P3'))).toEqual({ settlementId: 3 });
    expect(parseUndo(input('/undo #p3'))).toEqual({ settlementId: 3 });
    expect(refusal(() => parseUndo(input('/undo P3 4'))).code).toBe('BAD_EXPENSE_ID');
    expect(refusal(() => parseUndo(input('/undo Q3'))).code).toBe('BAD_EXPENSE_ID');
  });
});
