// Splits a command's arguments into words, keeping each text mention (a person without a username,
// whose visible name may contain spaces) as one token tied to its user. Entities are trusted only
// after their UTF-16 offsets are checked against the text, so malformed updates cannot crash us.
import { commandSpan } from './command-name.js';
import type { CommandInput, TelegramUserLike } from './types.js';

export interface Token {
  /** The characters as sent. */
  raw: string;
  /** The same without invisible format marks (RTL marks, zero-width spaces), for classifying. */
  text: string;
  start: number;
  end: number;
  /** Set for a text mention: the person Telegram attached to these characters. */
  user?: TelegramUserLike;
}

// Bidi controls and zero-width characters that RTL keyboards and copy-paste put around words; they
// must not stop `@ravi` or `500` from being recognised.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

export function clean(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** At most 40 characters of something the person typed, cut between code points, for a reply. */
export function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : flat;
}

function isUser(value: unknown): value is TelegramUserLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger((value as { id?: unknown }).id) &&
    typeof (value as { first_name?: unknown }).first_name === 'string'
  );
}

/** The index where the arguments start: after the command, or 0 for text that is not a command. */
export function argumentsStart(input: CommandInput): number {
  const span = commandSpan(input.text, input.entities);
  if (span) return span.end;
  // Something like `/😀 100`: skip the slash word so it is not read as an argument.
  return /^\/\S*/.exec(input.text)?.[0].length ?? 0;
}

export function tokenize(input: CommandInput): Token[] {
  const text = input.text;
  const from = argumentsStart(input);
  const mentions = (input.entities ?? [])
    .filter(
      (e) =>
        e.type === 'text_mention' &&
        isUser(e.user) &&
        Number.isInteger(e.offset) &&
        Number.isInteger(e.length) &&
        e.offset >= from &&
        e.length > 0 &&
        e.offset + e.length <= text.length &&
        text.slice(e.offset, e.offset + e.length).trim() !== '',
    )
    .sort((a, b) => a.offset - b.offset);
  const tokens: Token[] = [];
  const pushWords = (start: number, end: number) => {
    // A comma ends a word unless it sits between digits (`1,00,000`): `me,@u3` is two people.
    const re = /(?:[^\s,]|(?<=\p{Nd}),(?=\p{Nd}))+,*|,+/gu;
    const slice = text.slice(start, end);
    for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
      const at = start + m.index;
      tokens.push({ raw: m[0], text: clean(m[0]), start: at, end: at + m[0].length });
    }
  };
  let cursor = from;
  for (const mention of mentions) {
    if (mention.offset < cursor) continue; // overlapping entities: the first one wins
    pushWords(cursor, mention.offset);
    const raw = text.slice(mention.offset, mention.offset + mention.length);
    tokens.push({
      raw,
      text: clean(raw),
      start: mention.offset,
      end: mention.offset + mention.length,
      user: mention.user,
    });
    cursor = mention.offset + mention.length;
  }
  pushWords(cursor, text.length);
  // Words that were only invisible marks carry no meaning.
  return tokens.filter((t) => t.user !== undefined || t.text !== '');
}
