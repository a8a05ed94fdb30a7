// /profile: a conversation in a private chat that asks for email and mobile number (offering
// Telegram's share-contact button) and a UPI id (for pay links in /settleup), validates each, lets
// /skip keep what is stored at every step, can be cancelled with /cancel, and shows the
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
import {
  deleteConversation,
  readConversation,
  writeConversation,
} from '../../usecases/conversation-state.js';
import type { UseCaseDeps } from '../../usecases/deps.js';
import { parseEmail, parseUpiId, readMobile, saveProfile } from '../../usecases/profile.js';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';
import type { Sender } from '../sender.js';

type ProfileConversation = Conversation<BotContext, Context>;

const CANCELLED = 'Cancelled; your profile is unchanged.';
const SKIP = /^\/skip(@\w+)?$/i;

/** What a step got: a value, undefined for /skip (keep what is stored), or 'cancelled'. */
type Step<T> = { value: T | undefined } | 'cancelled';

async function askProfile(conversation: ProfileConversation, ctx: Context): Promise<void> {
  await ctx.reply('What is your email address? (/skip keeps the one you have; /cancel stops.)', {
    reply_markup: { remove_keyboard: true },
  });
  const email = await askEmail(conversation);
  if (email === 'cancelled') return;
  await ctx.reply(
    'And your mobile number? Share it with the button, or type it like 98765 43210 (or +44 7700 900123 outside India); /skip keeps the one you have.',
    { reply_markup: new Keyboard().requestContact('Share my number').oneTime().resized() },
  );
  const mobile = await askMobile(conversation);
  if (mobile === 'cancelled') return;
  await ctx.reply(
    'And your UPI id, so /settleup can show a pay link to you? Type it like asha@okaxis, /skip to keep it as it is, or /none to have none.',
    { reply_markup: { remove_keyboard: true } },
  );
  const upiId = await askUpiId(conversation);
  if (upiId === 'cancelled') return;

  const userId = ctx.from?.id;
  if (userId === undefined) return;
  const saved = await conversation.external((outside) =>
    saveProfile(outside.services.prisma, userId, {
      ...(email.value === undefined ? {} : { email: email.value }),
      ...(mobile.value === undefined ? {} : { mobile: mobile.value }),
      ...(upiId.value === undefined ? {} : { upiId: upiId.value }),
    }),
  );
  await ctx.reply(
    [
      '✅ Profile saved.',
      `Name: ${escapeHtml(saved.name)}${saved.username ? ` (@${escapeHtml(saved.username)})` : ''}`,
      `Email: ${saved.email ? escapeHtml(saved.email) : 'none'}`,
      `Mobile: ${saved.mobile ? escapeHtml(saved.mobile) : 'none'}`,
      `UPI id: ${saved.upiId ? escapeHtml(saved.upiId) : 'none'}`,
    ].join('\n'),
    { parse_mode: 'HTML', reply_markup: { remove_keyboard: true } },
  );
}

async function askEmail(conversation: ProfileConversation): Promise<Step<string>> {
  for (;;) {
    const answer = await conversation.waitFor('message:text');
    const text = answer.message.text.trim();
    if (isCancel(text)) {
      await answer.reply(CANCELLED);
      return 'cancelled';
    }
    if (SKIP.test(text)) return { value: undefined };
    const email = parseEmail(text);
    if (email !== null) return { value: email };
    await answer.reply('That is not an email address; write it like asha@example.com, or /skip.');
  }
}

async function askMobile(conversation: ProfileConversation): Promise<Step<string>> {
  for (;;) {
    const answer = await conversation.waitFor('message');
    const contact = answer.message.contact;
    const text = answer.message.text?.trim();
    if (text && isCancel(text)) {
      await answer.reply(CANCELLED, { reply_markup: { remove_keyboard: true } });
      return 'cancelled';
    }
    if (text && SKIP.test(text)) return { value: undefined };
    if (contact && contact.user_id !== answer.from?.id) {
      await answer.reply('Please share your own number, not someone else’s.');
      continue;
    }
    const read = contact ? readMobile(contact.phone_number, true) : readMobile(text ?? '');
    if ('mobile' in read) return { value: read.mobile };
    await answer.reply(`${read.refusal} Or /skip.`);
  }
}

async function askUpiId(conversation: ProfileConversation): Promise<Step<string | null>> {
  for (;;) {
    const answer = await conversation.waitFor('message:text');
    const text = answer.message.text.trim();
    if (isCancel(text)) {
      await answer.reply(CANCELLED);
      return 'cancelled';
    }
    if (SKIP.test(text)) return { value: undefined };
    if (/^\/none(@\w+)?$/i.test(text)) return { value: null };
    const upiId = parseUpiId(text);
    if (upiId !== null) return { value: upiId };
    await answer.reply(
      'That is not a UPI id; write it like asha@okaxis (letters, digits, dots, hyphens or underscores, then @ and the bank), or /skip.',
    );
  }
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
export function databaseConversationStorage(
  deps: Pick<UseCaseDeps, 'prisma'>,
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
        const row = await readConversation(deps, { key, now: now() });
        readAt.set(key, row ? row.version : null);
        // The row holds only what write() below stored, so its JSON has the plugin's shape.
        return row ? (row.value as VersionedState<ConversationData>) : undefined;
      },
      write: async (key: string, value: VersionedState<ConversationData>) => {
        const version = readAt.get(key) ?? null;
        readAt.delete(key);
        if (!(await writeConversation(deps, { key, value, version }))) throw new StaleConversationError(key);
      },
      delete: async (key: string) => {
        readAt.delete(key);
        await deleteConversation(deps, { key });
      },
    },
  };
}

export function profileFeature(deps: Pick<UseCaseDeps, 'prisma'>, sender: Sender): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const privateChats = feature.chatType('private');
  privateChats.use(
    conversations<BotContext, Context>({
      storage: databaseConversationStorage(deps),
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
  privateChats.command('cancel', (ctx) => ctx.reply('Nothing to cancel.'));
  return feature;
}
