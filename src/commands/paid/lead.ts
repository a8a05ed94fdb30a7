// Phase 2 of /paid: what may stand right after the amount, in any order: the rate of a foreign
// amount (`@ 83.20`), the date (`yesterday`), who paid (`by @ravi`, `by Kabir`, `Kabir paid`), and
// the phrases that say who shares (`with ravi and meera`, `half with ravi`, `for kabir`,
// `except kabir`).
import { Decimal, parseRate } from '../../ledger/index.js';
import { asciiDigits } from '../amounts.js';
import { DATE_EXAMPLE, dateAt } from '../dates.js';
import { CommandError, fromLedger } from '../errors.js';
import { bare, isPersonLike, type NamedPerson, readPerson } from '../people.js';
import { clip, type Token } from '../tokens.js';
import { amountAt } from '../values.js';
import { amountInExpenseCurrency } from './amount.js';
import type { Cursor, Reading } from './cursor.js';
import { addListed, listAt } from './named.js';
import { HALF_WORDS, isSeparator, nameWord, PAID_WORD, PHRASE_WORDS, word } from './words.js';

export const BY_EXAMPLE = '/paid 900 by @ravi equal @asha @ravi @meera dinner';
export const RATE_EXAMPLE = '/paid 45 USD @ 83.20 equal @asha @ravi taxi';
export const WITH_EXAMPLE = '/paid 1200 dinner with ravi and meera';

export const PAYERS_EXAMPLE = '/paid 3000 by me 2000 @ravi 1000 equal @asha @ravi @meera dinner';

export function readLead(c: Cursor, r: Reading): void {
  for (;;) {
    if (readRate(c, r) || readDate(c, r) || readPayers(c, r) || readPayer(c, r) || readLeadPhrase(c, r))
      continue;
    return;
  }
}

/**
 * `by me 2000 @ravi 1000` (or `paid by …`): several payers, each followed by what they paid, adding
 * up to the amount. Two or more; one person with an amount is not this form.
 */
function readPayers(c: Cursor, r: Reading): boolean {
  const found = payersAt(c, c.i);
  if (!found) return false;
  if (r.payer || r.payers)
    throw new CommandError('DUPLICATE_PAYER', 'Name the payers once, after by', PAYERS_EXAMPLE);
  const seen = new Set<string>();
  r.payers = found.payers.map(({ person, text }) => {
    if (person.keys.some((key) => seen.has(key))) {
      throw new CommandError(
        'DUPLICATE_PERSON',
        `${person.label} is named twice among the payers; name each payer once`,
        PAYERS_EXAMPLE,
        { person: person.label },
      );
    }
    for (const key of person.keys) seen.add(key);
    if (person.plain) r.tentative.push(person.label);
    return { person: person.ref, paid: payerAmount(r, text, person.label) };
  });
  const paid = r.payers.reduce((sum, p) => sum.plus(p.paid), new Decimal(0));
  if (!paid.eq(r.amount)) {
    throw new CommandError(
      'PAYERS_DO_NOT_ADD_UP',
      `The payers paid ${paid.toString()} in all, not ${r.amount.toString()}: make what each paid add up to the amount`,
      PAYERS_EXAMPLE,
      { paid: paid.toString(), amount: r.amount.toString() },
    );
  }
  c.i += found.span;
  return true;
}

/** The payers listed at `i` (`by me 2000, @ravi 1000`), when two or more are. */
function payersAt(
  c: Cursor,
  i: number,
): { payers: { person: NamedPerson & { plain: boolean }; text: string }[]; span: number } | null {
  const lead = word(c.tokens[i] ?? NONE) === PAID_WORD && word(c.tokens[i + 1] ?? NONE) === 'by' ? 1 : 0;
  if (word(c.tokens[i + lead] ?? NONE) !== 'by') return null;
  const payers: { person: NamedPerson & { plain: boolean }; text: string }[] = [];
  let j = i + lead + 1;
  for (;;) {
    const who = c.tokens[j];
    const value = amountAt(c.tokens, j + 1);
    if (!who || !value) break;
    const person = payerNamed(c, who);
    if (!person) break;
    payers.push({ person, text: value.text });
    j += 1 + value.span;
    if (isSeparator(c.tokens[j]) && payerNamed(c, c.tokens[j + 1]) && amountAt(c.tokens, j + 2)) j++;
  }
  return payers.length >= 2 ? { payers, span: j - i } : null;
}

const NONE = { text: '' } as Token;

function payerNamed(c: Cursor, who: Token | undefined): (NamedPerson & { plain: boolean }) | null {
  if (isPersonLike(who)) {
    const person = readPerson(who, c.input, PAYERS_EXAMPLE);
    return person ? { ...person, plain: false } : null;
  }
  const name = c.names ? nameWord(who) : null;
  return name === null
    ? null
    : { ref: { kind: 'name', name }, label: clip(name), keys: [`name:${name.toLowerCase()}`], plain: true };
}

