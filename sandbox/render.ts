// Renders the bot's HTML messages for a terminal: Telegram's tags become ANSI styles (or nothing,
// when colour is off), entities are decoded, and inline buttons are numbered so they can be pressed.
import type { Message } from 'grammy/types';

export interface RenderOptions {
  color: boolean;
}

const STYLES: Record<string, [string, string]> = {
  b: ['\x1b[1m', '\x1b[22m'],
  strong: ['\x1b[1m', '\x1b[22m'],
  i: ['\x1b[3m', '\x1b[23m'],
  em: ['\x1b[3m', '\x1b[23m'],
  u: ['\x1b[4m', '\x1b[24m'],
  ins: ['\x1b[4m', '\x1b[24m'],
  s: ['\x1b[9m', '\x1b[29m'],
  strike: ['\x1b[9m', '\x1b[29m'],
  del: ['\x1b[9m', '\x1b[29m'],
  code: ['\x1b[36m', '\x1b[39m'],
  pre: ['\x1b[36m', '\x1b[39m'],
};

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

/** Telegram HTML to terminal text. */
export function htmlToTerminal(html: string, options: RenderOptions): string {
  const withStyles = html.replace(/<(\/?)([a-z-]+)(?:\s[^>]*)?>/gi, (_m, closing: string, tag: string) => {
    const style = STYLES[tag.toLowerCase()];
    if (!style || !options.color) return '';
    return closing ? style[1] : style[0];
  });
  return decodeEntities(withStyles);
}

/** The inline buttons of a message, in reading order, with their callback data. */
export function buttonsOf(message: Message): { text: string; data: string }[] {
  const markup = message.reply_markup;
  if (!markup || !('inline_keyboard' in markup)) return [];
  return markup.inline_keyboard
    .flat()
    .flatMap((button) =>
      'callback_data' in button && button.callback_data !== undefined
        ? [{ text: button.text, data: button.callback_data }]
        : [],
    );
}

/** One bot message as the sandbox prints it, buttons numbered from `firstNumber`. */
export function renderMessage(
  html: string,
  buttons: readonly { text: string }[],
  firstNumber: number,
  options: RenderOptions,
): string {
  const dim = (s: string) => (options.color ? `\x1b[2m${s}\x1b[22m` : s);
  const body = htmlToTerminal(html, options)
    .split('\n')
    .map((line, i) => (i === 0 ? `bot> ${line}` : `     ${line}`))
    .join('\n');
  if (buttons.length === 0) return body;
  const row = buttons.map((b, i) => `[${firstNumber + i}] ${b.text}`).join('  ');
  return `${body}\n     ${dim(row)}`;
}
