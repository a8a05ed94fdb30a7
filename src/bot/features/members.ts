// Learns people from everything the bot sees, before any command runs: the sender of every update,
// members who join or leave, and the bot's own arrival in a group. A bot cannot look anyone up by
// @username, so this is how "@ravi" becomes a person. A group upgraded to a supergroup moves here
// too, so the ledger follows the chat.
import { Composer } from 'grammy';
import type { User } from 'grammy/types';
import type { TelegramGroup, TelegramPerson } from '../../usecases/members.js';
import { moveGroup } from '../../usecases/move-group.js';
import type { BotContext } from '../context.js';

export function telegramPerson(user: User): TelegramPerson {
  return { id: user.id, firstName: user.first_name, lastName: user.last_name, username: user.username };
}

export function telegramGroup(chat: { id: number; title?: string }): TelegramGroup {
  return { chatId: chat.id, title: chat.title ?? 'this group' };
}

export const members = new Composer<BotContext>();

members.use(async (ctx, next) => {
  const { members: directory } = ctx.services;
  const chat = ctx.chat;
  const from = ctx.from;
  if (chat && (chat.type === 'group' || chat.type === 'supergroup')) {
    if (from && !from.is_bot) {
      const learned = await directory.learnMember(telegramGroup(chat), telegramPerson(from));
      ctx.sender = learned.person;
      ctx.groupId = learned.groupId;
    } else {
      ctx.groupId = (await directory.learnGroup(telegramGroup(chat))).id;
    }
  } else if (chat?.type === 'private' && from && !from.is_bot) {
    // Anyone writing to us in private has started the bot, so we may DM them their passbook.
    ctx.sender = await directory.learnUser(telegramPerson(from), { startedBot: true });
  } else if (from && !from.is_bot) {
    ctx.sender = await directory.learnUser(telegramPerson(from));
  }
  await next();
});

// A group upgraded to a supergroup has a new chat id; the old group says where it went, the
// supergroup where it came from, in either order. Telegram shows its own notice, so no reply.
members.on('message:migrate_to_chat_id', async (ctx, next) => {
  const to = ctx.message.migrate_to_chat_id;
  const moved = await moveGroup(ctx.services, { fromChatId: ctx.chat.id, toChatId: to });
  ctx.log.info('group moved to a new chat', { to_chat_id: to, ...moved });
  ctx.groupId = moved.groupId;
  await next();
});

members.on('message:migrate_from_chat_id', async (ctx, next) => {
  const from = ctx.message.migrate_from_chat_id;
  const moved = await moveGroup(ctx.services, {
    fromChatId: from,
    toChatId: ctx.chat.id,
    title: 'title' in ctx.chat ? ctx.chat.title : undefined,
  });
  ctx.log.info('group moved from another chat', { from_chat_id: from, ...moved });
  ctx.groupId = moved.groupId;
  await next();
});

members.on('message:new_chat_members', async (ctx, next) => {
  for (const user of ctx.message.new_chat_members) {
    if (!user.is_bot) await ctx.services.members.learnMember(telegramGroup(ctx.chat), telegramPerson(user));
  }
  await next();
});

members.on('message:left_chat_member', async (ctx, next) => {
  const user = ctx.message.left_chat_member;
  if (!user.is_bot) await ctx.services.members.markLeft(telegramGroup(ctx.chat), user.id);
  await next();
});

members.on('chat_member', async (ctx, next) => {
  const { new_chat_member: member, chat } = ctx.chatMember;
  if (!member.user.is_bot && (chat.type === 'group' || chat.type === 'supergroup')) {
    if (member.status === 'left' || member.status === 'kicked') {
      await ctx.services.members.markLeft(telegramGroup(chat), member.user.id);
    } else if (member.status !== 'restricted' || member.is_member) {
      await ctx.services.members.learnMember(telegramGroup(chat), telegramPerson(member.user));
    }
  }
  await next();
});

// Text mentions carry the person; learning them here lets "@" and "text mention" resolve alike.
members.on(['message:entities:text_mention'], async (ctx, next) => {
  if (ctx.chat.type === 'group' || ctx.chat.type === 'supergroup') {
    for (const entity of ctx.message.entities ?? []) {
      if (entity.type === 'text_mention' && !entity.user.is_bot) {
        await ctx.services.members.learnMember(telegramGroup(ctx.chat), telegramPerson(entity.user));
      }
    }
  }
  await next();
});
