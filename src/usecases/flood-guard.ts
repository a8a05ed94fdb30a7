// The flood guard's count: how many commands a user sent in their current one-minute window, kept in
// the database so that several instances count together (N instances must not allow N times the
// limit). Counted by the statement that stores each update (usecases/inbox.ts), which costs no round
// trip; countCommand is the statement of its own for an update that arrives without that count
// (replayed after a restart). What counts is floodSenderOf's to say.
import { countCommandSql } from '../db/queries/flood.js';
import type { UseCaseDeps } from './deps.js';

export const FLOOD_WINDOW_MS = 60_000;

export async function countCommand(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  input: { telegramId: number },
): Promise<{ count: number; windowStartedAt: Date }> {
  const [row] = await deps.sql.run(countCommandSql, [
    String(input.telegramId),
    deps.clock().toISOString(),
    FLOOD_WINDOW_MS / 1000,
  ]);
  if (!row) throw new Error('the flood window was not counted');
  return { count: row.count, windowStartedAt: new Date(row.startedAt) };
}

/** The parts of a Telegram update the flood guard reads (use cases know no Telegram types). */
interface MessageLike {
  text?: string;
  caption?: string;
  from?: { id: number; is_bot?: boolean };
  chat?: { id: number; type?: string };
  sender_chat?: unknown;
  photo?: unknown;
  document?: unknown;
  reply_to_message?: { from?: { is_bot?: boolean } };
}
interface UpdateLike {
  update_id?: number;
  message?: MessageLike;
  edited_message?: MessageLike;
  callback_query?: { from: { id: number } };
}

/**
 * Who an update counts against in the flood guard, as text (a Telegram id), or null when it does
 * not count: a command, typed or as the caption of a photo or file (a `/paid` with its receipt, an
 * `/import` with its file), a file sent in reply to the bot (the answer to /import's or /receipt's
 * question: each is downloaded, so each costs), and a button press. Ordinary chat is not counted.
 */
export function floodSenderOf(update: object): string | null {
  const { callback_query, message: sent, edited_message } = update as UpdateLike;
  if (callback_query) return String(callback_query.from.id);
  const message = sent ?? edited_message;
  if (!message?.from) return null;
  const command = (message.text ?? message.caption ?? '').startsWith('/');
  const fileReply =
    (message.photo !== undefined || message.document !== undefined) &&
    message.reply_to_message?.from?.is_bot === true;
  return command || fileReply ? String(message.from.id) : null;
}

/**
 * The person who sent a message in a group (as text, a Telegram id), whose membership the bot
 * will learn when it handles it; null for anything else.
 */
export function groupSenderOf(update: object): string | null {
  const { message: sent, edited_message } = update as UpdateLike;
  const message = sent ?? edited_message;
  const type = message?.chat?.type;
  if (!message?.from || message.from.is_bot || message.sender_chat !== undefined) return null;
  return type === 'group' || type === 'supergroup' ? String(message.from.id) : null;
}
