// Typed refusals of the money engine: a code plus the numbers involved (as display strings), and ONE
// table that turns each code into the single plain sentence a person sees. The sentences are
// written so that a missing detail degrades to a shorter sentence, never to "undefined".
export type LedgerErrorCode =
  | 'AMOUNT_NOT_A_NUMBER'
  | 'AMOUNT_NOT_POSITIVE'
  | 'AMOUNT_TOO_PRECISE'
  | 'AMOUNT_TOO_LARGE'
  | 'PERCENT_NOT_A_NUMBER'
  | 'PERCENT_NOT_POSITIVE'
  | 'PERCENT_TOO_PRECISE'
  | 'PERCENT_TOO_LARGE'
  | 'WEIGHT_NOT_A_NUMBER'
  | 'WEIGHT_NOT_POSITIVE'
  | 'WEIGHT_TOO_PRECISE'
  | 'WEIGHT_TOO_LARGE'
  | 'NO_PARTICIPANTS'
  | 'TOO_MANY_PARTICIPANTS'
  | 'DUPLICATE_PARTICIPANT'
  | 'EXACT_TOTAL_MISMATCH'
  | 'PERCENT_TOTAL_MISMATCH'
  | 'SHARE_NOT_POSITIVE'
  | 'ADJUSTMENT_OUTSIDE_SPLIT'
  | 'ADJUSTMENTS_OVER_AMOUNT'
  | 'FOREIGN_AMOUNT_TOO_PRECISE'
  | 'FOREIGN_AMOUNT_TOO_LARGE'
  | 'RATE_NOT_A_NUMBER'
  | 'RATE_NOT_POSITIVE'
  | 'RATE_TOO_PRECISE'
  | 'RATE_TOO_LARGE'
  | 'CONVERTED_TOO_SMALL'
  | 'CONVERTED_TOO_LARGE'
  | 'MIXED_CURRENCIES'
  | 'BILL_TOTAL_MISMATCH'
  | 'BILL_NOT_POSITIVE';

/**
 * Keys used in details (all optional, all strings):
 * - text: what was typed (parse errors); participant: the caller's id as String(id);
 *   name: a display name the caller put in place of the id (see LedgerError.withName);
 * - typed / amount: the expense amount; total: what the shares or percentages add up to;
 *   gap and direction ('short' | 'over'): the difference; percent: one person's percentage;
 *   limit and count: participant limits.
 */
export type LedgerErrorDetails = Readonly<Record<string, string>>;

// A detail is shown on one line and kept short, so a long or multi-line value cannot break a reply.
function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

// Typed text is repeated back only when it looks like an attempt at a number; text such as "NaN"
// or "abc" is not worth echoing and "That" reads better.
function typedText(d: LedgerErrorDetails): string | undefined {
  const text = clean(d.text);
  return text !== undefined && /\d/.test(text) && !/nan|undefined/i.test(text) ? `"${text}"` : undefined;
}

function person(d: LedgerErrorDetails): string | undefined {
  return clean(d.name) ?? clean(d.participant);
}

