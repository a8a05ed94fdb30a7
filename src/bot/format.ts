// Everything the bot says is built here: HTML escaping (nothing a user typed can break a message),
// currency, people's names, and cutting long answers to Telegram's 4096-character limit.
import { type Decimal, formatMoney } from '../ledger/index.js';

/** Telegram's limit on one message's text, counted after entities are parsed. */
export const MESSAGE_LIMIT = 4096;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function money(amount: Decimal, currency = 'INR'): string {
  return formatMoney(amount, currency);
}

export interface Named {
  id: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
}

/** A person's Telegram name as others see it (first and last name). Not escaped. */
export function plainName(person: Pick<Named, 'firstName' | 'lastName'>): string {
  return person.lastName ? `${person.firstName} ${person.lastName}` : person.firstName;
}

/**
 * Names for a set of people, HTML-escaped, made unique: two "Ravi"s become "Ravi (@ravi_k)" and
 * "Ravi (@ravi2)", or get their number when they have no username.
 */
export function nameBook(people: Iterable<Named>): (id: number) => string {
  const list = [...new Map([...people].map((p) => [p.id, p])).values()];
  const counts = new Map<string, number>();
  for (const p of list) counts.set(plainName(p), (counts.get(plainName(p)) ?? 0) + 1);
  const names = new Map<number, string>();
  for (const p of list) {
    const base = plainName(p);
    const suffix = (counts.get(base) ?? 0) > 1 ? (p.username ? ` (@${p.username})` : ` (#${p.id})`) : '';
    names.set(p.id, escapeHtml(base + suffix));
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
