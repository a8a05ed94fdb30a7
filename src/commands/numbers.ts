// The small numeric arguments: /undo [expense id, or P and a payment id] and /expenses or /passbook [page]. Both are
// positive integers that fit the database's int column; `#12` is accepted for an id because the
// bot shows expense ids that way.
import { commandName } from './command-name.js';
import { CommandError, USAGE } from './errors.js';
import { clip, tokenize } from './tokens.js';
import type { CommandInput } from './types.js';

const MAX_INT = 2_147_483_647;

function optionalNumber(
  input: CommandInput,
  hashAllowed: boolean,
  refuse: (text: string) => CommandError,
): number | undefined {
  const tokens = tokenize(input);
  const token = tokens[0];
  if (!token) return undefined;
  const match = (hashAllowed ? /^#?(\d{1,10})$/ : /^(\d{1,10})$/).exec(token.text);
  const value = match ? Number(match[1]) : Number.NaN;
  if (token.user || tokens.length > 1 || !(value >= 1 && value <= MAX_INT)) {
    throw refuse(clip(tokens.map((t) => t.raw).join(' ')));
  }
  return value;
}

export function parseUndo(input: CommandInput): { expenseId?: number; settlementId?: number } {
  // A payment (settlement) is named as the bot shows it: P7 (or #P7).
  const first = tokenize(input)[0];
  const payment = first && !first.user ? /^#?[pP](\d{1,10})$/.exec(first.text) : null;
  if (payment && tokenize(input).length === 1 && Number(payment[1]) >= 1 && Number(payment[1]) <= MAX_INT) {
    return { settlementId: Number(payment[1]) };
  }
  const expenseId = optionalNumber(
    input,
    true,
    (text) =>
      new CommandError(
        'BAD_EXPENSE_ID',
        `${text} is not an expense number; send /undo alone for your last expense, or with its number`,
        USAGE.undo,
        { text },
      ),
  );
  return expenseId === undefined ? {} : { expenseId };
}

/** The page of /expenses or /passbook (1 when none is given); the refusal names the command used. */
export function parsePage(input: CommandInput): { page: number } {
  const name = commandName(input.text, input.entities, input.botUsername)?.name;
  const usage = name === 'passbook' ? USAGE.passbook : USAGE.expenses;
  const page = optionalNumber(
    input,
    false,
    (text) => new CommandError('BAD_PAGE', `${text} is not a page number`, usage, { text }),
  );
  return { page: page ?? 1 };
}
