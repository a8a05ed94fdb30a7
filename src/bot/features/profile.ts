// /profile: a conversation in a private chat that asks for email and mobile number (offering
// Telegram's share-contact button) and a UPI id (for pay links in /settleup), validates each, can be cancelled with /cancel, and shows the
// saved profile. Its state lives in the database (ConversationState), so a restart loses nothing.
import {
  type Conversation,
  type ConversationData,
  type ConversationKeyStorage,
  conversations,
  createConversation,
  type VersionedState,
} from '@grammyjs/conversations';
import { Composer, type Context, Keyboard } from 'grammy';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { parseEmail, parseMobile, parseUpiId, saveProfile } from '../../usecases/profile.js';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';
import type { Sender } from '../sender.js';

type ProfileConversation = Conversation<BotContext, Context>;

const CANCELLED = 'Cancelled; your profile is unchanged.';

async function askProfile(conversation: ProfileConversation, ctx: Context): Promise<void> {
  await ctx.reply('What is your email address? (Send /cancel to stop.)', {
    reply_markup: { remove_keyboard: true },
  });
  let email: string | null = null;
  while (email === null) {
    const answer = await conversation.waitFor('message:text');
    if (isCancel(answer.message.text)) return void (await answer.reply(CANCELLED));
    email = parseEmail(answer.message.text);
    if (email === null)
      await answer.reply('That is not an email address; write it like asha@example.com, or /cancel.');
  }

  await ctx.reply('And your mobile number? Share it with the button, or type it like +91 98765 43210.', {
    reply_markup: new Keyboard().requestContact('Share my number').oneTime().resized(),
  });
  let mobile: string | null = null;
  while (mobile === null) {
    const answer = await conversation.waitFor('message');
    const contact = answer.message.contact;
    const text = answer.message.text;
    if (text && isCancel(text))
      return void (await answer.reply(CANCELLED, { reply_markup: { remove_keyboard: true } }));
    if (contact && contact.user_id !== answer.from?.id) {
      await answer.reply('Please share your own number, not someone else’s.');
      continue;
    }
    mobile = parseMobile(contact?.phone_number ?? text ?? '');
    if (mobile === null)
      await answer.reply('That is not a phone number; type it like +91 98765 43210, or /cancel.');
  }

  await ctx.reply(
    'And your UPI id, so /settleup can show a pay link to you? Type it like asha@okaxis, /skip to keep it as it is, or /none to have none.',
    { reply_markup: { remove_keyboard: true } },
  );
  let upiId: string | null | undefined;
  for (;;) {
    const answer = await conversation.waitFor('message:text');
    const text = answer.message.text.trim();
    if (isCancel(text)) return void (await answer.reply(CANCELLED));
    if (/^\/skip(@\w+)?$/i.test(text)) break;
    if (/^\/none(@\w+)?$/i.test(text)) {
      upiId = null;
      break;
    }
    upiId = parseUpiId(text);
    if (upiId !== null) break;
    await answer.reply(
      'That is not a UPI id; write it like asha@okaxis (letters, digits, dots, hyphens or underscores, then @ and the bank), or /skip.',
    );
  }

  const userId = ctx.from?.id;
  if (userId === undefined) return;
  const saved = await conversation.external((outside) =>
    saveProfile(outside.services.prisma, userId, {
      email,
      mobile,
      ...(upiId === undefined ? {} : { upiId }),
    }),
  );
  await ctx.reply(
    [
      '✅ Profile saved.',
      `Name: ${escapeHtml(saved.name)}${saved.username ? ` (@${escapeHtml(saved.username)})` : ''}`,
      `Email: ${escapeHtml(saved.email ?? '')}`,
      `Mobile: ${escapeHtml(saved.mobile ?? '')}`,
      `UPI id: ${saved.upiId ? escapeHtml(saved.upiId) : 'none'}`,
    ].join('\n'),
    { parse_mode: 'HTML', reply_markup: { remove_keyboard: true } },
  );
}

function isCancel(text: string): boolean {
  return /^\/cancel(@\w+)?$/i.test(text.trim());
}

/**
 * Thrown when the conversation's state changed since this update read it (another instance wrote it
 * meanwhile): the write is refused rather than silently overwriting the other.
 */
export class StaleConversationError extends Error {
  constructor(key: string) {
    super(`the conversation ${key} was written by someone else since it was read`);
    this.name = 'StaleConversationError';
  }
}

/**
 * Conversation state in the database, keyed by chat, written with a version: each write must be
 * based on the version its update read (compare and set), so two writers cannot silently overwrite
 * each other. Per-chat order (updates.ts) keeps writers apart; this makes a lapse visible instead
 * of losing an answer.
 */
/** How long an unfinished /profile is kept. */
export const CONVERSATION_TTL_MS = 60 * 60_000;

export function databaseConversationStorage(
  prisma: PrismaClient,
  now: () => Date = () => new Date(),
): ConversationKeyStorage<Context, ConversationData> {
  // The version each key was read at by the update being handled (a chat's updates run one at a
  // time here, so one entry per key is enough); null: there was no state.
  const readAt = new Map<string, number | null>();
  return {
    type: 'key',
    getStorageKey: (ctx: Context) => (ctx.chat?.type === 'private' ? `profile:${ctx.chat.id}` : undefined),
    adapter: {
      read: async (key: string) => {
        // An unfinished /profile holds what was typed so far (an email, a number): it is dropped
        // after an hour, this one when read and anyone's left over when any is read.
        await prisma.conversationState.deleteMany({
          where: { updatedAt: { lt: new Date(now().getTime() - CONVERSATION_TTL_MS) } },
        });
        const row = await prisma.conversationState.findUnique({ where: { key } });
        readAt.set(key, row ? row.version : null);
        // The row holds only what write() below stored, so its JSON has the plugin's shape.
        return row ? (row.value as unknown as VersionedState<ConversationData>) : undefined;
      },
      write: async (key: string, value: VersionedState<ConversationData>) => {
        const json = JSON.parse(JSON.stringify(value));
        const version = readAt.get(key);
        readAt.delete(key);
        const written =
          version === null || version === undefined
            ? (
                await prisma.conversationState.createMany({
                  data: [{ key, value: json }],
                  skipDuplicates: true,
                })
              ).count
            : (
                await prisma.conversationState.updateMany({
                  where: { key, version },
                  data: { value: json, version: { increment: 1 } },
                })
              ).count;
        if (written === 0) throw new StaleConversationError(key);
      },
      delete: async (key: string) => {
        readAt.delete(key);
        await prisma.conversationState.deleteMany({ where: { key } });
      },
    },
  };
}

export function profileFeature(prisma: PrismaClient, sender: Sender): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const privateChats = feature.chatType('private');
  privateChats.use(
    conversations<BotContext, Context>({
      storage: databaseConversationStorage(prisma),
      // A conversation talks through an API of its own: give it the sender's gate too, so its
      // replies wait out the chat's flood waits like every other answer.
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(sender.gate());
          await next();
        },
      ],
    }),
  );
  privateChats.use(createConversation<BotContext, Context>(askProfile, 'profile'));
  privateChats.command('profile', async (ctx) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('profile');
  });
  privateChats.command('cancel', (ctx) => ctx.reply('There is nothing to cancel.'));
  return feature;
}
