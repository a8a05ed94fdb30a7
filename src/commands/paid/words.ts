// The words of the /paid grammar, in one place: split types, "everyone", the joining words between
// names, and the everyday phrases (`with`, `except`, `for`, `by`, `paid`, `half with`) that name who
// shares or who paid. A plain word that could be someone's name is decided here too.
import type { SplitType } from '../../ledger/index.js';
import { currencyPerhapsNamed } from '../../ledger/index.js';
import { MULTIPLIER_WORD } from '../amounts.js';
import { bare } from '../people.js';
import type { Token } from '../tokens.js';
import { isCurrencyWord } from '../values.js';

export const SPLIT_WORDS: Readonly<Record<string, SplitType>> = {
  equal: 'EQUAL',
  equally: 'EQUAL',
  exact: 'EXACT',
  exactly: 'EXACT',
  percent: 'PERCENT',
  percentage: 'PERCENT',
  percentages: 'PERCENT',
  shares: 'SHARES',
  weighted: 'SHARES',
};
// Short forms are also ordinary words ("/paid 45000 pc" is a computer), so they count as a split
// type only when a person follows them.
export const SHORT_SPLIT_WORDS: Readonly<Record<string, SplitType>> = {
  eq: 'EQUAL',
  ex: 'EXACT',
  pc: 'PERCENT',
  pct: 'PERCENT',
  '%': 'PERCENT',
};
/** The whole group: English, and Hindi's `sab` (everyone) as flatmates type it. */
export const EVERYONE_WORDS = new Set([
  'everyone',
  'everybody',
  'all',
  '@all',
  'sab',
  'sabhi',
  'sabka',
  'sabke',
]);
// `all` is an ordinary word too ("@asha @ravi all snacks"), so only these refuse when names precede.
export const EVERYONE_STRICT = new Set(['everyone', 'everybody', '@all', 'sab', 'sabhi']);
// Joining words between names: skipped only when a person follows, so "and chai" stays a description.
export const SEPARATORS = new Set([',', 'and', '&', '+', 'aur', 'n']);

/** The phrases that name people: what each means for the split (or the payer). */
export type PhraseKind = 'with' | 'for' | 'except' | 'by';
export const PHRASE_WORDS: Readonly<Record<string, PhraseKind>> = {
  with: 'with',
  'w/': 'with',
  saath: 'with',
  for: 'for',
  except: 'except',
  excluding: 'except',
  but: 'except',
  without: 'except',
  by: 'by',
};
/** `half with X`: the payer and X, equally. */
export const HALF_WORDS = new Set(['half', '50-50', '50/50', 'fifty-fifty']);
/** `Kabir paid`: the word after a name that makes it the payer. */
export const PAID_WORD = 'paid';

export function word(token: Token): string {
  return bare(token).toLowerCase();
}

// A plain word that could be someone's name (`Meera`, `रवि`): letters, then letters, marks, an
// apostrophe, a dot or a hyphen. Grammar words, and small words that start descriptions ("for",
// "with"), never are; the members of the group decide about the rest.
const NAME_WORD = /^\p{L}[\p{L}\p{M}'’.-]*$/u;
const NOT_NAMES = new Set([
  ...Object.keys(SPLIT_WORDS),
  ...Object.keys(SHORT_SPLIT_WORDS),
  ...Object.keys(PHRASE_WORDS),
  ...EVERYONE_WORDS,
  ...SEPARATORS,
  ...HALF_WORDS,
  PAID_WORD,
  ...['me', 'a', 'an', 'the', 'to', 'of', 'on', 'in', 'at', 'from', 'my', 'our', 'this', 'that'],
  ...['per', 'via', 'today', 'yesterday', 'ka', 'ke', 'ki', 'ko', 'se', 'ne', 'us', 'i', 'we'],
]);

export function nameWord(token: Token | undefined): string | null {
  if (!token || token.user) return null;
  const text = bare(token);
  if (!NAME_WORD.test(text) || NOT_NAMES.has(text.toLowerCase())) return null;
  if (MULTIPLIER_WORD.test(text) || isCurrencyWord(token) || currencyPerhapsNamed(text) !== null) return null;
  return text;
}

export function isSeparator(token: Token | undefined): boolean {
  return token !== undefined && !token.user && SEPARATORS.has(word(token));
}

export function isWord(token: Token | undefined, words: ReadonlySet<string>): boolean {
  return token !== undefined && !token.user && words.has(word(token));
}
