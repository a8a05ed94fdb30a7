// The /paid grammar: `/paid <amount> [by <person>] [<date>] [equal|exact|percent|shares] <people>
// [description]`. The sender is the payer unless `by` names someone else (the sender still recorded
// it); the date (`yesterday`, `on 1 Mar`, `2026-03-01`, see dates.ts) is when it was spent. Both
// stand right after the amount, in either order; a date is also read right after the people (or
// `everyone`), where the description would otherwise start. People (and, for exact and percent, the value after each) are read while words look
// like people; the first word that does not starts the description. Shapes that would silently
// record the wrong expense (a share without a split type, a person without a share) are refused.
// A plain word can be a person too (`Meera`): before a person it is one, and the use case must
// find it among the members; after the people it is a candidate that the members decide about, so
// a name is never silently swallowed by the description.
import {
  type Decimal,
  MAX_PARTICIPANTS,
  parsePercent,
  parseRate,
  parseWeight,
  type SplitType,
} from '../ledger/index.js';
import { asciiDigits, MULTIPLIER_WORD, readAmount, readMoney, typedCurrency } from './amounts.js';
import { DATE_EXAMPLE, dateAt } from './dates.js';
import { CommandError, EVERYONE_EXAMPLE, fromLedger, PAID_EXAMPLES } from './errors.js';
import { bare, isPersonLike, readPerson } from './people.js';
import { clip, type Token, tokenize } from './tokens.js';
import type {
  CommandInput,
  NameCandidate,
  PaidIntent,
  PaidParticipant,
  PersonRef,
  SpentOn,
} from './types.js';
import { amountAt, isCurrencyWord, looksNumeric, percentAt } from './values.js';

export const DESCRIPTION_LIMIT = 200;

