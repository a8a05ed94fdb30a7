// The /paid grammar: `/paid <amount> [by <person>] [<date>] [equal|exact|percent|shares] <people>
// [description]`, and the everyday phrases around it (`with ravi and meera`, `everyone except
// kabir`, `half with ravi`, `for kabir`, `by Kabir`, `Kabir paid`, `45 dollars`, `2 400`). The
// sender is the payer unless someone else is named as the payer (the sender still recorded it).
//
// Read in phases over one cursor: amount (amount.ts), leading modifiers (lead.ts), split type and
// people (people.ts), the tail (tail.ts). Where plain words may be names (`by Kabir` or `by auto`)
// the command is read twice, with and without them, and the group's members decide (the use case);
// where the words themselves read two ways (`1 500 cook salary`, `500 bucks`) every reading is
// returned and the bot asks which was meant. Nothing is guessed.
import { currencyNamed } from '../../ledger/index.js';
import { CommandError, PAID_EXAMPLES } from '../errors.js';
import { bare, senderPerson } from '../people.js';
import { clip, type Token, tokenize } from '../tokens.js';
import type { CommandInput, PaidIntent } from '../types.js';
import { type AmountOption, amountOptions, perhapsCurrency, readAmountPhase } from './amount.js';
import type { Cursor, Reading } from './cursor.js';
import { readLead } from './lead.js';
import { readPeople, readSplitType, VALUE_NAMES } from './people.js';
import { checkDescription, DESCRIPTION_LIMIT, descriptionOf, readTail } from './tail.js';

export { DESCRIPTION_LIMIT };

export function parsePaid(input: CommandInput): PaidIntent {
  const tokens = tokenize(input);
  const readings: PaidIntent[] = [];
  let refusal: unknown;
  for (const option of amountOptions(tokens)) {
    try {
      readings.push(readEitherWay(input, tokens, option));
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      refusal ??= error;
    }
  }
  const [primary, ...others] = readings;
  if (!primary) throw refusal;
  if (others.length === 0) return primary;
  const alternatives = [
    ...(primary.alternatives ?? []),
    ...others.map((intent) => ({ why: 'spaced-amount' as const, intent })),
  ];
  return { ...primary, alternatives };
}

/** The reading with plain words as names, and (when it has some) the one without, as its fallback. */
function readEitherWay(input: CommandInput, tokens: readonly Token[], option: AmountOption): PaidIntent {
  let named: PaidIntent | undefined;
  let refusal: unknown;
  try {
    named = readOnce({ input, tokens, i: 0, names: true }, option);
    if (!named.tentative) return named;
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    refusal = error;
  }
  // A refusal of the reading with names stands (`Meera meera me` names Meera twice).
  if (!named) throw refusal;
  try {
    return { ...named, fallback: readOnce({ input, tokens, i: 0, names: false }, option) };
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    return named;
  }
}

function readOnce(c: Cursor, option: AmountOption): PaidIntent {
  const r = readAmountPhase(c, option);
  const perhaps = perhapsCurrency(c, r);
  readLead(c, r);
  readSplitType(c, r);
  readPeople(c, r);
  readTail(c, r);
  const intent = finish(c, r);
  const alternatives = [...r.alternatives];
  if (perhaps !== null)
    alternatives.push({ why: 'perhaps-currency', intent: { ...intent, currency: perhaps } });
  const named = r.currency === undefined && perhaps === null ? currencyInDescription(c, r) : null;
  if (named) {
    const description = descriptionOf(c, without(r.description, named.at));
    alternatives.push({
      why: 'currency-in-description',
      intent: { ...intent, currency: named.code, description },
    });
  }
  return alternatives.length === 0 ? intent : { ...intent, alternatives };
}

