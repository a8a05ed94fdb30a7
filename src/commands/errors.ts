// Refusals of the command grammar. Each is one plain sentence that says what was wrong and ends with
// the right form of the command, so the bot can send `message` as it is (after HTML escaping).
import { LedgerError, type SplitType } from '../ledger/index.js';

export type CommandErrorCode =
  | 'MISSING_AMOUNT'
  | 'BAD_AMOUNT'
  | 'BAD_VALUE'
  | 'MISSING_VALUE'
  | 'VALUE_WITHOUT_PERSON'
  | 'VALUE_WITHOUT_TYPE'
  | 'NOBODY_NAMED'
  | 'NOT_A_USERNAME'
  | 'DUPLICATE_PERSON'
  | 'TOO_MANY_PEOPLE'
  | 'BOT_NAMED'
  | 'EVERYONE_AND_NAMES'
  | 'EVERYONE_NOT_EQUAL'
  | 'DESCRIPTION_TOO_LONG'
  | 'NAMES_IN_DESCRIPTION'
  | 'BAD_DATE'
  | 'FUTURE_DATE'
  | 'DATE_TOO_OLD'
  | 'DUPLICATE_DATE'
  | 'DUPLICATE_PAYER'
  | 'PAYERS_DO_NOT_ADD_UP'
  | 'TYPE_AFTER_PEOPLE'
  | 'SETTLE_NOBODY'
  | 'SETTLE_SEVERAL'
  | 'SETTLE_SELF'
  | 'SETTLE_EXTRA'
  | 'BAD_EXPENSE_ID'
  | 'BAD_PAGE'
  | 'BAD_MONTH'
  | 'FUTURE_MONTH'
  | 'BAD_SUMMARY_AUTO'
  | 'BAD_CATEGORY'
  | 'BAD_SCHEDULE'
  | 'MISSING_EXPENSE'
  | 'DATE_IN_RECURRING'
  | 'BAD_TIMEZONE'
  | 'BAD_REMINDERS'
  | 'BAD_IMPORT_MAP'
  | 'BAD_IMPORT_FILE'
  | 'BAD_RECEIPT'
  | 'BAD_RATE'
  | 'RATE_WITHOUT_CURRENCY'
  | 'DUPLICATE_RATE'
  | 'SHARE_CURRENCY'
  | 'BAD_CURRENCY'
  | 'BAD_UPI'
  | 'ADJUSTMENT'
  | 'READS_TWO_WAYS'
  | 'BILL_NO_ITEMS'
  | 'BILL_TOO_LONG'
  | 'BILL_LINE'
  | 'BILL_CHARGE';

/** The right form of each command with arguments, as an example a person can copy. */
export const USAGE: Readonly<
  Record<'paid' | 'settle' | 'received' | 'undo' | 'expenses' | 'expense' | 'passbook', string>
> = {
  paid: '/paid 1200 equal @asha @ravi dinner',
  settle: '/settle @asha 500',
  received: '/received @ravi 500',
  undo: '/undo 12',
  expenses: '/expenses 2',
  expense: '/expense 12',
  passbook: '/passbook 2',
};

/** /paid examples per split type, so a refusal shows the form the person was trying to write. */
export const PAID_EXAMPLES: Readonly<Record<SplitType, string>> = {
  EQUAL: USAGE.paid,
  EXACT: '/paid 1250 exact @asha 370 @ravi 880 sale',
  PERCENT: '/paid 1200 percent @asha 40 @ravi 60 dinner',
  SHARES: '/paid 1000 shares me 2 @ravi 1 @meera 1 groceries',
};
export const EVERYONE_EXAMPLE = '/paid 1200 everyone dinner';

export class CommandError extends Error {
  /**
   * @param reason what was wrong, without the example (for replies that format the two apart)
   * @param usage the example shown after it
   */
  constructor(
    readonly code: CommandErrorCode,
    readonly reason: string,
    readonly usage: string,
    readonly details: Readonly<Record<string, string>> = {},
    message = `${reason}, like: ${usage}`,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/**
 * A LedgerError about a number the person typed, kept word for word (it already says what a good
 * number looks like) with the whole command's form after it. Anything else is a bug and rethrown.
 */
export function fromLedger(
  error: unknown,
  code: CommandErrorCode,
  usage: string,
  details: Record<string, string> = {},
): never {
  if (!(error instanceof LedgerError)) throw error;
  // A value after a person is refused in that person's name ("@ravi's share must be more than zero").
  const named = details.person === undefined ? error : error.withName(details.person);
  const reason = named.message.replace(/[.\s]+$/, '');
  throw new CommandError(
    code,
    reason,
    usage,
    { ...named.details, ...details, ledgerCode: error.code },
    `${reason}; the whole command goes like: ${usage}`,
  );
}
