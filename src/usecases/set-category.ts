// What an expense was spent on, read or chosen by hand (the confirmation's button, /category 12
// groceries). Only its payer, the one who recorded it, or a group admin may change it, as for
// corrections; a category chosen by hand is kept by later corrections instead of guessed again.
import type { Category } from '../commands/categories.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { asCategory } from './record-expense.js';

export interface ExpenseCategory {
  id: number;
  /** The group's number for it (#3). */
  number: number;
  category: Category;
  byHand: boolean;
  description: string;
  /** False when the category asked for was the one it already had. */
  changed: boolean;
  /** The bot's confirmation of the expense, when known: its button shows the category. */
  confirmationMessageId: number | null;
}

/**
 * Sets an expense's category (or, without `category`, checks that the person may and reads it).
 * Throws EXPENSE_NOT_FOUND, NOT_ALLOWED_TO_CATEGORIZE, EDIT_UNDONE.
 */
export async function setExpenseCategory(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: {
    groupId: number;
    expenseId: number;
    requesterId: number;
    /** Asked only when the requester neither paid nor recorded it (it costs a Telegram call). */
    requesterIsAdmin: () => Promise<boolean>;
    category?: Category;
  },
): Promise<ExpenseCategory> {
  const expense = await deps.prisma.expense.findFirst({
    where: { id: input.expenseId, groupId: input.groupId },
    select: {
      id: true,
      number: true,
      payerId: true,
      recordedById: true,
      deletedAt: true,
      category: true,
      categoryByHand: true,
      description: true,
      confirmationMessageId: true,
    },
  });
  if (!expense) throw new UseCaseError('EXPENSE_NOT_FOUND', { id: String(input.expenseId) });
  const id = String(expense.number);
  const may =
    expense.payerId === input.requesterId ||
    expense.recordedById === input.requesterId ||
    (await input.requesterIsAdmin());
  if (!may) throw new UseCaseError('NOT_ALLOWED_TO_CATEGORIZE', { id });
  if (expense.deletedAt) throw new UseCaseError('EDIT_UNDONE', { id });
  const current = asCategory(expense.category);
  if (input.category === undefined)
    return {
      id: expense.id,
      number: expense.number,
      category: current,
      byHand: expense.categoryByHand,
      description: expense.description,
      changed: false,
      confirmationMessageId: expense.confirmationMessageId,
    };
  await deps.prisma.expense.update({
    where: { id: expense.id },
    data: { category: input.category, categoryByHand: true },
  });
  return {
    id: expense.id,
    number: expense.number,
    category: input.category,
    byHand: true,
    description: expense.description,
    changed: input.category !== current,
    confirmationMessageId: expense.confirmationMessageId,
  };
}

/** An expense's category, for anyone in the group to see (`/category 12`). */
export async function showCategory(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; expenseId: number },
): Promise<ExpenseCategory> {
  const expense = await deps.prisma.expense.findFirst({
    where: { id: input.expenseId, groupId: input.groupId },
    select: {
      id: true,
      number: true,
      category: true,
      categoryByHand: true,
      description: true,
      confirmationMessageId: true,
    },
  });
  if (!expense) throw new UseCaseError('EXPENSE_NOT_FOUND', { id: String(input.expenseId) });
  return {
    id: expense.id,
    number: expense.number,
    category: asCategory(expense.category),
    byHand: expense.categoryByHand,
    description: expense.description,
    changed: false,
    confirmationMessageId: expense.confirmationMessageId,
  };
}
