// Learns people from everything the bot sees, before any command runs: the sender of every update,
// members who join or leave, and the bot's own arrival in a group. A bot cannot look anyone up by
// @username, so this is how "@ravi" becomes a person. Only people are people: a message sent as a
// chat (an anonymous admin, a channel) or by a bot teaches nobody, and its commands are refused.
// A group upgraded to a supergroup moves here too, so the ledger follows the chat.
import { Composer } from 'grammy';
import type { User } from 'grammy/types';
import { personStanding } from '../../usecases/balances.js';
import type { Person, TelegramGroup, TelegramPerson } from '../../usecases/members.js';
import { moveGroup } from '../../usecases/move-group.js';
import type { BotContext } from '../context.js';
import { escapeHtml, moneyIn, nameBook } from '../format.js';
import { answer } from '../reply.js';
import { factsOf } from '../update-facts.js';

/**
 * Telegram's stand-ins for a chat: an anonymous admin posts as GroupAnonymousBot, a channel's post in
 * its discussion group comes from 777000, someone posting as a channel from Channel_Bot.
 */
const CHAT_STAND_INS = new Set([1087968824, 777000, 136817688]);

export const NOT_A_PERSON =
  'Post as yourself to record an expense: an anonymous admin, a channel or a bot cannot owe or be owed.';

/** Whether the update was sent by a person: not as a chat (anonymous admin, channel), not by a bot. */
export function sentByPerson(ctx: BotContext): boolean {
  const from = ctx.from;
  if (!from || from.is_bot || CHAT_STAND_INS.has(from.id)) return false;
  return (ctx.message ?? ctx.editedMessage)?.sender_chat === undefined;
}

/** Whether a message is a command addressed to this bot (`/paid`, or `/paid@ThisBot` in a group). */
function isOurCommand(ctx: BotContext): boolean {
  const message = ctx.message ?? ctx.editedMessage;
  const text = message?.text ?? message?.caption;
  const entity = (message?.entities ?? message?.caption_entities)?.[0];
  if (!text || entity?.type !== 'bot_command' || entity.offset !== 0) return false;
  const [, target] = text.slice(0, entity.length).split('@');
  return target === undefined || target.toLowerCase() === ctx.me.username.toLowerCase();
}

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
  const from = sentByPerson(ctx) ? ctx.from : undefined;
  if (chat && (chat.type === 'group' || chat.type === 'supergroup')) {
    if (from && !isOwnLeaving(ctx, from.id)) {
      const learned = await directory.learnMember(telegramGroup(chat), telegramPerson(from), {
        members: factsOf(ctx.update)?.members ?? new Set(),
      });
      ctx.sender = learned.person;
      ctx.groupId = learned.groupId;
      ctx.groupCurrency = learned.currency;
    } else {
      // Leaving is the one thing someone sends that does not make them a member (again).
      if (from) ctx.sender = await directory.learnUser(telegramPerson(from));
      const group = await directory.learnGroup(telegramGroup(chat));
      ctx.groupId = group.id;
      ctx.groupCurrency = group.currency;
    }
  } else if (chat?.type === 'private' && from) {
    // Anyone writing to us in private has started the bot, so we may DM them their passbook.
    ctx.sender = await directory.learnUser(telegramPerson(from), { startedBot: true });
  } else if (from) {
    ctx.sender = await directory.learnUser(telegramPerson(from));
  }
  await next();
});

// A command sent as a chat or by a bot: one plain refusal, and no handler sees it. Anything else it
// sends (a post, a service message such as new members or an upgrade) goes on, with no sender.
members.use(async (ctx, next) => {
  if (!sentByPerson(ctx) && isOurCommand(ctx)) {
    ctx.log.info('refused', { reason: 'NOT_A_PERSON' });
    answer(ctx, escapeHtml(NOT_A_PERSON));
    return;
  }
  await next();
});

// A group upgraded to a supergroup has a new chat id; the old group says where it went, the
// supergroup where it came from, in either order. Telegram shows its own notice, so no reply.
members.on('message:migrate_to_chat_id', async (ctx, next) => {
  const to = ctx.message.migrate_to_chat_id;
  const moved = await moveGroup(ctx.services, { fromChatId: ctx.chat.id, toChatId: to });
  ctx.services.sender.chatMoved(ctx.chat.id, to);
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
  ctx.services.sender.chatMoved(from, ctx.chat.id);
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

/** Whether this update is `userId` leaving (or being removed from) the group. */
function isOwnLeaving(ctx: BotContext, userId: number): boolean {
  if (ctx.message?.left_chat_member?.id === userId) return true;
  const member = ctx.chatMember?.new_chat_member;
  return member?.user.id === userId && (member.status === 'left' || member.status === 'kicked');
}

/**
 * Marks someone as gone and, the first time Telegram says so, tells the group where they stand:
 * their net and the settle-up payments they are part of. They stay in the ledger and can still be
 * settled with; they are just no longer in splits among everyone.
 */
async function memberLeft(ctx: BotContext, chat: { id: number; title?: string }, user: User): Promise<void> {
  const left = await ctx.services.members.markLeft(telegramGroup(chat), user.id);
  if (!left) return;
  const standing = await personStanding(ctx.services, { groupId: left.groupId, userId: left.person.id });
  if (!standing.involved) return;
  const name = nameBook([...standing.people.values(), left.person]);
  const who = name(left.person.id);
  const { net, transfers } = standing;
  const headline = net.isZero()
    ? `${who} left the group; in all they are even here.`
    : net.isNegative()
      ? `${who} left the group owing ${moneyIn(ctx)(net.neg())} here.`
      : `${who} left the group and gets back ${moneyIn(ctx)(net)} here.`;
  answer(ctx, [
    headline,
    ...(transfers.length > 0
      ? [
          `To settle with ${who}:`,
          ...transfers.map((t) => `${name(t.from)} pays ${name(t.to)}: ${moneyIn(ctx)(t.amount)}`),
          `They stay in the ledger: record a payment with /settle ${settleName(left.person)}.`,
        ]
      : []),
  ]);
}

function settleName(person: Person): string {
  return person.username ? `@${escapeHtml(person.username)}` : 'and a mention of them';
}

members.on('message:left_chat_member', async (ctx, next) => {
  const user = ctx.message.left_chat_member;
  if (!user.is_bot) await memberLeft(ctx, ctx.chat, user);
  await next();
});

members.on('chat_member', async (ctx, next) => {
  const { new_chat_member: member, chat } = ctx.chatMember;
  if (!member.user.is_bot && (chat.type === 'group' || chat.type === 'supergroup')) {
    if (member.status === 'left' || member.status === 'kicked') {
      await memberLeft(ctx, chat, member.user);
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
        await ctx.services.members.learnMentioned(telegramGroup(ctx.chat), telegramPerson(entity.user));
      }
    }
  }
  await next();
});
