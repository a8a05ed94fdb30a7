// The one table of how people name currencies in words (`45 dollars`, `2000 nrs`, `20 euros`),
// with each currency's ISO code and a typical rate in rupees for hints (`/rate NPR 0.625`). The
// command grammar reads amounts with it; refusals that suggest a /rate take their figure from it.
// A word listed as `loose` is also said of rupees in India ("500 bucks"): it is never read as the
// currency without asking.

export interface CurrencyName {
  /** ISO 4217 code. */
  code: string;
  /** Words (lower case) that name it, besides its code and symbols. */
  words: readonly string[];
  /** Words that name it only perhaps (asked about). */
  loose?: readonly string[];
  /** About what one unit is worth in rupees, as a copyable example in hints (not a live rate). */
  exampleRate: string;
}

export const CURRENCY_NAMES: readonly CurrencyName[] = [
  { code: 'INR', words: ['rupee', 'rupees', 'rs', 'rs.', 'inr'], exampleRate: '1' },
  { code: 'USD', words: ['dollar', 'dollars', 'usd'], loose: ['buck', 'bucks'], exampleRate: '83.20' },
  { code: 'EUR', words: ['euro', 'euros', 'eur'], exampleRate: '90.50' },
  { code: 'GBP', words: ['pound', 'pounds', 'quid', 'gbp'], exampleRate: '105.80' },
  { code: 'AED', words: ['dirham', 'dirhams', 'aed'], exampleRate: '22.65' },
  { code: 'THB', words: ['baht', 'thb'], exampleRate: '2.35' },
  { code: 'JPY', words: ['yen', 'jpy'], exampleRate: '0.56' },
  { code: 'NPR', words: ['nrs', 'nrs.', 'npr'], exampleRate: '0.625' },
  { code: 'LKR', words: ['lkr', 'slrs'], exampleRate: '0.28' },
  { code: 'SGD', words: ['sgd'], exampleRate: '62.00' },
  { code: 'MYR', words: ['ringgit', 'ringgits', 'myr'], exampleRate: '18.90' },
  { code: 'IDR', words: ['rupiah', 'idr'], exampleRate: '0.0052' },
  { code: 'VND', words: ['dong', 'vnd'], exampleRate: '0.0033' },
  { code: 'BDT', words: ['taka', 'bdt'], exampleRate: '0.70' },
  { code: 'CHF', words: ['franc', 'francs', 'chf'], exampleRate: '95.00' },
  { code: 'SAR', words: ['riyal', 'riyals', 'sar'], exampleRate: '22.20' },
];

const BY_WORD = new Map<string, CurrencyName>();
const LOOSE = new Map<string, CurrencyName>();
for (const entry of CURRENCY_NAMES) {
  for (const word of entry.words) BY_WORD.set(word, entry);
  for (const word of entry.loose ?? []) LOOSE.set(word, entry);
}

/** The currency a word names for sure (`dollars` USD, `nrs` NPR, `rupees` INR), or null. */
export function currencyNamed(word: string): string | null {
  return BY_WORD.get(word.toLowerCase())?.code ?? null;
}

/** The currency a word may name (`bucks`: dollars, or rupees as Indians say it), or null. */
export function currencyPerhapsNamed(word: string): string | null {
  return LOOSE.get(word.toLowerCase())?.code ?? null;
}

/** Every word of the table, longest first (for patterns). */
export const CURRENCY_WORDS: readonly string[] = [...BY_WORD.keys(), ...LOOSE.keys()].sort(
  (a, b) => b.length - a.length,
);

/** A copyable rate for a hint: the table's figure when the group keeps rupees, else none. */
export function exampleRate(code: string, groupCurrency: string): string | null {
  if (groupCurrency !== 'INR') return null;
  return CURRENCY_NAMES.find((c) => c.code === code)?.exampleRate ?? null;
}