function finish(c: Cursor, r: Reading): PaidIntent {
  if (r.type !== 'EQUAL' && r.participants.length === 0) {
    throw new CommandError(
      'NOBODY_NAMED',
      `Name each person with ${VALUE_NAMES[r.type]}`,
      PAID_EXAMPLES[r.type],
    );
  }
  if (r.withPayer) {
    // `with ravi`: the payer shares too (the sender unless someone else paid), named first.
    const payer = r.payer ?? r.payers?.[0]?.person ?? senderPerson(c.input, 'me').ref;
    const keys =
      payer.kind === 'name' ? [`name:${payer.name.toLowerCase()}`] : senderPerson(c.input, 'me').keys;
    if (!keys.some((key) => r.seen.has(key))) r.participants.unshift({ person: payer });
  }
  const ranges = [...r.description].sort((a, b) => a[0] - b[0]);
  const description = descriptionOf(c, ranges);
  refuseNamesInDescription(c, r, ranges);
  checkDescription(description, r.type);
  const everyone = r.everyone || r.participants.length === 0;
  // Each candidate's description: what is kept for the description after it.
  r.candidates.forEach((candidate, k) => {
    // Without the candidates up to this one; words before them (`dinner @ravi meera`) stay.
    const first = r.candidateFrom;
    const after = (r.candidateAt[k] ?? 0) + 1;
    const kept = ranges.flatMap(([from, to]): [number, number][] => [
      [from, Math.min(to, first)],
      [Math.max(from, after), to],
    ]);
    candidate.descriptionAfter = descriptionOf(c, kept);
  });
  return {
    amount: r.amount,
    ...(r.amountTyped === undefined ? {} : { amountTyped: r.amountTyped }),
    ...(r.currency === undefined ? {} : { currency: r.currency }),
    ...(r.rate === undefined ? {} : { rate: r.rate }),
    splitType: r.type,
    everyone,
    participants: r.participants,
    description,
    candidates: r.everyone ? [] : r.candidates,
    ...(r.payer === undefined ? {} : { payer: r.payer }),
    ...(r.payers === undefined ? {} : { payers: r.payers }),
    ...(r.adjustments.length === 0
      ? {}
      : { adjustments: r.adjustments.map(({ person, amount }) => ({ person, amount })) }),
    ...(r.spentOn === undefined ? {} : { spentOn: r.spentOn }),
    ...(r.everyone ? { everyoneWritten: true } : {}),
    ...(r.except.length === 0 ? {} : { except: r.except }),
    ...(r.tentative.length === 0 ? {} : { tentative: r.tentative }),
  };
}

/**
 * Nobody named means the whole group; if the description names someone by @username, the names
 * were most likely meant as participants and came after a stray word ("/paid 500 dinner @ravi")
 * handled above; anything left is asked about in words: splitting among everyone would be wrong.
 */
function refuseNamesInDescription(c: Cursor, r: Reading, ranges: readonly [number, number][]): void {
  if (r.participants.length > 0 || r.everyone || ranges.length === 0) return;
  const tokens = ranges.flatMap(([from, to]) => c.tokens.slice(from, to));
  const named = tokens.find((t) => t.user !== undefined || /^@[A-Za-z][A-Za-z0-9_]{0,31}$/.test(bare(t)));
  if (!named) return;
  const first = clip((tokens[0] as Token).text);
  const label = clip(named.text) || 'someone';
  throw new CommandError(
    'NAMES_IN_DESCRIPTION',
    `"${first}" comes before ${label}, so I cannot tell who shares: put the people right after the amount, or write everyone before the description`,
    PAID_EXAMPLES.EQUAL,
    { word: first, person: label },
  );
}

/** A currency named in the description (`2000 momos nrs`), which the amount did not use. */
function currencyInDescription(c: Cursor, r: Reading): { code: string; at: number } | null {
  for (const [from, to] of r.description) {
    for (let j = from; j < to; j++) {
      const token = c.tokens[j] as Token;
      const code = token.user ? null : currencyNamed(bare(token));
      if (code !== null && code !== 'INR') return { code, at: j };
    }
  }
  return null;
}

function without(ranges: readonly [number, number][], at: number): [number, number][] {
  return ranges.flatMap(([from, to]): [number, number][] =>
    at >= from && at < to
      ? [
          [from, at],
          [at + 1, to],
        ]
      : [[from, to]],
  );
}

/**
 * The intent when it reads one way only; where no one can be asked with buttons (an edit, a
 * recurring rule) a command that reads two ways is refused in one sentence instead.
 */
export function unambiguous(intent: PaidIntent): PaidIntent {
  const [other] = intent.alternatives ?? [];
  if (!other) return intent;
  const reasons: Record<typeof other.why, string> = {
    'spaced-amount': `The amount may be ${intent.amount.toString()} or ${other.intent.amount.toString()}; write it without spaces (${intent.amount.toString()}) or put the description after a word`,
    'perhaps-currency': `"bucks" may be rupees or ${other.intent.currency ?? 'dollars'}; write the currency's code after the amount`,
    'currency-in-description': `${other.intent.currency ?? 'A currency'} is named in the description; put it right after the amount if the amount is in it, or leave it out`,
  };
  throw new CommandError('READS_TWO_WAYS', reasons[other.why], '/paid 1500 NPR momos');
}
