// Buttons belong to the person they were offered to. The owner's Telegram id travels in the
// button's callback data (`undo:e:12:<telegram id>`), so a press by anyone else is answered with a
// short alert and changes nothing, without a lookup. Callback data is whatever a client sends, so
// the owner it carries counts only when the pressed message (as Telegram delivers it, with its
// keyboard) really has that button; and every use case behind a button checks again, against the
// database, that the presser may do what it does.
import type { BotContext } from './context.js';
import { plainName } from './format.js';

/** Callback data for a button only `ownerTelegramId` may press (well within Telegram's 64 bytes). */
export function ownedButton(action: string, id: number, ownerTelegramId: number | bigint): string {
  return `${action}:${id}:${ownerTelegramId}`;
}

/**
 * True when the presser owns the button. Otherwise answers the press with an alert naming the owner
 * (when we know them) and returns false: the caller then changes nothing.
 */
export async function pressedByOwner(ctx: BotContext, ownerTelegramId: string | number): Promise<boolean> {
  if (!offeredOnMessage(ctx)) {
    await ctx.answerCallbackQuery({
      text: 'That button is not on this message; nothing was changed.',
      show_alert: true,
    });
    return false;
  }
  if (ctx.from && String(ctx.from.id) === String(ownerTelegramId)) return true;
  const owner = await ctx.services.members.findUserByTelegramId(BigInt(ownerTelegramId));
  const who = owner ? plainName(owner) : 'the person it was offered to';
  await ctx.answerCallbackQuery({
    text: `This button is for ${who}; only they can press it. Nothing was changed.`.slice(0, 190),
    show_alert: true,
  });
  return false;
}

/**
 * False when the pressed message's keyboard (sent by Telegram with the press) has no button with the
 * pressed data: the data was made up. A message too old for Telegram to include (no keyboard) is
 * given the benefit of the doubt; the use cases' own checks still apply.
 */
export function offeredOnMessage(ctx: BotContext): boolean {
  const query = ctx.callbackQuery;
  const message = query?.message;
  if (!query || !message || !('reply_markup' in message) || !message.reply_markup) return true;
  return message.reply_markup.inline_keyboard.some((row) =>
    row.some((button) => 'callback_data' in button && button.callback_data === query.data),
  );
}

/** Whether the person pressing or writing is an administrator (or the creator) of the chat. */
export async function isGroupAdmin(ctx: BotContext): Promise<boolean> {
  if (!ctx.chat || !ctx.from) return false;
  const member = await ctx.api.getChatMember(ctx.chat.id, ctx.from.id);
  return member.status === 'creator' || member.status === 'administrator';
}

/** A name that notifies the person in a group (a text mention), HTML-escaped already in `name`. */
export function mention(telegramId: number | bigint, escapedName: string): string {
  return `<a href="tg://user?id=${telegramId}">${escapedName}</a>`;
}
