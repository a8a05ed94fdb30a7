// Everything the bot says is built here: HTML escaping (nothing a user typed can break a message),
// currency, people's names, and cutting long answers to Telegram's 4096-character limit.

import { cleanName, nameSkeleton } from '../commands/index.js';
import { Decimal, formatForeign, formatMoney } from '../ledger/index.js';

/** How a split type reads in a sentence: "split equally among 4". */
export const SPLIT_WORDS = {
  EQUAL: 'equally',
  EXACT: 'by exact amounts',
  PERCENT: 'by percentage',
  SHARES: 'by shares',
} as const;

/** Telegram's limit on one message's text, counted after entities are parsed. */
export const MESSAGE_LIMIT = 4096;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function money(amount: Decimal, currency = 'INR'): string {
  return formatMoney(amount, currency);
}

/** `money` in the currency of the group a context is in (INR outside a group). */
export function moneyIn(ctx: { groupCurrency?: string }): (amount: Decimal) => string {
  const currency = ctx.groupCurrency ?? 'INR';
  return (amount) => formatMoney(amount, currency);
}

/** An amount typed in another currency with what it came to: "USD 45.00 (₹3,744.00 at 83.2)". */
export function originalShown(
  original: { currency: string; amount: Decimal; rate: Decimal },
  amount: Decimal,
  currency = 'INR',
): string {
  return `${formatForeign(original.amount, original.currency)} (${money(amount, currency)} at ${original.rate.toFixed()})`;
}

export interface Named {
  id: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
}

/** A person's Telegram name as others see it (first and last name). Not escaped. */
export function plainName(person: Pick<Named, 'firstName' | 'lastName'>): string {
  // Names stored before they were cleaned on the way in are cleaned on the way out.
  return cleanName(person.lastName ? `${person.firstName} ${person.lastName}` : person.firstName);
}

/**
 * Names for a set of people, HTML-escaped, made unique: two "Ravi"s, or two names that only look
 * alike ("Ravi" and "Rаvi" with a Cyrillic а, "Ravi" and "RAVI"), become "Ravi (@ravi_k)" and
 * "Rаvi (@ravi2)", or get their number when they have no username.
 */
export function nameBook(people: Iterable<Named>): (id: number) => string {
  const plain = plainNameBook(people);
  return (id) => escapeHtml(plain(id));
}

/** nameBook's names as plain text (for pages that set text, not HTML). */
export function plainNameBook(people: Iterable<Named>): (id: number) => string {
  const list = [...new Map([...people].map((p) => [p.id, p])).values()];
  const counts = new Map<string, number>();
  const skeleton = (p: Named) => nameSkeleton(plainName(p));
  for (const p of list) counts.set(skeleton(p), (counts.get(skeleton(p)) ?? 0) + 1);
  const names = new Map<number, string>();
  for (const p of list) {
    const base = plainName(p);
    const suffix =
      (counts.get(skeleton(p)) ?? 0) > 1 ? (p.username ? ` (@${p.username})` : ` (#${p.id})`) : '';
    names.set(p.id, base + suffix);
  }
  return (id) => names.get(id) ?? `#${id}`;
}

/** Visible length of an HTML message as Telegram counts it (tags removed, entities decoded). */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, '_').length;
}

/**
 * Packs lines into as few messages as fit Telegram's limit, never splitting a line (each line is
 * self-contained HTML). A single over-long line is cut at a safe point.
 */
export function chunkLines(lines: readonly string[], limit = MESSAGE_LIMIT - 96): string[] {
  const messages: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const raw of lines) {
    const line = visibleLength(raw) > limit ? truncatePlain(raw, limit) : raw;
    const length = visibleLength(line) + 1;
    if (size + length > limit && current.length > 0) {
      messages.push(current.join('\n'));
      current = [];
      size = 0;
    }
    current.push(line);
    size += length;
  }
  if (current.length > 0) messages.push(current.join('\n'));
  return messages;
}

function truncatePlain(html: string, limit: number): string {
  // Only reached by a pathological line; drop the markup rather than risk cutting inside a tag.
  const plain = html.replace(/<[^>]*>/g, '');
  let cut = plain.slice(0, limit - 1);
  const amp = cut.lastIndexOf('&');
  if (amp > cut.lastIndexOf(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Beyond this many confirmations, a merged message lists expense numbers as ranges with a total. */
const MERGED_LINE_LIMIT = 12;

/**
 * One message standing for several answers to a chat that Telegram is throttling. Confirmations
 * become their one-line form (or, when many, ranges of expense numbers with the total); other
 * answers keep their text. Every recorded expense is still named by its number. The sender merges
 * only as many answers as fit one message (fitsOneMessage).
 */
export function coalescedAnswer(
  items: readonly {
    text: string;
    summary?: { line: string; expense?: { id: number; amount: Decimal; currency?: string } };
  }[],
): string {
  const confirmations = items.flatMap((item) => (item.summary ? [item.summary] : []));
  const others = items.filter((item) => !item.summary).map((item) => item.text);
  const blocks: string[] = [];
  if (confirmations.length > 0) {
    const expenses = confirmations.flatMap((c) => (c.expense ? [c.expense] : []));
    if (confirmations.length <= MERGED_LINE_LIMIT || expenses.length < confirmations.length / 2) {
      blocks.push(confirmations.map((c) => c.line).join('\n'));
    } else {
      const total = expenses.reduce((sum, e) => sum.plus(e.amount), new Decimal(0));
      // Merged confirmations come from one chat, so one group and one currency.
      const currency = expenses[0]?.currency ?? 'INR';
      const rest = confirmations.filter((c) => !c.expense).map((c) => c.line);
      blocks.push(
        [
          `✅ Recorded ${expenses.length} expenses: ${idRanges(expenses.map((e) => e.id))} (${money(total, currency)} in all). /expenses lists each.`,
          ...rest,
        ].join('\n'),
      );
    }
  }
  blocks.push(...others);
  const header = `<i>${items.length} answers together: Telegram limits how often I may write here.</i>`;
  return [header, ...blocks].join('\n\n');
}

/** `#12, #14–#19`: sorted ids with runs of consecutive numbers joined. */
export function idRanges(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(j > i ? `#${sorted[i]}–#${sorted[j]}` : `#${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export function fitsOneMessage(html: string): boolean {
  return visibleLength(html) <= MESSAGE_LIMIT;
}

/** Plain text cut to at most `max` characters (UTF-16 units, as Telegram counts), with an ellipsis. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never leave half of a surrogate pair (an emoji) at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Said when a number typed was an old global id the group's numbers never reached, and it found one
 * of the group's own rows (usecases/find-by-number.ts): "#8452 is now #3"; nothing otherwise.
 */
export function renumbered(
  found: { number: number; typedOldId: number | null },
  prefix: '#' | 'P' = '#',
): string[] {
  return found.typedOldId === null
    ? []
    : [`ℹ️ ${prefix}${found.typedOldId} is now ${prefix}${found.number}: numbers count within each group.`];
}

/** `+₹200.00`, `−₹100.00`: an adjustment of an equal split, with its sign. */
export function signedMoney(amount: Decimal, currency: string): string {
  return `${amount.isNegative() ? '−' : '+'}${money(amount.abs(), currency)}`;
}
