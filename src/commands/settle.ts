// /settle <person> [amount] [note]: the sender paid that person back; /received <person> [amount]
// [note]: that person paid the sender. Without an amount the use case settles the whole debt; with
// one it records exactly that payment (it may exceed the debt). The amount may come before or
// after the person, and a note may follow it; a word where the amount belongs is refused rather
// than ignored, because it could be the number the person meant.
import type { Decimal } from '../ledger/index.js';
import { parseMoney } from './amounts.js';
import { CommandError, fromLedger, USAGE } from './errors.js';
import { nameWord } from './paid/words.js';
import { bare, isPersonLike, readPerson } from './people.js';
import { type Token, tokenize } from './tokens.js';
import type { CommandInput, SettleIntent } from './types.js';
import { amountAt, looksNumeric } from './values.js';

const GROUP_WORDS = new Set(['everyone', 'everybody', 'all', '@all']);

/** At most this many characters of note after the amount. */
export const NOTE_LIMIT = 200;

type Direction = 'settle' | 'received';

const WORDING: Record<Direction, { nobody: string; self: string }> = {
  settle: {
    nobody: 'Name the person you paid',
    self: 'You cannot settle with yourself; name the person you paid',
  },
  received: {
    nobody: 'Name the person who paid you',
    self: 'You cannot receive from yourself; name the person who paid you',
  },
};

/** `/settle <person> [amount] [note]`: the sender paid that person. */
export function parseSettle(input: CommandInput): SettleIntent {
  return parseSettlement(input, 'settle');
}

/** `/received <person> [amount] [note]`: that person paid the sender. */
export function parseReceived(input: CommandInput): SettleIntent {
  return parseSettlement(input, 'received');
}

function parseSettlement(input: CommandInput, direction: Direction): SettleIntent {
  const usage = USAGE[direction];
  const wording = WORDING[direction];
  const tokens = tokenize(input);
  let index = tokens.findIndex((token) => isPersonLike(token) || isGroupWord(token));
  // `/settle asha 500`, `/received 500 ravi`: a first name where the person stands (the members decide).
  if (index < 0) index = plainNameAt(tokens);
  const token = tokens[index];
  if (token && isGroupWord(token)) {
    throw new CommandError('SETTLE_SEVERAL', 'Settle with one person at a time', usage);
  }
  const plain = token && !isPersonLike(token) ? nameWord(token) : null;
  const person =
    plain !== null ? { ref: { kind: 'name' as const, name: plain } } : readPerson(token, input, usage);
  if (!person) throw new CommandError('SETTLE_NOBODY', wording.nobody, usage);
  if (person.ref.kind === 'user' && person.ref.user.id === input.sender.id) {
    throw new CommandError('SETTLE_SELF', wording.self, usage);
  }

  // A second person named anywhere (not just a word such as "me" inside a note) is refused, not
  // ignored; so is any person-like word where the amount belongs.
  tokens.forEach((other, i) => {
    const named = other.user || (bare(other).startsWith('@') && bare(other).length > 1) || isGroupWord(other);
    if (i !== index && named) {
      throw new CommandError('SETTLE_SEVERAL', 'Settle with one person at a time', usage);
    }
  });

  // The amount comes right before or right after the person; whatever follows it is the note.
  const before = tokens.slice(0, index);
  let amountTokens: Token[];
  let noteTokens: Token[];
  if (before.length > 0) {
    amountTokens = before;
    noteTokens = tokens.slice(index + 1);
    // A number straight after the person would be a second amount, not a note.
    if (looksNumeric(noteTokens[0]) || amountAt(noteTokens, 0)) throw extra(usage);
  } else {
    const after = tokens.slice(index + 1);
    const span = after.length === 0 ? 0 : (amountAt(after, 0)?.span ?? 1);
    amountTokens = after.slice(0, span);
    noteTokens = after.slice(span);
  }
  if (amountTokens.some(isPersonLike)) {
    throw new CommandError('SETTLE_SEVERAL', 'Settle with one person at a time', usage);
  }
  if (amountTokens.length === 0) return { person: person.ref };
  // A single word that is not a number still goes to the ledger's parser, whose sentence
  // ("half" is not an amount; write it like 1200 …) says what an amount looks like.
  const value = amountAt(amountTokens, 0) ?? { text: bare(amountTokens[0] as Token), span: 1 };
  let amount: Decimal;
  try {
    amount = parseMoney(value.text);
  } catch (error) {
    fromLedger(error, 'BAD_AMOUNT', usage);
  }
  if (amountTokens.length > value.span) throw extra(usage);
  const first = noteTokens[0];
  if (!first) return { person: person.ref, amount };
  const note = input.text.slice(first.start).replace(/\s+/g, ' ').trim();
  const length = Array.from(note).length;
  if (length > NOTE_LIMIT) {
    throw new CommandError(
      'DESCRIPTION_TOO_LONG',
      `The note is ${length} characters long but can be at most ${NOTE_LIMIT}`,
      usage,
      { length: String(length), limit: String(NOTE_LIMIT) },
    );
  }
  return { person: person.ref, amount, note };
}

function isGroupWord(token: Token | undefined): boolean {
  return token !== undefined && !token.user && GROUP_WORDS.has(bare(token).toLowerCase());
}

function extra(usage: string): CommandError {
  return new CommandError(
    'SETTLE_EXTRA',
    'Write the person, the amount and then, if you like, a note',
    usage,
  );
}

/** Where a plain first name stands in place of the person: first, or right after the amount. */
function plainNameAt(tokens: readonly Token[]): number {
  if (nameWord(tokens[0]) !== null) return 0;
  const amount = amountAt(tokens, 0);
  return amount && nameWord(tokens[amount.span]) !== null ? amount.span : -1;
}