const MESSAGES: { readonly [C in LedgerErrorCode]: (d: LedgerErrorDetails) => string } = {
  AMOUNT_NOT_A_NUMBER: (d) =>
    `${typedText(d) ?? 'That'} is not an amount; write it like 1200, 1,200.50 or ₹1200.`,
  AMOUNT_NOT_POSITIVE: (d) => {
    const who = person(d);
    return who ? `${who}'s share must be more than zero.` : 'The amount must be more than zero.';
  },
  AMOUNT_TOO_PRECISE: (d) => {
    const who = person(d);
    const what = who ? `${who}'s share` : typedText(d);
    return what
      ? `${what} has more than two decimal places; amounts go to the paisa, like 120.50.`
      : 'Amounts can have at most two decimal places, like 120.50.';
  },
  AMOUNT_TOO_LARGE: (d) => {
    const who = person(d);
    return who
      ? `${who}'s share can be at most ₹1,00,00,000.00 (one crore).`
      : 'The amount can be at most ₹1,00,00,000.00 (one crore).';
  },
  PERCENT_NOT_A_NUMBER: (d) => `${typedText(d) ?? 'That'} is not a percentage; write it like 40 or 33.33.`,
  PERCENT_NOT_POSITIVE: (d) => {
    const who = person(d);
    return who ? `${who}'s percentage must be more than zero.` : 'Each percentage must be more than zero.';
  },
  PERCENT_TOO_PRECISE: (d) => {
    const what = typedText(d);
    return what
      ? `${what} has more than two decimal places; percentages go to two, like 33.33.`
      : 'Percentages can have at most two decimal places, like 33.33.';
  },
  PERCENT_TOO_LARGE: (d) => {
    const what = typedText(d);
    return what
      ? `A percentage can be at most 100, and ${what} is more.`
      : 'A percentage can be at most 100.';
  },
  WEIGHT_NOT_A_NUMBER: (d) =>
    `${typedText(d) ?? 'That'} is not a number of shares; write it like 1, 2 or 1.5.`,
  WEIGHT_NOT_POSITIVE: (d) => {
    const who = person(d);
    return who ? `${who}'s shares must be more than zero.` : 'Each number of shares must be more than zero.';
  },
  WEIGHT_TOO_PRECISE: (d) => {
    const what = typedText(d);
    return what
      ? `${what} has more than two decimal places; shares go to two, like 1.5.`
      : 'Shares can have at most two decimal places, like 1.5.';
  },
  WEIGHT_TOO_LARGE: (d) => {
    const what = typedText(d);
    return what
      ? `One person can have at most 1000 shares, and ${what} is more.`
      : 'One person can have at most 1000 shares.';
  },
  NO_PARTICIPANTS: () => 'Name at least one person to split with.',
  TOO_MANY_PARTICIPANTS: (d) => {
    const limit = clean(d.limit) ?? '1000';
    const count = clean(d.count);
    return count
      ? `An expense can be split among at most ${limit} people, not ${count}.`
      : `An expense can be split among at most ${limit} people.`;
  },
  DUPLICATE_PARTICIPANT: (d) => `${person(d) ?? 'Someone'} is named more than once; name each person once.`,
  EXACT_TOTAL_MISMATCH: (d) => {
    const total = clean(d.total);
    const amount = clean(d.typed) ?? clean(d.amount);
    const gap = clean(d.gap);
    const direction = d.direction === 'over' ? 'over' : 'short';
    if (total === undefined || amount === undefined) return 'The exact shares must add up to the amount.';
    // Shares typed in another currency are compared in it: "USD 40 but the amount is USD 45".
    const unit = clean(d.currency) ? `${clean(d.currency)} ` : '₹';
    return gap === undefined
      ? `The exact shares add up to ${unit}${total} but the amount is ${unit}${amount}.`
      : `The exact shares add up to ${unit}${total} but the amount is ${unit}${amount} (${unit}${gap} ${direction}).`;
  },
  PERCENT_TOTAL_MISMATCH: (d) => {
    const total = clean(d.total);
    return total ? `The percentages add up to ${total}, not 100.` : 'The percentages must add up to 100.';
  },
  SHARE_NOT_POSITIVE: (d) => {
    const who = person(d);
    const amount = clean(d.amount);
    const percent = clean(d.percent);
    const count = clean(d.count);
    const weight = clean(d.weight);
    if (who && weight && amount) {
      return `${weight} of the shares of ₹${amount} is less than a paisa, so ${who}'s share would be zero; give them more shares.`;
    }
    if (who && percent && amount) {
      return `${percent}% of ₹${amount} is less than a paisa, so ${who}'s share would be zero; use a larger amount or percentage.`;
    }
    if (who) return `${who}'s share must be more than zero.`;
    if (amount && count) {
      return `₹${amount} is too little to split among ${count} people: everyone's share must be at least ₹0.01.`;
    }
    return "Everyone's share must be at least ₹0.01.";
  },
  ADJUSTMENT_OUTSIDE_SPLIT: (d) => {
    const who = person(d);
    return who
      ? `${who} has an adjustment but is not in the split; name them among the people who share.`
      : 'Each adjustment must be for someone in the split.';
  },
  ADJUSTMENTS_OVER_AMOUNT: (d) => {
    const amount = clean(d.amount);
    return amount
      ? `The adjustments add up to more than ₹${amount}, the whole amount; make them smaller.`
      : 'The adjustments add up to more than the whole amount; make them smaller.';
  },
  FOREIGN_AMOUNT_TOO_PRECISE: (d) => {
    const currency = clean(d.currency) ?? 'that currency';
    const decimals = d.decimals === '0' ? 'no decimals' : `at most ${clean(d.decimals) ?? 'two'} decimals`;
    return `${typedText(d) ?? 'That amount'} has too many decimal places: ${currency} amounts have ${decimals}.`;
  },
  FOREIGN_AMOUNT_TOO_LARGE: (d) =>
    `${typedText(d) ?? 'That amount'} is too large; an amount in ${clean(d.currency) ?? 'another currency'} can be at most 1,000,000,000,000.`,
  RATE_NOT_A_NUMBER: (d) => `${typedText(d) ?? 'That'} is not a rate; write it like 83.20 or 0.0031.`,
  RATE_NOT_POSITIVE: () => 'A rate must be more than zero, like 83.20.',
  RATE_TOO_PRECISE: (d) =>
    `${typedText(d) ?? 'That rate'} has too many digits; a rate has at most 10 decimals and 12 digits, like 0.0031 or 83.2.`,
  RATE_TOO_LARGE: (d) => `${typedText(d) ?? 'That rate'} is too large; a rate can be at most 1,000,000.`,
  MIXED_CURRENCIES: (d) =>
    `${typedText(d) ?? 'That amount'} mixes currencies; write one amount in one currency, like 45 USD.`,
  BILL_TOTAL_MISMATCH: (d) => {
    const typed = clean(d.typed);
    const total = clean(d.total);
    const gap = clean(d.gap);
    const lines = d.charges ? 'the items and charges' : 'the items';
    if (typed === undefined || total === undefined)
      return `The total on the first line is not what ${lines} add up to; fix it or leave it out.`;
    const by = gap === undefined ? '' : ` (₹${gap} ${d.direction === 'over' ? 'over' : 'short'})`;
    return `The first line says ₹${typed}, but ${lines} come to ₹${total}${by}; fix the total or a line, or leave the total out.`;
  },
  BILL_NOT_POSITIVE: (d) => {
    const line = clean(d.line);
    const items = clean(d.items);
    const where = line ? `the discount on line ${line}` : 'the discounts';
    return items
      ? `With ${where} the bill comes to nothing or less (the items are ₹${items}); a discount must be smaller than the bill.`
      : `With ${where} the bill comes to nothing or less; a discount must be smaller than the bill.`;
  },
  CONVERTED_TOO_SMALL: (d) =>
    `${clean(d.original) ?? 'That amount'} at ${clean(d.rate) ?? 'that rate'} comes to less than a paisa; check the rate.`,
  CONVERTED_TOO_LARGE: (d) =>
    `${clean(d.original) ?? 'That amount'} at ${clean(d.rate) ?? 'that rate'} comes to ${clean(d.converted) ?? 'more than one crore'}, and an expense can be at most 1,00,00,000.00 (one crore); check the rate.`,
};

export const LEDGER_ERROR_CODES = Object.keys(MESSAGES) as readonly LedgerErrorCode[];

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  readonly details: LedgerErrorDetails;

  constructor(code: LedgerErrorCode, details: LedgerErrorDetails = {}) {
    super(MESSAGES[code](details));
    this.name = 'LedgerError';
    this.code = code;
    this.details = Object.freeze({ ...details });
  }

  /** The same refusal with the participant shown by name (the raw id stays in details.participant). */
  withName(name: string): LedgerError {
    return new LedgerError(this.code, { ...this.details, name });
  }
}

/** The one plain sentence for a refusal; equal to `error.message`. */
export function describeLedgerError(error: LedgerError): string {
  return MESSAGES[error.code](error.details);
}
