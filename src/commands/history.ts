// /expenses [all] [page] and /expense <id>: which part of a group's story to show. `all` also shows
// undone entries; an id may be written #12 as the bot shows it.
import { CommandError, USAGE } from './errors.js';
import { clip, tokenize } from './tokens.js';
import type { CommandInput } from './types.js';

const MAX_INT = 2_147_483_647;

function positive(text: string, hashAllowed: boolean): number | null {
  const match = (hashAllowed ? /^#?(\d{1,10})$/ : /^(\d{1,10})$/).exec(text);
  const value = match ? Number(match[1]) : Number.NaN;
  return value >= 1 && value <= MAX_INT ? value : null;
}

export function parseExpensesList(input: CommandInput): { page: number; all: boolean } {
  const tokens = tokenize(input);
  let all = false;
  let page: number | undefined;
  for (const token of tokens) {
    const word = token.text.toLowerCase();
    const number = token.user ? null : positive(token.text, false);
    if (!token.user && word === 'all' && !all) all = true;
    else if (number !== null && page === undefined) page = number;
    else {
      const text = clip(tokens.map((t) => t.raw).join(' '));
      throw new CommandError(
        'BAD_PAGE',
        `${text} is not a page number; add "all" to see undone entries too`,
        '/expenses all 2',
        { text },
      );
    }
  }
  return { page: page ?? 1, all };
}

export function parseExpenseId(input: CommandInput, usage: string = USAGE.expense): { expenseId: number } {
  const tokens = tokenize(input);
  const [token] = tokens;
  const id = token && !token.user && tokens.length === 1 ? positive(token.text, true) : null;
  if (id === null) {
    const text = clip(tokens.map((t) => t.raw).join(' '));
    throw new CommandError(
      'BAD_EXPENSE_ID',
      text ? `${text} is not an expense number` : 'Give the number of the expense (/expenses lists them)',
      usage,
      { text },
    );
  }
  return { expenseId: id };
}
