// Small helpers shared by the feature handlers: the parser's input from a message, and replies
// that are HTML and split across messages when longer than Telegram allows.
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { CommandInput } from '../commands/index.js';
import type { BotContext } from './context.js';
import { chunkLines } from './format.js';

export function commandInput(ctx: BotContext): CommandInput {
  const message = ctx.msg;
  const from = ctx.from;
  if (!message || !from) throw new Error('commandInput needs a message with a sender');
  return {
    text: message.text ?? message.caption ?? '',
    entities: message.entities ?? message.caption_entities ?? [],
    sender: { id: from.id, username: from.username, first_name: from.first_name, last_name: from.last_name },
    botUsername: ctx.me.username,
  };
}

/** Sends HTML lines as one message, or several when they exceed Telegram's limit. */
export async function replyLines(
  ctx: BotContext,
  lines: readonly string[],
  options: { keyboard?: InlineKeyboardMarkup } = {},
): Promise<void> {
  const chunks = chunkLines(lines);
  for (const [index, chunk] of chunks.entries()) {
    const last = index === chunks.length - 1;
    await ctx.reply(chunk, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(last && options.keyboard ? { reply_markup: options.keyboard } : {}),
    });
  }
}
