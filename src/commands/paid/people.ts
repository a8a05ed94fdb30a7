// Phases 3 and 4 of /paid: the split type (`equal`, `exact`, `percent`, `shares`, or none for
// equal), then the people, each with their share for exact, percent and shares splits. People are
// read while words look like people; the first word that does not starts the description. Shapes
// that would silently record the wrong expense (a share without a split type, a person without a
// share) are refused. Plain words standing before a person (`Meera me`) are tentative names;
// after the people they are candidates the members decide about (see types.ts).
import { Decimal, parsePercent, parseWeight, type SplitType } from '../../ledger/index.js';
import { asciiDigits, readAmount } from '../amounts.js';
import { dateAt } from '../dates.js';
import { CommandError, EVERYONE_EXAMPLE, fromLedger, PAID_EXAMPLES } from '../errors.js';
import { bare, isPersonLike, readPerson } from '../people.js';
import { clip, type Token } from '../tokens.js';
import type { NameCandidate } from '../types.js';
import { amountAt, looksNumeric, percentAt } from '../values.js';
import { amountInExpenseCurrency } from './amount.js';
import { at, type Cursor, type Reading } from './cursor.js';
import { applyPhrase } from './lead.js';
import { addPerson, addPlain } from './named.js';
import {
  EVERYONE_STRICT,
  EVERYONE_WORDS,
  isSeparator,
  isWord,
  nameWord,
  PHRASE_WORDS,
  SHORT_SPLIT_WORDS,
  SPLIT_WORDS,
  word,
} from './words.js';

/** More plain words than this before a person are a description, not names. */
const NAME_RUN_LIMIT = 3;
/** How many words after the people may still be names (a first and last name, twice). */
const CANDIDATE_LIMIT = 4;

export const VALUE_NAMES: Readonly<Record<SplitType, string>> = {
  EQUAL: 'a share',
  EXACT: 'an amount',
  PERCENT: 'a percentage',
  SHARES: 'a number of shares',
};
const SPLIT_ARTICLES: Readonly<Record<SplitType, string>> = {
  EQUAL: 'an equal',
  EXACT: 'an exact',
  PERCENT: 'a percent',
  SHARES: 'a shares',
};

