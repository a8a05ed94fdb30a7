// People's names as Telegram gives them are chosen by the people themselves: a name may carry
// invisible characters (U+200B), bidi controls that reorder what follows (U+202E) or letters from
// another script that look like ours (Cyrillic "а" for Latin "a"). Names are stored without the
// invisible ones (cleanName), and two names that look alike (the same skeleton, after Unicode's
// confusables idea, with a small table) are told apart wherever they are listed together.

/**
 * Format characters (Unicode Cf: zero-width spaces and joiners, bidi embeddings, overrides and
 * isolates, the BOM, invisible operators, tags) and blank fillers that render as nothing.
 */
const INVISIBLE = /\p{Cf}|\u034F|[\u115F\u1160\u17B4\u17B5\u180E\u2800\u3164\uFFA0]/gu;
/** Spaces of every width become one plain space. */
const SPACES = /[\s\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/gu;

/** A first name without invisible characters and with plain spaces; "Someone" if nothing is left. */
export function cleanName(name: string): string {
  return cleanPart(name) ?? 'Someone';
}

/** A last name (or any optional part) cleaned the same way; null when nothing visible is left. */
export function cleanPart(name: string | null | undefined): string | null {
  const clean = (name ?? '').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
  return clean === '' ? null : clean;
}

/** Letters of other scripts (and digits) that look like Latin ones, by what they look like. */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'l',
  ї: 'l',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'l',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ζ: 'z',
  // Latin and digits that are hard to tell apart in Telegram's fonts
  i: 'l',
  '1': 'l',
  '|': 'l',
  '0': 'o',
  '5': 's',
  ı: 'l',
};

/**
 * What a name looks like, for comparing: compatibility forms folded (NFKC: full-width letters,
 * ligatures, styled mathematical letters), letter case and accents dropped, invisible characters
 * and spaces removed, look-alike letters mapped to one, "rn" read as "m" and "vv" as "w".
 */
export function nameSkeleton(name: string): string {
  const folded = name
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(INVISIBLE, '')
    .replace(SPACES, '');
  let skeleton = '';
  for (const char of folded) skeleton += LOOK_ALIKES[char] ?? char;
  return skeleton.replace(/rn/g, 'm').replace(/vv/g, 'w');
}
