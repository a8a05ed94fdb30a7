// /currency [CODE] (the group's own currency) and /rate [CODE [rate]] (the group's rate for
// another): a currency is an ISO 4217 code in any letter case (`usd`, `EUR`) or a symbol (`$`, `€`);
// a rate is units of the group's currency per unit of the other (`83.20`, `0.0031`).
import { CURRENCY_SYMBOLS, type Decimal, isCurrencyCode, parseRate } from '../ledger/index.js';
import { asciiDigits } from './amounts.js';
import { CommandError, fromLedger } from './errors.js';
import { bare } from './people.js';
import { clip, type Token, tokenize } from './tokens.js';
import type { CommandInput } from './types.js';

export const CURRENCY_USAGE = '/currency INR';
export const RATE_USAGE = '/rate USD 83.20';

function codeOf(word: string): string | null {
  const symbol = CURRENCY_SYMBOLS[word.toUpperCase()] ?? CURRENCY_SYMBOLS[word];
  if (symbol) return symbol;
  const code = word.toUpperCase();
  return /^[A-Z]{3}$/.test(code) && isCurrencyCode(code) ? code : null;
}

function notACurrency(text: string, usage: string): CommandError {
  return new CommandError(
    'BAD_CURRENCY',
    `${text} is not a currency I know; write its three-letter ISO code`,
    usage,
    { text },
  );
}

/** `/currency` (show it) or `/currency EUR` (set it). */
export function parseCurrency(input: CommandInput): { currency?: string } {
  const tokens = tokenize(input);
  if (tokens.length === 0) return {};
  const text = clip(tokens.map((t) => t.raw).join(' '));
  const code = tokens.length === 1 && !tokens[0]?.user ? codeOf(bare(tokens[0] as Token)) : null;
  if (!code) throw notACurrency(text, CURRENCY_USAGE);
  return { currency: code };
}

/** `/rate` (list), `/rate USD` (show one), `/rate USD 83.20` (set it). */
export function parseRateCommand(input: CommandInput): { currency?: string; rate?: Decimal } {
  const tokens = tokenize(input).filter((t) => t.user || bare(t) !== '=');
  if (tokens.length === 0) return {};
  const first = tokens[0];
  const code = first && !first.user ? codeOf(bare(first)) : null;
  if (!code) throw notACurrency(clip(first?.raw ?? ''), RATE_USAGE);
  if (tokens.length === 1) return { currency: code };
  const second = tokens[1];
  if (tokens.length > 2 || !second || second.user) {
    throw new CommandError(
      'BAD_RATE',
      `Write the currency, then one rate (what one ${code} is worth in the group's currency)`,
      RATE_USAGE,
    );
  }
  try {
    return { currency: code, rate: parseRate(asciiDigits(bare(second))) };
  } catch (error) {
    fromLedger(error, 'BAD_RATE', RATE_USAGE);
  }
}
