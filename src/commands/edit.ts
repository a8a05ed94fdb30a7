// /edit <id> <the /paid arguments>: the expense's number, then exactly what /paid takes. The rest
// is read by the /paid grammar itself, on the same text (offsets kept), so an edit and a /paid can
// never disagree about what a line means.
import { CommandError } from './errors.js';
import { parsePaid, unambiguous } from './paid.js';
import { clip, tokenize } from './tokens.js';
import type { CommandInput, PaidIntent } from './types.js';

export const EDIT_USAGE = '/edit 12 1200 equal @asha @ravi dinner';

const MAX_INT = 2_147_483_647;

export function parseEdit(input: CommandInput): { expenseId: number; paid: PaidIntent } {
  const tokens = tokenize(input);
  const first = tokens[0];
  const match = first && !first.user ? /^#?(\d{1,10})$/.exec(first.text) : null;
  const expenseId = match ? Number(match[1]) : Number.NaN;
  if (!first || !(expenseId >= 1 && expenseId <= MAX_INT)) {
    const text = clip(tokens.map((t) => t.raw).join(' '));
    throw new CommandError(
      'BAD_EXPENSE_ID',
      text
        ? `${text} does not start with an expense number; write the number, then the expense as /paid takes it`
        : 'Write the expense number, then the expense as /paid takes it',
      EDIT_USAGE,
      { text },
    );
  }
  // The same text with "/edit 12" blanked to "/paid" and spaces: every offset (text mentions)
  // stays where it was, and the /paid grammar reads the rest.
  const text = `/paid${' '.repeat(first.end - 5)}${input.text.slice(first.end)}`;
  const entities = (input.entities ?? []).filter((e) => !(e.type === 'bot_command' && e.offset === 0));
  return { expenseId, paid: unambiguous(parsePaid({ ...input, text, entities })) };
}
