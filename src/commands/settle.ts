// /settle <person> [amount]: the sender paid that person back. Without an amount the use case
// settles the whole debt; with one it records exactly that payment (it may exceed the debt).
// The amount may come before or after the person; anything else is refused rather than ignored,
// because an ignored word could be the number the person meant.
import { type Decimal, parseAmount } from '../ledger/index.js';
import { CommandError, fromLedger, USAGE } from './errors.js';
import { bare, isPersonLike, type NamedPerson, readPerson } from './people.js';
import { type Token, tokenize } from './tokens.js';
import type { CommandInput, SettleIntent } from './types.js';
import { amountAt } from './values.js';

const GROUP_WORDS = new Set(['everyone', 'everybody', 'all', '@all']);

export function parseSettle(input: CommandInput): SettleIntent {
  const usage = USAGE.settle;
  const tokens = tokenize(input);
  const people: { index: number; person: NamedPerson }[] = [];
  tokens.forEach((token, index) => {
    if (!token.user && GROUP_WORDS.has(bare(token).toLowerCase())) {
      throw new CommandError('SETTLE_SEVERAL', 'Settle with one person at a time', usage);
    }
    if (!isPersonLike(token)) return;
    const person = readPerson(token, input, usage);
    if (person) people.push({ index, person });
  });
  const found = people[0];
  if (!found) throw new CommandError('SETTLE_NOBODY', 'Name the person you paid', usage);
  if (people.length > 1) throw new CommandError('SETTLE_SEVERAL', 'Settle with one person at a time', usage);
  const { person, index } = found;
  if (person.ref.kind === 'user' && person.ref.user.id === input.sender.id) {
    throw new CommandError('SETTLE_SELF', 'You cannot settle with yourself; name the person you paid', usage);
  }

  const before = tokens.slice(0, index);
  const after = tokens.slice(index + 1);
  if (before.length > 0 && after.length > 0) throw extra(usage);
  const rest: Token[] = before.length > 0 ? before : after;
  if (rest.length === 0) return { person: person.ref };
  // A single word that is not a number still goes to the ledger's parser, whose sentence
  // ("half" is not an amount; write it like 1200 …) says what an amount looks like.
  const value = amountAt(rest, 0) ?? { text: bare(rest[0] as Token), span: 1 };
  let amount: Decimal;
  try {
    amount = parseAmount(value.text);
  } catch (error) {
    fromLedger(error, 'BAD_AMOUNT', usage);
  }
  if (rest.length > value.span) throw extra(usage);
  return { person: person.ref, amount };
}

function extra(usage: string): CommandError {
  return new CommandError('SETTLE_EXTRA', 'Write only the person and, if you like, the amount', usage);
}
