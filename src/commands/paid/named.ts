// Adding a person to a /paid being read, and reading a list of people (`ravi, meera and @kabir`)
// after a phrase word. Shared by the leading phrases, the people and the tail.
import { type Decimal, MAX_PARTICIPANTS } from '../../ledger/index.js';
import { CommandError, EVERYONE_EXAMPLE } from '../errors.js';
import { isPersonLike, type NamedPerson, readPerson } from '../people.js';
import { clip } from '../tokens.js';
import type { PersonRef } from '../types.js';
import type { Cursor, Reading } from './cursor.js';
import { isSeparator, nameWord } from './words.js';

/** A person as a list names them: someone named for sure, or a plain word the members decide. */
export type Listed = NamedPerson & { plain: boolean };

function plainPerson(name: string): Listed {
  return {
    ref: { kind: 'name', name },
    label: clip(name),
    keys: [`name:${name.toLowerCase()}`],
    plain: true,
  };
}

/** Refuses someone named twice and a list longer than an expense can hold, then adds them. */
export function addPerson(r: Reading, person: NamedPerson, example: string, value?: Decimal): void {
  if (person.keys.some((key) => r.seen.has(key))) {
    throw new CommandError(
      'DUPLICATE_PERSON',
      `${person.label} is named twice; name each person once`,
      example,
      {
        person: person.label,
      },
    );
  }
  if (r.participants.length >= MAX_PARTICIPANTS) {
    throw new CommandError(
      'TOO_MANY_PEOPLE',
      r.type === 'EQUAL'
        ? `One expense can be split among at most ${MAX_PARTICIPANTS} people; to split with the whole group, write everyone`
        : `One expense can be split among at most ${MAX_PARTICIPANTS} people`,
      r.type === 'EQUAL' ? EVERYONE_EXAMPLE : example,
      { limit: String(MAX_PARTICIPANTS) },
    );
  }
  for (const key of person.keys) r.seen.add(key);
  r.participants.push(value === undefined ? { person: person.ref } : { person: person.ref, value });
}

export function addPlain(r: Reading, name: string, example: string, value?: Decimal): void {
  addPerson(r, plainPerson(name), example, value);
  r.tentative.push(name);
}

/**
 * The people listed from the cursor (`ravi, meera and @kabir`), and how many tokens they take; null
 * when none is. Plain words count only when the cursor may read names, and at most `limit` of them.
 */
export function listAt(
  c: Cursor,
  from: number,
  example: string,
  limit = 8,
): { people: Listed[]; span: number } | null {
  const people: Listed[] = [];
  let j = from;
  while (j < c.tokens.length && people.length < limit) {
    const listed = listedAt(c, j, example);
    if (!listed) break;
    people.push(listed);
    j++;
    // Plain names need a joining word or a comma between them ("with ravi dinner" is one name).
    const next = c.tokens[j];
    if (isSeparator(next) && listedAt(c, j + 1, example)) j++;
    else if (!c.tokens[j - 1]?.raw.endsWith(',') && !isPersonLike(next)) break;
  }
  return people.length === 0 ? null : { people, span: j - from };
}

function listedAt(c: Cursor, j: number, example: string): Listed | null {
  const token = c.tokens[j];
  if (isPersonLike(token)) {
    if (token && !token.user && token.text.toLowerCase() === '@all') return null;
    const person = readPerson(token, c.input, example);
    return person ? { ...person, plain: false } : null;
  }
  const name = c.names ? nameWord(token) : null;
  return name === null ? null : plainPerson(name);
}

/** Adds what a list named, plain words as tentative names. */
export function addListed(r: Reading, people: readonly Listed[], example: string): void {
  for (const person of people) {
    if (person.plain) addPlain(r, (person.ref as Extract<PersonRef, { kind: 'name' }>).name, example);
    else addPerson(r, person, example);
  }
}
