// Typed refusals of the money engine: a code plus the numbers involved, and one table that turns
// each into the single plain sentence a person sees.
export type LedgerErrorCode =
  | 'AMOUNT_NOT_A_NUMBER'
  | 'AMOUNT_NOT_POSITIVE'
  | 'AMOUNT_TOO_PRECISE'
  | 'AMOUNT_TOO_LARGE'
  | 'PERCENT_NOT_A_NUMBER'
  | 'PERCENT_NOT_POSITIVE'
  | 'PERCENT_TOO_PRECISE'
  | 'PERCENT_TOO_LARGE'
  | 'NO_PARTICIPANTS'
  | 'TOO_MANY_PARTICIPANTS'
  | 'DUPLICATE_PARTICIPANT'
  | 'EXACT_TOTAL_MISMATCH'
  | 'PERCENT_TOTAL_MISMATCH'
  | 'SHARE_NOT_POSITIVE';

type Details = Readonly<Record<string, string>>;

const MESSAGES: Record<LedgerErrorCode, (d: Details) => string> = {
  AMOUNT_NOT_A_NUMBER: (d) => `"${d.text}" is not an amount; write it like 1200, 1,200.50 or ₹1200.`,
  AMOUNT_NOT_POSITIVE: () => 'The amount must be more than zero.',
  AMOUNT_TOO_PRECISE: (d) =>
    `${d.text} has more than two decimal places; amounts go to the paisa, like 120.50.`,
  AMOUNT_TOO_LARGE: () => 'The amount can be at most ₹1,00,00,000.00 (one crore).',
  PERCENT_NOT_A_NUMBER: (d) => `"${d.text}" is not a percentage; write it like 40 or 33.33.`,
  PERCENT_NOT_POSITIVE: (d) => `Each percentage must be more than zero, and ${d.text} is not.`,
  PERCENT_TOO_PRECISE: (d) =>
    `${d.text} has more than two decimal places; percentages go to two, like 33.33.`,
  PERCENT_TOO_LARGE: (d) => `A percentage can be at most 100, and ${d.text} is more.`,
  NO_PARTICIPANTS: () => 'Name at least one person to split with.',
  TOO_MANY_PARTICIPANTS: (d) => `An expense can be split among at most ${d.limit} people, not ${d.count}.`,
  DUPLICATE_PARTICIPANT: (d) => `${d.name ?? d.participant} is named more than once; name each person once.`,
  EXACT_TOTAL_MISMATCH: (d) =>
    `The exact shares add up to ₹${d.total} but the amount is ₹${d.amount} (₹${d.gap} ${d.direction}).`,
  PERCENT_TOTAL_MISMATCH: (d) => `The percentages add up to ${d.total}, not 100.`,
  SHARE_NOT_POSITIVE: (d) =>
    d.participant === undefined
      ? `₹${d.amount} is too little to split among ${d.count} people: everyone's share must be at least ₹0.01.`
      : `${d.name ?? d.participant}'s share must be more than zero.`,
};

export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    readonly details: Details = {},
  ) {
    super(MESSAGES[code](details));
    this.name = 'LedgerError';
  }

  /** The same refusal with a participant's id replaced by their name, for the reply. */
  withName(name: string): LedgerError {
    return new LedgerError(this.code, { ...this.details, name });
  }
}

export function describeLedgerError(error: LedgerError): string {
  return MESSAGES[error.code](error.details);
}

export const LEDGER_ERROR_CODES = Object.keys(MESSAGES) as LedgerErrorCode[];
