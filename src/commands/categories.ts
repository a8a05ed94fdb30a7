// Categories of expenses, and guessing one from a description. A small keyword table shipped with
// the project (English, Hinglish in Latin letters, and a few Hindi words in Devanagari), read by a
// scorer that forgives plurals, letter case and one typo in a longer word. Pure: the guess is stored
// with the expense (and can be changed by hand); /summary adds amounts up by it.
import keywordTable from './category-keywords.json' with { type: 'json' };

export const CATEGORY_KEYS = [
  'rent',
  'electricity',
  'water',
  'gas',
  'internet',
  'phone',
  'groceries',
  'delivery',
  'eating_out',
  'household',
  'help',
  'repairs',
  'travel',
  'fuel',
  'shopping',
  'entertainment',
  'health',
  'other',
] as const;

export type Category = (typeof CATEGORY_KEYS)[number];

/** How a category reads in the bot's messages and on its button. */
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  rent: '🏠 Rent',
  electricity: '💡 Electricity',
  water: '🚰 Water',
  gas: '🔥 Gas',
  internet: '🌐 Internet',
  phone: '📱 Phone',
  groceries: '🛒 Groceries',
  delivery: '🛵 Food delivery',
  eating_out: '🍽 Eating out',
  household: '🧴 Household',
  help: '🧹 Maid, cook & help',
  repairs: '🔧 Repairs',
  travel: '🚕 Travel',
  fuel: '⛽ Fuel',
  shopping: '🛍 Shopping',
  entertainment: '🎬 Entertainment',
  health: '💊 Health',
  other: '📦 Other',
};

/**
 * Keywords per category. A word counts 2, a phrase (several words) 3, a word that can mean only this
 * category 3 (written with a leading `!`), and a food delivery app 4 (`+`: "swiggy dinner" is a
 * delivery). Words are written singular and lower-case.
 * The table itself is data: category-keywords.json.
 */
const KEYWORDS: Readonly<Record<Exclude<Category, 'other'>, readonly string[]>> = keywordTable;

interface Keyword {
  category: Exclude<Category, 'other'>;
  words: string[];
  weight: number;
}

const TABLE: readonly Keyword[] = Object.entries(KEYWORDS).flatMap(([category, list]) =>
  list.map((entry) => {
    const mark = entry[0] === '!' || entry[0] === '+' ? entry[0] : '';
    const words = wordsOf(entry.slice(mark.length));
    return {
      category: category as Keyword['category'],
      words,
      weight: mark === '+' ? 4 : words.length > 1 || mark === '!' ? 3 : 2,
    };
  }),
);

/** Single-word keywords by their (singular) form, for exact lookups. */
const SINGLE = new Map<string, Keyword[]>();
for (const keyword of TABLE) {
  if (keyword.words.length !== 1) continue;
  const word = keyword.words[0] as string;
  SINGLE.set(word, [...(SINGLE.get(word) ?? []), keyword]);
}
const PHRASES = TABLE.filter((k) => k.words.length > 1);

function wordsOf(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      // Apostrophes join (domino's, mcdonald's), everything else that is not a letter or digit splits.
      .replace(/['’]/g, '')
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
  );
}

/** The forms a typed word may take in the table: itself, and its singular. */
function forms(word: string): string[] {
  const out = [word];
  if (word.length > 4 && word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  if (word.length > 3 && word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.length > 3 && word.endsWith('s')) out.push(word.slice(0, -1));
  return out;
}

/** Damerau–Levenshtein distance (adjacent swaps count one), stopping early beyond `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    let best = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1] as number[];
      let value = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = value;
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** Typos forgiven: none in short words (too many near-misses), one from 5 letters, two from 9. */
function typosAllowed(length: number): number {
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

/** The single-word keywords a typed word may be: exactly (a form of it), else within its typos. */
function lookup(word: string): { keywords: Keyword[]; exact: boolean } {
  for (const form of forms(word)) {
    const hit = SINGLE.get(form);
    if (hit) return { keywords: hit, exact: true };
  }
  const allowed = typosAllowed(word.length);
  if (allowed === 0 || /\d/.test(word)) return { keywords: [], exact: false };
  const found: Keyword[] = [];
  let closest = allowed + 1;
  for (const [key, keywords] of SINGLE) {
    // A typo rarely hits the first letter, and the rule keeps unrelated words apart.
    if (key[0] !== word[0] || key.length < 4) continue;
    const d = Math.min(
      ...forms(word).map((form) => distance(form, key, Math.min(allowed, typosAllowed(key.length)))),
    );
    if (d > allowed || d > typosAllowed(key.length)) continue;
    if (d < closest) {
      closest = d;
      found.length = 0;
    }
    if (d === closest) found.push(...keywords);
  }
  return { keywords: found, exact: false };
}

/**
 * The category a description most likely belongs to: each keyword found adds its weight (a typo'd
 * word a little less), the highest total wins, a tie goes to the keyword found first. `other` when
 * nothing matches.
 */
export function guessCategory(description: string): Category {
  const words = wordsOf(description);
  if (words.length === 0) return 'other';
  const scores = new Map<Category, { score: number; first: number }>();
  const add = (category: Category, weight: number, at: number) => {
    const current = scores.get(category);
    scores.set(category, {
      score: (current?.score ?? 0) + weight,
      first: Math.min(current?.first ?? at, at),
    });
  };
  const joined = ` ${words.join(' ')} `;
  for (const phrase of PHRASES) {
    const at = joined.indexOf(` ${phrase.words.join(' ')} `);
    if (at >= 0) add(phrase.category, phrase.weight, at);
  }
  let offset = 1;
  for (const word of words) {
    const { keywords, exact } = lookup(word);
    for (const keyword of new Set(keywords))
      add(keyword.category, exact ? keyword.weight : keyword.weight - 0.5, offset);
    offset += word.length + 1;
  }
  let best: Category = 'other';
  let top = { score: 0, first: Number.POSITIVE_INFINITY };
  for (const [category, value] of scores) {
    if (value.score > top.score || (value.score === top.score && value.first < top.first)) {
      best = category;
      top = value;
    }
  }
  return best;
}

/**
 * A category as a person types it (`/category 12 groceries`): its key, its label without the emoji,
 * or a word the table knows for exactly one category (`wifi`, `sabzi`). Null when none fits.
 */
export function readCategory(text: string): Category | null {
  const typed = wordsOf(text).join(' ');
  if (typed === '') return null;
  for (const key of CATEGORY_KEYS) {
    const label = wordsOf(CATEGORY_LABELS[key]).join(' ');
    if (typed === key.replace('_', ' ') || typed === key || typed === label) return key;
  }
  const aliases: Record<string, Category> = {
    food: 'eating_out',
    restaurant: 'eating_out',
    maid: 'help',
    cook: 'help',
    transport: 'travel',
    medical: 'health',
    fun: 'entertainment',
    misc: 'other',
  };
  if (aliases[typed]) return aliases[typed] as Category;
  const guessed = guessCategory(text);
  return guessed === 'other' ? null : guessed;
}
