// The grammar of /timezone, /remind and /reminders, pure.
//
// /timezone [Asia/Kolkata]                 the group's zone (none: show it)
// /remind <person>                         nudge one person who owes you, privately
// /reminders [after N days] [above X] | off   automatic nudges (none: show the setting)
import type { Decimal } from '../ledger/index.js';
import { parseMoney } from './amounts.js';
import { CommandError, fromLedger } from './errors.js';
import { nameWord } from './paid/words.js';
import { bare, isPersonLike, readPerson } from './people.js';
import { canonicalTimeZone, isTimeZone } from './schedule.js';
import { tokenize } from './tokens.js';
import type { CommandInput, PersonRef } from './types.js';

export const TIMEZONE_EXAMPLE = '/timezone Asia/Kolkata';
export const REMIND_EXAMPLE = '/remind @ravi';
export const REMINDERS_EXAMPLE = '/reminders after 7 days above 500';

/** A few names people type instead of the IANA ones. */
const ZONE_ALIASES: Readonly<Record<string, string>> = {
  ist: 'Asia/Kolkata',
  india: 'Asia/Kolkata',
  'asia/calcutta': 'Asia/Kolkata',
  gmt: 'UTC',
  utc: 'UTC',
};

/** The zone named (canonical spelling), or null when none was given. */
export function parseTimezone(input: CommandInput): string | null {
  const words = tokenize(input).map((t) => t.text);
  if (words.length === 0) return null;
  const typed = words.join('_');
  const zone = ZONE_ALIASES[typed.toLowerCase()] ?? typed;
  if (words.length > 1 || !isTimeZone(zone)) {
    throw new CommandError(
      'BAD_TIMEZONE',
      `I don't know the time zone "${typed.slice(0, 40)}"; write it as region/city`,
      TIMEZONE_EXAMPLE,
    );
  }
  return canonicalTimeZone(zone);
}

/** `/remind @ravi`: the one person to nudge. */
export function parseRemind(input: CommandInput): PersonRef {
  const tokens = tokenize(input);
  // `/remind kabir`: a first name, which the members decide about.
  const plain = tokens.length === 1 && !isPersonLike(tokens[0]) ? nameWord(tokens[0]) : null;
  if (plain !== null) return { kind: 'name', name: plain };
  const people = tokens.filter((t) => isPersonLike(t));
  if (people.length !== 1 || tokens.length !== 1) {
    throw new CommandError('SETTLE_NOBODY', 'Name the one person who owes you', REMIND_EXAMPLE);
  }
  const person = readPerson(people[0], input, REMIND_EXAMPLE);
  if (!person) throw new CommandError('SETTLE_NOBODY', 'Name the one person who owes you', REMIND_EXAMPLE);
  if (person.ref.kind === 'user' && person.ref.user.id === input.sender.id) {
    throw new CommandError('SETTLE_SELF', 'You cannot remind yourself; name who owes you', REMIND_EXAMPLE);
  }
  return person.ref;
}

export type RemindersIntent =
  | { kind: 'show' }
  | { kind: 'off' }
  | { kind: 'set'; afterDays?: number; above?: Decimal };

/** `/reminders after 7 days`, `/reminders above 500`, both, `off`, or nothing (show). */
export function parseReminders(input: CommandInput): RemindersIntent {
  const words = tokenize(input).map((t) => bare(t).toLowerCase());
  if (words.length === 0) return { kind: 'show' };
  if (words.length === 1 && OFF_WORDS.has(words[0] ?? '')) return { kind: 'off' };
  const intent: { kind: 'set'; afterDays?: number; above?: Decimal } = { kind: 'set' };
  for (let i = 0; i < words.length; ) {
    const word = words[i];
    if (word === 'after' && intent.afterDays === undefined) {
      intent.afterDays = daysAt(words, i + 1);
      i += words[i + 2] !== undefined && DAY_WORDS.has(words[i + 2] as string) ? 3 : 2;
    } else if ((word === 'above' || word === 'over') && intent.above === undefined) {
      intent.above = amountAt(words, i + 1);
      i += 2;
    } else if (word === 'and' && i > 0) {
      i++;
    } else {
      refuseReminders();
    }
  }
  return intent;
}

const OFF_WORDS = new Set(['off', 'stop', 'none']);
const DAY_WORDS = new Set(['days', 'day', 'd']);

function refuseReminders(): never {
  throw new CommandError(
    'BAD_REMINDERS',
    'Say after how many days or above what amount I nudge people who owe, or off',
    REMINDERS_EXAMPLE,
  );
}

/** The whole number of days (1 to 999) at `i`. */
function daysAt(words: readonly string[], i: number): number {
  const days = words[i] ?? '';
  if (!/^\d{1,3}$/.test(days) || Number(days) < 1) refuseReminders();
  return Number(days);
}

/** The amount at `i`, refused in the ledger's own words when it is not one. */
function amountAt(words: readonly string[], i: number): Decimal {
  try {
    return parseMoney(words[i] ?? '');
  } catch (error) {
    return fromLedger(error, 'BAD_REMINDERS', REMINDERS_EXAMPLE);
  }
}