export function readSplitType(c: Cursor, r: Reading): void {
  const token = at(c);
  if (!token || token.user) return;
  const type =
    SPLIT_WORDS[word(token)] ?? (isPersonLike(at(c, 1)) ? SHORT_SPLIT_WORDS[word(token)] : undefined);
  if (!type) return;
  // `for @ravi shares`: people named by a phrase before the type have no values to split by.
  if (type !== 'EQUAL' && (r.participants.length > 0 || r.everyone)) {
    throw new CommandError(
      'TYPE_AFTER_PEOPLE',
      `${clip(bare(token))} comes after the people; write the split type right after the amount, then each person with ${VALUE_NAMES[type]}`,
      PAID_EXAMPLES[type],
      { word: clip(bare(token)) },
    );
  }
  r.type = type;
  c.i++;
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
export function readPeople(c: Cursor, r: Reading): void {
  while (c.i < c.tokens.length) {
    const token = at(c) as Token;
    // A date after the people (`me @ravi yesterday lunch`) is the date too, not the description.
    const date = r.spentOn === undefined && r.participants.length > 0 ? dateAt(c.tokens, c.i) : null;
    if (date) {
      r.spentOn = date.spentOn;
      c.i += date.span;
      continue;
    }
    const next = at(c, 1);
    if (r.participants.length > 0 && isSeparator(token) && isPersonLike(next)) {
      c.i++;
      continue;
    }
    // `me and asha`: names after the people, which the members decide about ("and chai" stays).
    if (r.participants.length > 0 && isSeparator(token) && nameWord(next) !== null) {
      if (r.type === 'EQUAL') readCandidates(c, r);
      return;
    }
    if (isWord(token, EVERYONE_WORDS)) {
      readEveryone(c, r);
      return;
    }
    if (isRateMark(c.tokens, c.i)) return; // `@ 83.20` after the people: the tail reads it
    if (isPersonLike(token)) {
      readNamedPerson(c, r);
      continue;
    }
    if (nameWord(token) !== null) {
      if (readPlainName(c, r)) continue;
      return;
    }
    if (readAdjustment(c, r)) continue;
    checkStray(c, r);
    return;
  }
}

export const ADJUSTED_EXAMPLE = '/paid 1200 equal everyone +200 @ravi -100 @meera dinner';

/**
 * `+200 @ravi`, `-100 @meera` in an equal split: that person's share is the equal part plus (or
 * minus) this; the adjustments are taken first and the rest shared equally.
 */
function readAdjustment(c: Cursor, r: Reading): boolean {
  const found = adjustmentAt(c, c.i);
  if (!found || r.type !== 'EQUAL') return false;
  const person = readPerson(c.tokens[c.i + found.span], c.input, ADJUSTED_EXAMPLE);
  if (!person) return false;
  if (r.currency !== undefined) {
    throw new CommandError(
      'ADJUSTMENT',
      "Adjustments work in the group's own currency; write the amount in it, or record the extra as its own expense",
      ADJUSTED_EXAMPLE,
    );
  }
  const key = person.keys[0] as string;
  if (r.adjustments.some((a) => a.keys.includes(key))) {
    throw new CommandError(
      'DUPLICATE_PERSON',
      `${person.label} has two adjustments; give each person one`,
      ADJUSTED_EXAMPLE,
      {
        person: person.label,
      },
    );
  }
  let value: Decimal;
  try {
    value = readAmount(found.text).value;
  } catch (error) {
    fromLedger(error, 'BAD_VALUE', ADJUSTED_EXAMPLE, { person: person.label });
  }
  r.adjustments.push({ person: person.ref, amount: found.negative ? value.neg() : value, keys: person.keys });
  c.i += found.span + 1;
  return true;
}

/** A signed amount at `i` (`+200`, `-₹100`, `+ 200`) followed by a person; null otherwise. */
export function adjustmentAt(c: Cursor, i: number): { text: string; negative: boolean; span: number } | null {
  const token = c.tokens[i];
  if (!token || token.user) return null;
  const text = bare(token);
  const glued = /^([+-])(.+)$/u.exec(text);
  if (glued && /\p{Nd}/u.test(glued[2] as string) && isPersonLike(c.tokens[i + 1]))
    return { text: glued[2] as string, negative: glued[1] === '-', span: 1 };
  const next = c.tokens[i + 1];
  if (/^[+-]$/.test(text) && looksNumeric(next) && isPersonLike(c.tokens[i + 2]))
    return { text: bare(next as Token), negative: text === '-', span: 2 };
  return null;
}

/** `everyone`, `all`, `sab`, optionally `except kabir`: the whole group; the people end here. */
function readEveryone(c: Cursor, r: Reading): void {
  const token = at(c) as Token;
  if (r.participants.length > 0) {
    if (!EVERYONE_STRICT.has(word(token))) return;
    throw new CommandError('EVERYONE_AND_NAMES', 'Name people or write everyone, not both', EVERYONE_EXAMPLE);
  }
  const example = PAID_EXAMPLES[r.type];
  if (r.type !== 'EQUAL') {
    throw new CommandError(
      'EVERYONE_NOT_EQUAL',
      `The word everyone works with an equal split only; for ${SPLIT_ARTICLES[r.type]} split, name each person with ${VALUE_NAMES[r.type]}`,
      example,
    );
  }
  r.everyone = true;
  c.i++;
  if (PHRASE_WORDS[word(at(c) ?? token)] === 'except') c.i += applyPhrase(c, r, c.i);
  while (readAdjustment(c, r)) {
    // `everyone +200 @ravi -100 @meera`: each adjustment read in turn
  }
  if (isPersonLike(at(c))) {
    throw new CommandError('EVERYONE_AND_NAMES', 'Name people or write everyone, not both', EVERYONE_EXAMPLE);
  }
}

function readNamedPerson(c: Cursor, r: Reading): void {
  const example = PAID_EXAMPLES[r.type];
  const person = readPerson(at(c), c.input, example);
  if (!person) return;
  c.i++;
  if (r.type === 'EQUAL') {
    addPerson(r, person, example);
    r.afterPerson = true;
    return;
  }
  const found = valueAt(r.type, c.tokens, c.i);
  if (!found) {
    throw new CommandError('MISSING_VALUE', `Give ${VALUE_NAMES[r.type]} after ${person.label}`, example, {
      person: person.label,
    });
  }
  addPerson(r, person, example, readValue(r, found.text, person.label));
  c.i += found.span;
}

/** A plain word among the people; false when the description starts at it. */
function readPlainName(c: Cursor, r: Reading): boolean {
  const example = PAID_EXAMPLES[r.type];
  if (r.type !== 'EQUAL') {
    // A plain word followed by a share (`Meera 400`) names a person, unless the shares are complete
    // already (`… @meera 200 uber 2`: the description ends in a number).
    const found = valueAt(r.type, c.tokens, c.i + 1);
    if (!found || !c.names || sharesComplete(r)) return false;
    const name = nameWord(at(c)) as string;
    addPlain(r, name, example, readValue(r, found.text, clip(name)));
    c.i += 1 + found.span;
    return true;
  }
  const run = namesBeforePerson(c.tokens, c.i);
  if (run && run.names.length <= NAME_RUN_LIMIT) {
    // Plain words before a person (`Meera me`) are people if the members know them; if not, they
    // begin the description (`dinner @ravi @meera`).
    // Only words before the first person can be a description (`@x Zed me` names Zed either way).
    if (c.names || r.participants.length > 0) for (const each of run.names) addPlain(r, each, example);
    else r.description.push([c.i, run.personAt]);
    c.i = run.personAt;
    return true;
  }
  // After the people (or the amount) they may be names or the description: the members decide.
  if (!run) readCandidates(c, r);
  return false;
}

/** Exact shares adding up to the amount, or percentages to 100: nobody more can follow. */
function sharesComplete(r: Reading): boolean {
  if (r.type !== 'EXACT' && r.type !== 'PERCENT') return false;
  const sum = r.participants.reduce((total, p) => total.plus(p.value ?? 0), new Decimal(0));
  return sum.eq(r.type === 'EXACT' ? r.amount : 100);
}

/** A number where a person was expected: refused where it can only be a share. */
function checkStray(c: Cursor, r: Reading): void {
  const stray = amountAt(c.tokens, c.i);
  if (!stray) return;
  const valueName = VALUE_NAMES[r.type];
  const label = clip(
    c.tokens
      .slice(c.i, c.i + stray.span)
      .map(bare)
      .join(' '),
  );
  if (r.type !== 'EQUAL') {
    if (sharesComplete(r)) return; // the description starts with a number ("2 pizzas")
    throw new CommandError(
      'VALUE_WITHOUT_PERSON',
      `${label} has nobody before it; write each person and then ${valueName}`,
      PAID_EXAMPLES[r.type],
      { value: label },
    );
  }
  // With an equal split a number is usually the start of the description ("2 pizzas"); it is
  // refused only where it can only be a share: after a name and before another name or the end.
  const following = c.tokens[c.i + stray.span];
  if (r.afterPerson && (following === undefined || isPersonLike(following) || label.endsWith('%'))) {
    throw new CommandError(
      'VALUE_WITHOUT_TYPE',
      `${label} after a name needs a split type: exact for amounts, percent for percentages`,
      PAID_EXAMPLES.EXACT,
      { value: label },
    );
  }
  if (!r.afterPerson && isPersonLike(following)) {
    throw new CommandError(
      'VALUE_WITHOUT_PERSON',
      `${label} has nobody before it; for shares, write exact or percent and then each person with their share`,
      PAID_EXAMPLES.EXACT,
      { value: label },
    );
  }
}

/** The share typed after a person: an amount, a percentage, or a number of shares (one word). */
function valueAt(
  type: SplitType,
  tokens: readonly Token[],
  i: number,
): { text: string; span: number } | null {
  if (type === 'EXACT') return amountAt(tokens, i);
  if (type === 'PERCENT') return percentAt(tokens, i);
  return looksNumeric(tokens[i]) ? { text: bare(tokens[i] as Token), span: 1 } : null;
}

function readValue(r: Reading, text: string, label: string): Decimal {
  const example = PAID_EXAMPLES[r.type];
  try {
    if (r.type === 'SHARES') return parseWeight(asciiDigits(text));
    if (r.type === 'PERCENT') return parsePercent(asciiDigits(text));
    // Exact shares are in the amount's currency: a bare number is read as one, with its rules.
    const read = amountInExpenseCurrency(r, text);
    if (read instanceof Decimal) return read;
    throw new CommandError(
      'SHARE_CURRENCY',
      `${label}'s share is in ${read.otherCurrency} but the amount is in ${r.currency ?? 'rupees'}; write the shares in the amount's currency`,
      example,
      { person: label },
    );
  } catch (error) {
    if (error instanceof CommandError) throw error;
    fromLedger(error, 'BAD_VALUE', example, { person: label });
  }
}

/** The plain words from `i` up to the person they stand before (`Meera me`), or null when none follows. */
function namesBeforePerson(
  tokens: readonly Token[],
  i: number,
): { names: string[]; personAt: number } | null {
  const names: string[] = [];
  let j = i;
  for (; j < tokens.length; j++) {
    const name = nameWord(tokens[j]);
    if (name !== null) names.push(name);
    else if (!isSeparator(tokens[j])) break;
  }
  const next = tokens[j];
  if (!isPersonLike(next) || isRateMark(tokens, j) || (next && !next.user && word(next) === '@all'))
    return null;
  return { names, personAt: j };
}

/** `@ 83.20` or `@83.20`: a rate, not a person. */
function isRateMark(tokens: readonly Token[], j: number): boolean {
  const token = tokens[j];
  if (!token || token.user) return false;
  if (/^@[\p{Nd}.,]+$/u.test(bare(token))) return true;
  const next = tokens[j + 1];
  return bare(token) === '@' && next !== undefined && !next.user && /^[\p{Nd}.,]+$/u.test(bare(next));
}

/** The words from the cursor that may be names (the description after each is set by the tail). */
function readCandidates(c: Cursor, r: Reading): void {
  const { tokens } = c;
  const candidates: NameCandidate[] = [];
  r.candidateAt = [];
  r.candidateFrom = c.i;
  let j = c.i;
  while (j < tokens.length && candidates.length < CANDIDATE_LIMIT) {
    const name = nameWord(tokens[j]);
    if (name !== null) {
      const previous = candidates[candidates.length - 1];
      const before = tokens[j - 1];
      // `Meera Iyer` may be one person; `Meera, Iyer` or `Meera and Iyer` are two.
      if (previous && nameWord(before) !== null && !before?.raw.endsWith(',')) previous.joinsNext = true;
      candidates.push({ name, joinsNext: false, descriptionAfter: '' });
      r.candidateAt.push(j);
      j++;
    } else if (isSeparator(tokens[j]) && nameWord(tokens[j + 1]) !== null) {
      j++;
    } else {
      break;
    }
  }
  r.candidates = candidates;
}
