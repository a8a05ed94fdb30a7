// Numbers inside commands: the expense amount, exact shares and percentages. The ledger's parsers
// decide what a valid number is; this module only decides which words are meant as numbers, and
// joins a currency word with the number after it (`Rs 1000`, `INR 1000`, `₹ 1000`).
import { CURRENCY_SYMBOLS } from '../ledger/index.js';
import { currencyOf, MULTIPLIER_WORD } from './amounts.js';
import { bare } from './people.js';
import type { Token } from './tokens.js';

// Currency symbols of other currencies (`$`, `€`, `US$`), longest first, for the patterns below.
const SYMBOLS = Object.keys(CURRENCY_SYMBOLS)
  .sort((a, b) => b.length - a.length)
  .map((s) => s.replace(/\$/g, '\\$'))
  .join('|');
// Anything that starts like a number counts as one, so `1e9` or `-5` is refused as an amount with
// the ledger's reason instead of silently becoming a description. A currency symbol may lead
// (`$45`, `€20`). Digits of any script count (`५००`); amounts.ts reads them.
const NUMBER_START = new RegExp(`^(?:₹|rs\\.?|inr|rupees?|${SYMBOLS})?[-+]?[.,]?\\p{Nd}`, 'iu');
const CURRENCY_SUFFIX = new RegExp(
  `^([-+]?[\\p{Nd}.,]*\\p{Nd})(₹|rs\\.?|inr|rupees?|${SYMBOLS}|[A-Za-z]{3})$`,
  'iu',
);

/** A word naming a currency: the rupee's (₹, Rs, INR, rupees) or another's (USD, usd, $, €). */
export function isCurrencyWord(token: Token | undefined): boolean {
  return token !== undefined && !token.user && currencyOf(bare(token)) !== null;
}

export function looksNumeric(token: Token | undefined): boolean {
  return token !== undefined && !token.user && NUMBER_START.test(bare(token));
}

/**
 * How many tokens at `i` make up one money value (0 when none): a number, or a currency word and the
 * number after it, with a multiplier word after it (`1 lakh`) and further terms of a sum written
 * apart (`250 + 180`). The joined text is what amounts.ts's readAmount reads.
 */
export function amountAt(tokens: readonly Token[], i: number): { text: string; span: number } | null {
  const found = termAt(tokens, i);
  if (!found) return null;
  let { text, span } = found;
  // `250 + 180 + 90`: a sum written with spaces is one amount.
  for (;;) {
    const plus = tokens[i + span];
    if (!plus || plus.user || plus.text !== '+') break;
    const next = termAt(tokens, i + span + 1);
    if (!next) break;
    text = `${text} + ${next.text}`;
    span += 1 + next.span;
  }
  return { text, span };
}

/** One number, with a multiplier word standing apart after it (`1 lakh`) taken along. */
function termAt(tokens: readonly Token[], i: number): { text: string; span: number } | null {
  const found = singleAmountAt(tokens, i);
  if (!found) return null;
  const after = tokens[i + found.span];
  if (after && !after.user && MULTIPLIER_WORD.test(bare(after)) && /\p{Nd}$/u.test(found.text)) {
    return { text: `${found.text} ${bare(after)}`, span: found.span + 1 };
  }
  return found;
}

function singleAmountAt(tokens: readonly Token[], i: number): { text: string; span: number } | null {
  const first = tokens[i];
  if (isCurrencyWord(first) && looksNumeric(tokens[i + 1])) {
    return { text: `${bare(first as Token)} ${bare(tokens[i + 1] as Token)}`, span: 2 };
  }
  if (!looksNumeric(first)) return null;
  // People also write the currency after the number ("500rs", "500 ₹"). A currency word after a
  // number belongs to it unless a number follows, which makes it the prefix of the next amount.
  const matched = CURRENCY_SUFFIX.exec(bare(first as Token));
  // `45usd`: three letters glued to the number count only when they name a currency.
  const suffixed = matched && currencyOf(matched[2] as string) !== null ? matched : null;
  const text = suffixed ? `${suffixed[2]} ${suffixed[1]}` : bare(first as Token);
  if (!suffixed && isCurrencyWord(tokens[i + 1]) && !looksNumeric(tokens[i + 2])) {
    return { text: `${bare(tokens[i + 1] as Token)} ${text}`, span: 2 };
  }
  return { text, span: 1 };
}

/** A percentage at `i`: a number, with a `%` written apart (`40 %`) taken along. */
export function percentAt(tokens: readonly Token[], i: number): { text: string; span: number } | null {
  const first = tokens[i];
  if (!looksNumeric(first)) return null;
  const next = tokens[i + 1];
  const apart = next !== undefined && !next.user && bare(next) === '%' && !bare(first as Token).endsWith('%');
  return { text: bare(first as Token), span: apart ? 2 : 1 };
}