/** What one payer paid, read as the amount is (in its currency). */
function payerAmount(r: Reading, text: string, label: string): Decimal {
  let read: ReturnType<typeof amountInExpenseCurrency>;
  try {
    read = amountInExpenseCurrency(r, text);
  } catch (error) {
    fromLedger(error, 'BAD_VALUE', PAYERS_EXAMPLE, { person: label });
  }
  if (read instanceof Decimal) return read;
  throw new CommandError(
    'SHARE_CURRENCY',
    `What ${label} paid is in ${read.otherCurrency} but the amount is in ${r.currency ?? 'rupees'}; write both in one currency`,
    PAYERS_EXAMPLE,
    { person: label },
  );
}

function readRate(c: Cursor, r: Reading): boolean {
  const span = rateIn(c, r, c.i);
  c.i += span;
  return span > 0;
}

/** The rate at `j` read into the reading; the tokens it took (0: none there). */
export function rateIn(c: Cursor, r: Reading, j: number): number {
  const typed = rateAt(c.tokens, j, r.currency !== undefined);
  if (!typed) return 0;
  if (r.currency === undefined) {
    throw new CommandError(
      'RATE_WITHOUT_CURRENCY',
      'A rate goes with an amount in another currency; write the currency after the amount',
      RATE_EXAMPLE,
    );
  }
  if (r.rate) throw new CommandError('DUPLICATE_RATE', 'Give the rate once', RATE_EXAMPLE);
  try {
    r.rate = parseRate(asciiDigits(typed.text));
  } catch (error) {
    fromLedger(error, 'BAD_RATE', RATE_EXAMPLE);
  }
  return typed.span;
}

function readDate(c: Cursor, r: Reading): boolean {
  const date = dateAt(c.tokens, c.i);
  if (!date) return false;
  if (r.spentOn) throw new CommandError('DUPLICATE_DATE', 'Give the date once', DATE_EXAMPLE);
  r.spentOn = date.spentOn;
  c.i += date.span;
  return true;
}

/** `by @ravi`, `by Kabir`, `Kabir paid`, `paid by Kabir`: who paid, when not the sender. */
function readPayer(c: Cursor, r: Reading): boolean {
  const found = payerAt(c, c.i);
  if (!found) return false;
  if (r.payer || r.payers) throw new CommandError('DUPLICATE_PAYER', 'Name one payer after by', BY_EXAMPLE);
  r.payer = found.ref;
  if (found.plain) r.tentative.push(found.plain);
  c.i += found.span;
  return true;
}

export function payerAt(
  c: Cursor,
  i: number,
): { ref: NonNullable<Reading['payer']>; plain?: string; span: number } | null {
  const first = c.tokens[i];
  if (!first || first.user) return nameBeforePaid(c, i);
  const lead = word(first) === PAID_WORD && word(c.tokens[i + 1] ?? first) === 'by' ? 1 : 0;
  if (word(c.tokens[i + lead] as Token) !== 'by') return nameBeforePaid(c, i);
  const who = c.tokens[i + lead + 1];
  if (isPersonLike(who)) {
    const person = readPerson(who, c.input, BY_EXAMPLE);
    return person ? { ref: person.ref, span: lead + 2 } : null;
  }
  const name = c.names ? nameWord(who) : null;
  return name === null ? null : { ref: { kind: 'name', name }, plain: name, span: lead + 2 };
}

/** `Kabir paid` / `@kabir paid`. */
function nameBeforePaid(c: Cursor, i: number): ReturnType<typeof payerAt> {
  const who = c.tokens[i];
  const paid = c.tokens[i + 1];
  if (!paid || paid.user || word(paid) !== PAID_WORD) return null;
  // `dinner paid by ravi`: the payer is after `by`.
  const after = c.tokens[i + 2];
  if (after && !after.user && word(after) === 'by') return null;
  if (isPersonLike(who)) {
    const person = readPerson(who, c.input, BY_EXAMPLE);
    return person ? { ref: person.ref, span: 2 } : null;
  }
  const name = c.names ? nameWord(who) : null;
  return name === null ? null : { ref: { kind: 'name', name }, plain: name, span: 2 };
}

/** `with …`, `half with …`, `for …`, `except …` right after the amount. */
function readLeadPhrase(c: Cursor, r: Reading): boolean {
  if (r.participants.length > 0 || r.everyone || r.type !== 'EQUAL') return false;
  const span = applyPhrase(c, r, c.i);
  if (span === 0) return false;
  c.i += span;
  return true;
}

/**
 * The phrase at `i` applied to the reading: `with` (the payer and them), `half with` (the same),
 * `for` (only them), `except`/`but`/`excluding` (everyone but them). Returns the tokens it took.
 */
export function applyPhrase(c: Cursor, r: Reading, i: number): number {
  const first = c.tokens[i];
  const half = first && !first.user && HALF_WORDS.has(word(first)) ? 1 : 0;
  const marker = c.tokens[i + half];
  const kind = marker && !marker.user ? PHRASE_WORDS[word(marker)] : undefined;
  if (kind === undefined || kind === 'by' || (half === 1 && kind !== 'with')) return 0;
  const listed = listAt(c, i + half + 1, WITH_EXAMPLE);
  if (!listed) return 0;
  if (kind === 'except') {
    r.everyone = true;
    r.except = listed.people.map((p) => p.ref);
    for (const p of listed.people) if (p.plain) r.tentative.push(p.label);
  } else {
    if (kind === 'with') r.withPayer = true;
    addListed(r, listed.people, WITH_EXAMPLE);
  }
  return half + 1 + listed.span;
}

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