const SPLIT_WORDS: Readonly<Record<string, SplitType>> = {
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
const SHORT_SPLIT_WORDS: Readonly<Record<string, SplitType>> = {
  eq: 'EQUAL',
  ex: 'EXACT',
  pc: 'PERCENT',
  pct: 'PERCENT',
  '%': 'PERCENT',
};
const EVERYONE_WORDS = new Set(['everyone', 'everybody', 'all', '@all']);
// `all` is an ordinary word too ("@asha @ravi all snacks"), so only these refuse when names precede.
const EVERYONE_STRICT = new Set(['everyone', 'everybody', '@all']);
// Joining words between names: skipped only when a person follows, so "and chai" stays a description.
const SEPARATORS = new Set([',', 'and', '&', '+']);

function word(token: Token): string {
  return bare(token).toLowerCase();
}

// A plain word that could be someone's name (`Meera`, `रवि`): letters, then letters, marks, an
// apostrophe, a dot or a hyphen. Grammar words, and small words that start descriptions ("for",
// "with"), never are; the members of the group decide about the rest.
const NAME_WORD = /^\p{L}[\p{L}\p{M}'’.-]*$/u;
const NOT_NAMES = new Set([
  ...Object.keys(SPLIT_WORDS),
  ...Object.keys(SHORT_SPLIT_WORDS),
  ...EVERYONE_WORDS,
  ...SEPARATORS,
  'me',
  'a',
  'an',
  'the',
  'for',
  'with',
  'to',
  'of',
  'on',
  'in',
  'at',
  'from',
  'by',
  'my',
  'our',
  'this',
  'that',
  'per',
  'via',
  'today',
  'yesterday',
  'aur',
  'ka',
  'ke',
  'ki',
  'ko',
  'se',
]);
/** More plain words than this before a person are a description, not names. */
const NAME_RUN_LIMIT = 3;
/** How many words after the people may still be names (a first and last name, twice). */
const CANDIDATE_LIMIT = 4;

function nameWord(token: Token | undefined): string | null {
  if (!token || token.user) return null;
  const text = bare(token);
  if (!NAME_WORD.test(text) || NOT_NAMES.has(text.toLowerCase())) return null;
  if (MULTIPLIER_WORD.test(text) || isCurrencyWord(token)) return null;
  return text;
}

function isSeparator(token: Token | undefined): boolean {
  return token !== undefined && !token.user && SEPARATORS.has(word(token));
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
  if (!isPersonLike(next) || (next && !next.user && word(next) === '@all')) return null;
  return { names, personAt: j };
}

/** The words from `i` that may be names, each with the description that follows if it is one. */
function nameCandidates(tokens: readonly Token[], i: number, text: string): NameCandidate[] {
  const candidates: NameCandidate[] = [];
  let j = i;
  while (j < tokens.length && candidates.length < CANDIDATE_LIMIT) {
    const name = nameWord(tokens[j]);
    if (name !== null) {
      const previous = candidates[candidates.length - 1];
      const before = tokens[j - 1];
      // `Meera Iyer` may be one person; `Meera, Iyer` or `Meera and Iyer` are two.
      if (previous && nameWord(before) !== null && !before?.raw.endsWith(',')) previous.joinsNext = true;
      const after = tokens[j + 1];
      candidates.push({
        name,
        joinsNext: false,
        descriptionAfter: after ? text.slice(after.start).replace(/\s+/g, ' ').trim() : '',
      });
      j++;
    } else if (candidates.length > 0 && isSeparator(tokens[j]) && nameWord(tokens[j + 1]) !== null) {
      j++;
    } else {
      break;
    }
  }
  return candidates;
}

export function parsePaid(input: CommandInput): PaidIntent {
  const tokens = tokenize(input);
  const first = amountAt(tokens, 0);
  if (!first) {
    throw new CommandError('MISSING_AMOUNT', 'Write the amount first', PAID_EXAMPLES.EQUAL);
  }
  let amount: Decimal;
  let amountTyped: string | undefined;
  let currency: string | undefined;
  try {
    const read = readMoney(first.text);
    amount = read.value;
    currency = read.currency;
    // A foreign amount is echoed in its own currency anyway.
    if (!read.plain && currency === undefined) amountTyped = clip(first.text);
  } catch (error) {
    fromLedger(error, 'BAD_AMOUNT', PAID_EXAMPLES.EQUAL);
  }
  let i = first.span;

  // `by @ravi`, a date and (for another currency) the rate `@ 83.20`, right after the amount, in any order.
  let payer: PersonRef | undefined;
  let spentOn: SpentOn | undefined;
  let rate: Decimal | undefined;
  for (;;) {
    const typedRate = rateAt(tokens, i, currency !== undefined);
    if (typedRate) {
      if (currency === undefined) {
        throw new CommandError(
          'RATE_WITHOUT_CURRENCY',
          `A rate goes with an amount in another currency; write the currency after the amount`,
          RATE_EXAMPLE,
        );
      }
      if (rate) throw new CommandError('DUPLICATE_RATE', 'Give the rate once', RATE_EXAMPLE);
      try {
        rate = parseRate(asciiDigits(typedRate.text));
      } catch (error) {
        fromLedger(error, 'BAD_RATE', RATE_EXAMPLE);
      }
      i += typedRate.span;
      continue;
    }
    const date = dateAt(tokens, i);
    if (date) {
      if (spentOn) {
        throw new CommandError('DUPLICATE_DATE', 'Give the date once', DATE_EXAMPLE);
      }
      spentOn = date.spentOn;
      i += date.span;
      continue;
    }
    const by = payerAt(tokens, i, input);
    if (by) {
      if (payer) {
        throw new CommandError('DUPLICATE_PAYER', 'Name one payer after by', BY_EXAMPLE);
      }
      payer = by;
      i += 2;
      continue;
    }
    break;
  }

  const typeToken = tokens[i];
  const splitType =
    typeToken && !typeToken.user
      ? (SPLIT_WORDS[word(typeToken)] ??
        (isPersonLike(tokens[i + 1]) ? SHORT_SPLIT_WORDS[word(typeToken)] : undefined))
      : undefined;
  if (splitType) i++;
  const type: SplitType = splitType ?? 'EQUAL';
  const example = PAID_EXAMPLES[type];
  const valueName = VALUE_NAMES[type];
  const readValue = (text: string, label: string): Decimal => {
    try {
      if (type === 'SHARES') return parseWeight(asciiDigits(text));
      if (type === 'PERCENT') return parsePercent(asciiDigits(text));
      // Exact shares are in the amount's currency: a bare number is read as one, with its rules.
      const written = typedCurrency(text);
      if (written !== undefined && written !== (currency ?? 'INR')) {
        throw new CommandError(
          'SHARE_CURRENCY',
          `${label}'s share is in ${written} but the amount is in ${currency ?? 'rupees'}; write the shares in the amount's currency`,
          example,
          { person: label },
        );
      }
      if (currency === undefined) return readAmount(text).value;
      return readMoney(written === undefined ? `${currency} ${text}` : text).value;
    } catch (error) {
      if (error instanceof CommandError) throw error;
      fromLedger(error, 'BAD_VALUE', example, { person: label });
    }
  };

  const participants: PaidParticipant[] = [];
  const seen = new Set<string>();
  let everyone = false;
  let afterPerson = false; // the previous word was a person (equal split), for the share-without-type check
  let candidates: NameCandidate[] = [];
  const addName = (name: string, value?: Decimal) => {
    const key = `name:${name.toLowerCase()}`;
    if (seen.has(key)) {
      throw new CommandError(
        'DUPLICATE_PERSON',
        `${clip(name)} is named twice; name each person once`,
        example,
        {
          person: clip(name),
        },
      );
    }
    tooMany();
    seen.add(key);
    participants.push(
      value === undefined ? { person: { kind: 'name', name } } : { person: { kind: 'name', name }, value },
    );
  };
  const tooMany = () => {
    if (participants.length >= MAX_PARTICIPANTS) {
      throw new CommandError(
        'TOO_MANY_PEOPLE',
        type === 'EQUAL'
          ? `One expense can be split among at most ${MAX_PARTICIPANTS} people; to split with the whole group, write everyone`
          : `One expense can be split among at most ${MAX_PARTICIPANTS} people`,
        type === 'EQUAL' ? EVERYONE_EXAMPLE : example,
        { limit: String(MAX_PARTICIPANTS) },
      );
    }
  };

  while (i < tokens.length) {
    const token = tokens[i] as Token;
    const next = tokens[i + 1];

    // A date after the people (`me @ravi yesterday lunch`) is the date too, not the description.
    const date = spentOn === undefined && participants.length > 0 ? dateAt(tokens, i) : null;
    if (date) {
      spentOn = date.spentOn;
      i += date.span;
      continue;
    }

    if (!token.user && participants.length > 0 && SEPARATORS.has(word(token)) && isPersonLike(next)) {
      i++;
      continue;
    }

    if (!token.user && EVERYONE_WORDS.has(word(token))) {
      if (participants.length > 0) {
        if (!EVERYONE_STRICT.has(word(token))) break;
        throw new CommandError(
          'EVERYONE_AND_NAMES',
          'Name people or write everyone, not both',
          EVERYONE_EXAMPLE,
        );
      }
      if (type !== 'EQUAL') {
        throw new CommandError(
          'EVERYONE_NOT_EQUAL',
          `The word everyone works with an equal split only; for ${SPLIT_ARTICLES[type]} split, name each person with ${valueName}`,
          example,
        );
      }
      everyone = true;
      i++;
      if (isPersonLike(tokens[i])) {
        throw new CommandError(
          'EVERYONE_AND_NAMES',
          'Name people or write everyone, not both',
          EVERYONE_EXAMPLE,
        );
      }
      break;
    }

    const person = readPerson(token, input, example);
    if (person) {
      if (person.keys.some((key) => seen.has(key))) {
        throw new CommandError(
          'DUPLICATE_PERSON',
          `${person.label} is named twice; name each person once`,
          example,
          { person: person.label },
        );
      }
      tooMany();
      for (const key of person.keys) seen.add(key);
      i++;
      if (type === 'EQUAL') {
        participants.push({ person: person.ref });
        afterPerson = true;
        continue;
      }
      const found = valueAt(type, tokens, i);
      if (!found) {
        throw new CommandError('MISSING_VALUE', `Give ${valueName} after ${person.label}`, example, {
          person: person.label,
        });
      }
      participants.push({ person: person.ref, value: readValue(found.text, person.label) });
      i += found.span;
      continue;
    }

    const name = nameWord(token);
    if (name !== null && type === 'EQUAL') {
      // Plain words standing before a person (`Meera me`) are people too; they must name members.
      const run = namesBeforePerson(tokens, i);
      if (run && run.names.length <= NAME_RUN_LIMIT) {
        for (const each of run.names) addName(each);
        i = run.personAt;
        continue;
      }
      // After the people (or the amount) they may be names or the description: the members decide.
      if (!run) candidates = nameCandidates(tokens, i, input.text);
      break;
    }
    if (name !== null) {
      // A plain word followed by a share (`Meera 400`) names a person.
      const found = valueAt(type, tokens, i + 1);
      if (found) {
        addName(name, readValue(found.text, clip(name)));
        i += 1 + found.span;
        afterPerson = true;
        continue;
      }
      break;
    }

    const stray = amountAt(tokens, i);
    if (stray) {
      const label = clip(
        tokens
          .slice(i, i + stray.span)
          .map(bare)
          .join(' '),
      );
      if (type !== 'EQUAL') {
        throw new CommandError(
          'VALUE_WITHOUT_PERSON',
          `${label} has nobody before it; write each person and then ${valueName}`,
          example,
          { value: label },
        );
      }
      // With an equal split a number is usually the start of the description ("2 pizzas"); it is
      // refused only where it can only be a share: after a name and before another name or the end.
      const following = tokens[i + stray.span];
      if (afterPerson && (following === undefined || isPersonLike(following) || label.endsWith('%'))) {
        throw new CommandError(
          'VALUE_WITHOUT_TYPE',
          `${label} after a name needs a split type: exact for amounts, percent for percentages`,
          PAID_EXAMPLES.EXACT,
          { value: label },
        );
      }
      if (!afterPerson && isPersonLike(following)) {
        throw new CommandError(
          'VALUE_WITHOUT_PERSON',
          `${label} has nobody before it; for shares, write exact or percent and then each person with their share`,
          PAID_EXAMPLES.EXACT,
          { value: label },
        );
      }
    }
    break; // the description starts here
  }

  // …and after `everyone`.
  const late = spentOn === undefined && everyone ? dateAt(tokens, i) : null;
  if (late) {
    spentOn = late.spentOn;
    i += late.span;
    // A person right after that date is not a description ("everyone yesterday @ravi"): the words
    // that name people never vanish into it.
    const after = tokens[i];
    if (after && isPersonLike(after)) {
      const label = clip(bare(after)) || 'someone';
      throw new CommandError(
        'NAMES_IN_DESCRIPTION',
        `${label} comes after the date, so I cannot tell who shares: name the people (or everyone) before the date`,
        PAID_EXAMPLES.EQUAL,
        { word: label, person: label },
      );
    }
  }

  if (type !== 'EQUAL' && participants.length === 0) {
    throw new CommandError('NOBODY_NAMED', `Name each person with ${valueName}`, example);
  }

  const rest = tokens[i];
  if (rest && participants.length === 0 && !everyone) {
    // Nobody named means the whole group; if the description names someone, the names were most
    // likely meant as participants and came after a stray word ("/paid 500 for @ravi"). Splitting
    // among everyone would then be silently wrong, so ask; `everyone` says it was meant.
    const named = tokens
      .slice(i)
      .find((t) => t.user !== undefined || /^@[A-Za-z][A-Za-z0-9_]{0,31}$/.test(bare(t)));
    if (named) {
      const label = clip(named.text) || 'someone';
      throw new CommandError(
        'NAMES_IN_DESCRIPTION',
        `"${clip(rest.text)}" comes before ${label}, so I cannot tell who shares: put the people right after the amount, or write everyone before the description`,
        PAID_EXAMPLES.EQUAL,
        { word: clip(rest.text), person: label },
      );
    }
  }
  const description = rest ? input.text.slice(rest.start).replace(/\s+/g, ' ').trim() : '';
  const length = Array.from(description).length;
  if (length > DESCRIPTION_LIMIT) {
    throw new CommandError(
      'DESCRIPTION_TOO_LONG',
      `The description is ${length} characters long but can be at most ${DESCRIPTION_LIMIT}`,
      example,
      { length: String(length), limit: String(DESCRIPTION_LIMIT) },
    );
  }
  return {
    amount,
    ...(amountTyped === undefined ? {} : { amountTyped }),
    ...(currency === undefined ? {} : { currency }),
    ...(rate === undefined ? {} : { rate }),
    splitType: type,
    everyone: everyone || participants.length === 0,
    participants,
    description,
    candidates: everyone ? [] : candidates,
    ...(payer === undefined ? {} : { payer }),
    ...(spentOn === undefined ? {} : { spentOn }),
  };
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

const BY_EXAMPLE = '/paid 900 by @ravi equal @asha @ravi @meera dinner';
const RATE_EXAMPLE = '/paid 45 USD @ 83.20 equal @asha @ravi taxi';

/**
 * The rate of a foreign amount at `i`: `@ 83.20`, `@83.20`, or (after another currency only)
 * `at 83.20`. Any number after a lone `@` is taken, so a bad rate is refused rather than read as a
 * malformed username.
 */
function rateAt(
  tokens: readonly Token[],
  i: number,
  foreign: boolean,
): { text: string; span: number } | null {
  const token = tokens[i];
  if (!token || token.user) return null;
  const text = bare(token);
  const glued = /^@([\p{Nd}.,]+)$/u.exec(text);
  if (glued) return { text: glued[1] as string, span: 1 };
  const next = tokens[i + 1];
  const marker = text === '@' || (foreign && text.toLowerCase() === 'at');
  if (marker && next && !next.user && /^[\p{Nd}.,]+$/u.test(bare(next))) return { text: bare(next), span: 2 };
  return null;
}
const VALUE_NAMES: Readonly<Record<SplitType, string>> = {
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

/**
 * `by <person>` at `i`: who paid, when not the sender. A plain name counts only when a split word,
 * a person or a date follows it, so `by auto` stays a description.
 */
function payerAt(tokens: readonly Token[], i: number, input: CommandInput): PersonRef | null {
  const by = tokens[i];
  if (!by || by.user || word(by) !== 'by') return null;
  const person = readPerson(tokens[i + 1], input, BY_EXAMPLE);
  if (person) return person.ref;
  const name = nameWord(tokens[i + 1]);
  if (name === null) return null;
  const after = tokens[i + 2];
  const follows =
    after !== undefined &&
    (isPersonLike(after) ||
      dateAt(tokens, i + 2) !== null ||
      (!after.user && (SPLIT_WORDS[word(after)] !== undefined || EVERYONE_WORDS.has(word(after)))));
  return follows ? { kind: 'name', name } : null;
}
