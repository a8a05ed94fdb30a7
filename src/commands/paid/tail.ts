// Phase 5 of /paid: what follows the people. A date after `everyone`; the phrases that name people
// in the middle of a description (`dinner with ravi and meera`, `paragliding by Kabir`, `chai for
// kabir`, `… kabir paid`) when the people were not named before; then the description itself, with
// those phrases taken out. Adjustments (`everyone +150 @kabir`) are refused until they exist.
import { dateAt } from '../dates.js';
import { CommandError, PAID_EXAMPLES } from '../errors.js';
import { bare, isPersonLike } from '../people.js';
import { clip, type Token } from '../tokens.js';
import { looksNumeric } from '../values.js';
import type { Cursor, Reading } from './cursor.js';
import { applyPhrase, payerAt, rateIn } from './lead.js';

export const DESCRIPTION_LIMIT = 200;
const ADJUSTMENT = /^[+-](?:₹|rs\.?)?\p{Nd}/iu;
const ADJUSTMENT_EXAMPLE = '/paid 1200 equal everyone +200 @ravi -100 @meera dinner';

export function readTail(c: Cursor, r: Reading): void {
  readLateDate(c, r);
  refuseAdjustment(c);
  const removed: [number, number][] = [];
  for (let j = c.i; j < c.tokens.length; ) {
    const span = tailPhrase(c, r, j);
    if (span > 0) removed.push([j, j + span]);
    j += Math.max(span, 1);
  }
  let from = c.i;
  for (const [start, end] of removed) {
    if (start > from) r.description.push([from, start]);
    from = end;
  }
  if (from < c.tokens.length) r.description.push([from, c.tokens.length]);
  c.i = c.tokens.length;
}

/** A date right after `everyone` is the date; a person after it cannot be told apart from the description. */
function readLateDate(c: Cursor, r: Reading): void {
  const late = r.spentOn === undefined && r.everyone ? dateAt(c.tokens, c.i) : null;
  if (!late) return;
  r.spentOn = late.spentOn;
  c.i += late.span;
  const after = c.tokens[c.i];
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

/** A signed amount left over (`+150` with nobody after it, or in a split by amounts): refused. */
function refuseAdjustment(c: Cursor): void {
  const rest = c.tokens.slice(c.i);
  // `+150` or `+ 150`.
  const at = rest.findIndex(
    (t, k) => !t.user && (ADJUSTMENT.test(bare(t)) || (/^[+-]$/.test(bare(t)) && looksNumeric(rest[k + 1]))),
  );
  const signed = rest[at];
  if (!signed) return;
  const label = clip(
    /^[+-]$/.test(bare(signed)) ? `${bare(signed)}${bare(rest[at + 1] as Token)}` : bare(signed),
  );
  throw new CommandError(
    'ADJUSTMENT',
    `${label} changes someone's share only in an equal split, written right before that person`,
    ADJUSTMENT_EXAMPLE,
    { value: label },
  );
}

/** A phrase at `j` of the description that names people or the payer, applied; the tokens it took. */
function tailPhrase(c: Cursor, r: Reading, j: number): number {
  // `45 dollars dinner @ 83.2`: the rate may come last.
  const rate = rateIn(c, r, j);
  if (rate > 0) return rate;
  if (!r.payer) {
    const payer = payerAt(c, j);
    if (payer) {
      r.payer = payer.ref;
      if (payer.plain) r.tentative.push(payer.plain);
      // Candidates stop where the phrase starts ("paragliding, kabir paid").
      const kept = r.candidateAt.filter((at) => at < j).length;
      r.candidates = r.candidates.slice(0, kept);
      r.candidateAt = r.candidateAt.slice(0, kept);
      return payer.span;
    }
  }
  if (r.participants.length > 0 || r.everyone || r.type !== 'EQUAL') return 0;
  const span = applyPhrase(c, r, j);
  if (span > 0) {
    r.candidates = [];
    r.candidateAt = [];
  }
  return span;
}

/** The description: the token ranges kept for it, spaces collapsed. */
export function descriptionOf(c: Cursor, ranges: readonly [number, number][]): string {
  const parts = ranges
    .filter(([from, to]) => to > from)
    .map(([from, to]) => {
      const first = c.tokens[from] as Token;
      const last = c.tokens[to - 1] as Token;
      return c.input.text.slice(first.start, last.end);
    });
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  // "paragliding, kabir paid": the comma before a phrase taken out goes with it.
  return text.replace(/[\s,;]+$/u, '');
}

export function checkDescription(description: string, type: Reading['type']): void {
  const length = Array.from(description).length;
  if (length > DESCRIPTION_LIMIT) {
    throw new CommandError(
      'DESCRIPTION_TOO_LONG',
      `The description is ${length} characters long but can be at most ${DESCRIPTION_LIMIT}`,
      PAID_EXAMPLES[type],
      { length: String(length), limit: String(DESCRIPTION_LIMIT) },
    );
  }
}
