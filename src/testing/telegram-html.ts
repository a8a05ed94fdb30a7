// Telegram's HTML parse mode, as the Bot API checks it: the supported tags only, properly nested
// and closed, `<`, `>` and `&` escaped, and the message length counted on the visible text.
export class HtmlParseError extends Error {}

const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Returns the visible text of a Telegram HTML message, or throws HtmlParseError like the Bot API. */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
export function parseTelegramHtml(html: string): string {
  let text = '';
  const open: string[] = [];
  let i = 0;
  const byteOffset = (index: number) => Buffer.byteLength(html.slice(0, index));
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end === -1) throw new HtmlParseError(`Unclosed start tag at byte offset ${byteOffset(i)}`);
      const inner = html.slice(i + 1, end);
      const closing = inner.startsWith('/');
      const name = (closing ? inner.slice(1) : inner).trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      if (!/^[a-z][a-z-]*$/.test(name)) {
        throw new HtmlParseError(`Unexpected character '<' at byte offset ${byteOffset(i)}`);
      }
      if (!TAGS.has(name)) {
        throw new HtmlParseError(
          `Unsupported ${closing ? 'end' : 'start'} tag "${name}" at byte offset ${byteOffset(i)}`,
        );
      }
      if (closing) {
        const last = open.pop();
        if (last !== name) {
          throw new HtmlParseError(
            last === undefined
              ? `Unexpected end tag at byte offset ${byteOffset(i)}`
              : `Can't find end tag corresponding to start tag "${last}"`,
          );
        }
      } else {
        if (name === 'a' && !/\shref\s*=/.test(inner)) {
          throw new HtmlParseError(`Can't find href in tag "a" at byte offset ${byteOffset(i)}`);
        }
        if (name === 'span' && !/class\s*=\s*"?tg-spoiler/.test(inner)) {
          throw new HtmlParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(i)}`);
        }
        open.push(name);
      }
      i = end + 1;
      continue;
    }
    if (ch === '&') {
      const match = /^&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/.exec(html.slice(i, i + 12));
      if (!match) throw new HtmlParseError(`Character entity expected at byte offset ${byteOffset(i)}`);
      const body = match[1] as string;
      if (body.startsWith('#')) {
        const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
        text += String.fromCodePoint(code);
      } else {
        const named = NAMED_ENTITIES[body.toLowerCase()];
        if (named === undefined)
          throw new HtmlParseError(`Unsupported HTML entity "&${body};" at byte offset ${byteOffset(i)}`);
        text += named;
      }
      i += match[0].length;
      continue;
    }
    if (ch === '>') throw new HtmlParseError(`Unexpected character '>' at byte offset ${byteOffset(i)}`);
    text += ch;
    i++;
  }
  if (open.length > 0)
    throw new HtmlParseError(`Can't find end tag corresponding to start tag "${open.at(-1)}"`);
  return text;
}
