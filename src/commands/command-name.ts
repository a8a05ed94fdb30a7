// Which command a message is, and whether it is addressed to this bot: in a group, `/paid@OtherBot`
// belongs to another bot and must be ignored rather than refused.
import type { EntityLike } from './types.js';

/** The commands Hisaab answers; the others are not ours (or are typos) and get the generic reply. */
export const COMMANDS = [
  'start',
  'help',
  'paid',
  'settle',
  'received',
  'undo',
  'expenses',
  'expense',
  'passbook',
  'balances',
  'balance',
  'settleup',
  'profile',
  'export',
  'cancel',
] as const;
export type CommandNameKnown = (typeof COMMANDS)[number];

export interface CommandSpan {
  /** UTF-16 index just past the command (and its @bot suffix). */
  end: number;
  /** Lower-case, without the slash. */
  name: string;
  /** The bot named after `@`, as typed, if any. */
  target?: string;
}

const WHOLE_COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?$/;
const LEADING_COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)/;

/**
 * The command at the start of the text. Telegram's bot_command entity is preferred when it is sane,
 * and the text itself is read otherwise (captions forwarded without entities, tests, the sandbox).
 */
export function commandSpan(text: string, entities: readonly EntityLike[] | undefined): CommandSpan | null {
  const entity = entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (entity && Number.isInteger(entity.length) && entity.length > 1 && entity.length <= text.length) {
    const match = WHOLE_COMMAND.exec(text.slice(0, entity.length));
    const rest = text.slice(entity.length);
    if (match && (rest === '' || /^\s/.test(rest))) return toSpan(match, entity.length);
  }
  const match = LEADING_COMMAND.exec(text);
  return match ? toSpan(match, match[0].length) : null;
}

function toSpan(match: RegExpExecArray, end: number): CommandSpan {
  const name = (match[1] ?? '').toLowerCase();
  return match[2] === undefined ? { end, name } : { end, name, target: match[2] };
}

/**
 * The command's name (lower-case) and whether it was addressed to another bot, or null when the text
 * is not a command at all. Bot usernames compare case-insensitively, as Telegram treats them.
 */
export function commandName(
  text: string,
  entities: readonly EntityLike[] | undefined,
  botUsername: string,
): { name: string; forOtherBot: boolean } | null {
  const span = commandSpan(text, entities);
  if (!span) return null;
  const forOtherBot = span.target !== undefined && span.target.toLowerCase() !== botUsername.toLowerCase();
  return { name: span.name, forOtherBot };
}

export function isKnownCommand(name: string): name is CommandNameKnown {
  return (COMMANDS as readonly string[]).includes(name);
}
