// The one month table: the names the bot and the Mini App print, and the words people type for a
// month (`oct`, `sept`, `October`), all from the same twelve names.

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** "Jan" for month 1 (months count from 1, as in dates). */
export function shortMonthName(month: number): string {
  return MONTH_NAMES[month - 1]?.slice(0, 3) ?? String(month);
}

/** "January" for month 1. */
export function longMonthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}

/** Month names and abbreviations as typed (lower case), to their number. */
export const MONTH_WORDS: Readonly<Record<string, number>> = Object.fromEntries(
  MONTH_NAMES.flatMap((name, i) => {
    const long = name.toLowerCase();
    const words = [long, long.slice(0, 3), ...(long === 'september' ? ['sept'] : [])];
    return words.map((word) => [word, i + 1] as const);
  }),
);
