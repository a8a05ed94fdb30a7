// Small helpers shared by the feature handlers: the parser's input from a message, and answers
// (HTML, split across messages when longer than Telegram allows) queued for the sender.
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { CommandInput } from '../commands/index.js';
import type { BotContext } from './context.js';
import { chunkLines, visibleLength } from './format.js';
import type { AnswerSummary } from './sender.js';

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

/**
 * Queues an answer to the chat the update came from (or `to`): HTML lines, as one message or
 * several when they exceed Telegram's limit. Handlers do not wait for delivery (the sender delivers
 * within Telegram's limits); `summary` lets the sender merge this answer with others while the chat
 * is throttled.
 */
export function answer(
  ctx: BotContext,
  lines: string | readonly string[],
  options: { keyboard?: InlineKeyboardMarkup; summary?: AnswerSummary; to?: number } = {},
): void {
  const chatId = options.to ?? ctx.chat?.id;
  if (chatId === undefined) throw new Error('answer needs a chat');
  const chunks = chunkLines(typeof lines === 'string' ? lines.split('\n') : lines);
  for (const [index, chunk] of chunks.entries()) {
    const last = index === chunks.length - 1;
    void ctx.services.sender.enqueue(
      chatId,
      {
        method: 'sendMessage',
        text: chunk,
        ...(last && options.keyboard ? { keyboard: options.keyboard } : {}),
        ...(chunks.length === 1 && options.summary ? { summary: options.summary } : {}),
      },
      ctx.update.update_id,
    );
  }
}

/** Queues an edit of the message a button was pressed on (paging, a confirmed question). */
export function editAnswer(
  ctx: BotContext,
  text: string,
  options: { keyboard?: InlineKeyboardMarkup } = {},
): void {
  const message = ctx.callbackQuery?.message;
  if (!message) throw new Error('editAnswer needs a button press on a message');
  void ctx.services.sender.enqueue(
    message.chat.id,
    { method: 'editMessageText', messageId: message.message_id, text, ...options },
    ctx.update.update_id,
  );
}

/**
 * Queues a one-message answer like `answer`, resolving with the id of the message it became, or
 * undefined when it was merged with others while the chat was throttled, split, or not delivered:
 * for answers the bot may edit later (an expense's confirmation, which a correction updates).
 */
export function answerTracked(
  ctx: BotContext,
  lines: readonly string[],
  options: { summary?: AnswerSummary; keyboard?: InlineKeyboardMarkup } = {},
): Promise<number | undefined> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) throw new Error('answerTracked needs a chat');
  const chunks = chunkLines(lines);
  if (chunks.length !== 1) {
    answer(ctx, lines, options);
    return Promise.resolve(undefined);
  }
  return ctx.services.sender.enqueueForMessageId(
    chatId,
    {
      method: 'sendMessage',
      text: chunks[0] as string,
      ...(options.summary ? { summary: options.summary } : {}),
      ...(options.keyboard ? { keyboard: options.keyboard } : {}),
    },
    ctx.update.update_id,
  );
}

/** Queues an edit of a message the bot sent earlier in this chat (not one a button was pressed on). */
export function editOwnMessage(
  ctx: BotContext,
  messageId: number,
  lines: readonly string[],
  options: { keyboard?: InlineKeyboardMarkup } = {},
): void {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) throw new Error('editOwnMessage needs a chat');
  const [text] = chunkLines(lines);
  void ctx.services.sender.enqueue(
    chatId,
    { method: 'editMessageText', messageId, text: text ?? '', ...options },
    ctx.update.update_id,
  );
}

/**
 * Queues a change of the buttons under a message the bot sent in this chat: the one a button was
 * pressed on, or `messageId`. The text stays as it is.
 */
export function editKeyboard(ctx: BotContext, keyboard: InlineKeyboardMarkup, messageId?: number): void {
  const message = ctx.callbackQuery?.message;
  const chatId = ctx.chat?.id ?? message?.chat.id;
  const id = messageId ?? message?.message_id;
  if (chatId === undefined || id === undefined) throw new Error('editKeyboard needs a message');
  void ctx.services.sender.enqueue(
    chatId,
    { method: 'editMessageReplyMarkup', messageId: id, keyboard },
    ctx.update.update_id,
  );
}

/** Telegram's limit on a caption, counted as the reader sees it (after HTML). */
export const CAPTION_LIMIT = 1024;

/**
 * Queues a photo (by Telegram file_id) with `lines` as its caption, in the chat's lane like every
 * answer. A caption longer than Telegram allows keeps its first line on the photo and the whole
 * text follows as an ordinary answer.
 */
export function answerPhoto(ctx: BotContext, photo: string, lines: readonly string[]): void {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) throw new Error('answerPhoto needs a chat');
  const caption = lines.join('\n');
  const fits = visibleLength(caption) <= CAPTION_LIMIT;
  void ctx.services.sender.enqueue(
    chatId,
    { method: 'sendPhoto', photo, caption: fits ? caption : (lines[0] ?? '') },
    ctx.update.update_id,
  );
  if (!fits) answer(ctx, lines);
}
