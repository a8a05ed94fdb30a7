// A Bot API emulator: an HTTP server on loopback that answers like api.telegram.org for the methods
// Hisaab uses, holding a small world of users, chats and messages. Tests, benchmarks and the sandbox
// play users through its methods (sendText, pressButton, addMember, ...) and read what the bot sent.
//
// It keeps Telegram's rules that matter to a bot: update offsets and long polling, one getUpdates at
// a time, 4096 characters counted after HTML parsing, HTML validated, 403 for users who never
// started the bot, "message is not modified", 429 with retry_after (by fault injection, or by the
// send limits below), webhooks with the secret-token header.
//
// Send limits (off by default; `start({ limits: true })` or `setLimits(...)` turns them on):
// Telegram's limits on the calls that send or edit a message in a chat (sendMessage, editMessageText,
// editMessageReplyMarkup, editMessageCaption, sendDocument, sendPhoto, copyMessage, forwardMessage;
// never getUpdates, getMe, answerCallbackQuery, getChatMember, setMyCommands, webhooks, ...):
//   - per chat, bursts of 3 then 1 a second (a token bucket: `perChat: { burst, perSecond }`);
//   - per group or supergroup (negative chat id), 20 in any 60 s (`perGroup: { max, windowSeconds }`);
//   - across all chats, 30 in any second (`global: { max, windowSeconds }`).
// Only calls that succeed use budget. Past a limit the answer is HTTP 429
// `{ ok: false, error_code: 429, description: 'Too Many Requests: retry after N',
// parameters: { retry_after: N } }`, N being how long until a send to that chat passes every limit
// it hit, and the chat enters a flood wait of exactly N seconds. A send to a chat in a flood wait
// is counted (`sendsDuringFloodWait`, `limitStats(chatId)`), lengthens the wait by `penalty` times
// the N that began it (default 1; 0 for none), and is answered 429 with the wait that remains.
// While limits are on, an injected 429 fault begins a flood wait of its retry_after too.
// Injected faults take precedence over the limits: they are applied first, and use no budget.
//
// Time scale: `timeScale` multiplies every duration (0.1: "a second" is 100 ms, "a minute" 6 s),
// so tests run the real rules quickly; benchmarks keep 1. retry_after is always in real seconds, the
// time the bot must actually wait: the wait rounded up to whole scaled seconds, at least one, times
// timeScale. At 1 it is a whole number, as Telegram sends; at 0.1 a multiple of 0.1, so fractional
// (a 250 ms wait is told as 0.3; grammY passes the number through). It is never shorter than the
// wait, so a bot that waits exactly retry_after then sends is past the flood wait and within the
// limit that refused it (other chats' sends may of course have used the global budget since).
// An injected 429 keeps its own retry_after, unscaled.
//
// The limits, flood waits and the send log read the clock `now` (default Date.now; tests may pass
// their own and move it by hand). `sendLog()` and `maxSendsInWindow()` let a test check that no
// chat got more than a limit allows in any window.
import { createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  CallbackQuery,
  Chat,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  PhotoSize,
  Update,
  User,
} from 'grammy/types';
import {
  LIMITED_METHODS,
  resolveSendLimits,
  SendLimiter,
  type SendLimits,
  type SendLimitsOptions,
  type SendRecord,
  type SendStats,
} from './send-limits.js';
import { HtmlParseError, parseTelegramHtml } from './telegram-html.js';

export {
  type SendLimits,
  type SendLimitsOptions,
  type SendRecord,
  type SendStats,
  TELEGRAM_SEND_LIMITS,
} from './send-limits.js';

export type Fault =
  | { kind: '429'; retryAfter: number }
  | { kind: '5xx'; status?: number }
  /** A refusal Telegram does not ask to retry (400 Bad Request, 403 Forbidden, ...). */
  | { kind: 'refuse'; status: number; description: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' };

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  status: number;
}

/** `count` messages: a tuple of that length for a literal count (up to 50), else an array. */
export type Replies<N extends number, Acc extends Message[] = []> = number extends N
  ? Message[]
  : Acc['length'] extends N
    ? Acc
    : Acc['length'] extends 50
      ? Message[]
      : Replies<N, [...Acc, Message]>;

interface ChatState {
  chat: Chat;
  members: Map<number, 'creator' | 'administrator' | 'member' | 'left'>;
  nextMessageId: number;
}

interface Waiter {
  res: ServerResponse;
  timer: NodeJS.Timeout;
  offset: number;
  limit: number;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

type Piece = string | { text: string; user: User };

interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  bytes: Buffer;
  /** Where getFile says it can be downloaded: /file/bot<token>/<filePath>. */
  filePath: string;
  /** The message's photo sizes, so a photo sent again by file_id looks the same. */
  photo?: PhotoSize[];
}

/** Telegram's limit on files a bot downloads through the Bot API (getFile answers "file is too big" beyond). */
export const BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
/** A caption holds at most 1024 characters after entity parsing. */
export const CAPTION_LIMIT = 1024;

const MAX_CALLS = 100_000;

export class BotApiEmulator extends EventEmitter {
  readonly token: string;
  readonly bot: User & { is_bot: true };
  apiRoot = '';
  readonly calls: ApiCall[] = [];
  latencyMs: number;

  private server: Server;
  private users = new Map<number, User>();
  private started = new Set<number>();
  private chats = new Map<number, ChatState>();
  /** Updates not yet confirmed by an offset, in update_id order. */
  private pending: Update[] = [];
  /** Updates to hand out once more regardless of the offset (a redelivery). */
  private again: Update[] = [];
  private confirmedBelow = 0;
  private nextUpdateId = 700_000_000 + Math.floor(Math.random() * 1000) * 1000;
  private nextUserId = 100_001;
  private nextGroupId = 1;
  private waiter: Waiter | undefined;
  private botMessages: Message[] = [];
  private html = new WeakMap<Message, string>();
  private consumed = new Map<number, number>();
  private commands = new Map<string, unknown>();
  private faultQueue = new Map<string, Fault[]>();
  private webhook: WebhookTarget | undefined;
  /** Updates being posted to the webhook now, and their chats (one at a time per chat). */
  private posting = new Set<Update>();
  private postingChats = new Set<string>();
  private lostWebhookAnswers = 0;
  /** How long a webhook post may take before Telegram gives up on it and posts it again later. */
  webhookTimeoutMs = 10_000;
  /** Groups upgraded to a supergroup: old chat id → the supergroup's id. */
  private upgraded = new Map<number, number>();
  /** The last edit date handed out per user message (chat:message). */
  private editDates = new Map<string, number>();
  private readonly limiter: SendLimiter;
  /** Files users sent (photos, documents) and photos the bot sent, by file_id, as Telegram stores them. */
  private files = new Map<string, StoredFile>();
  private nextFile = 1;

  private constructor(options: {
    token: string;
    botUsername: string;
    latencyMs: number;
    limits: SendLimits | undefined;
    now: () => number;
  }) {
    super();
    this.setMaxListeners(1000);
    this.token = options.token;
    this.latencyMs = options.latencyMs;
    this.limiter = new SendLimiter(options.now, options.limits);
    this.bot = {
      id: Number(options.token.split(':')[0]),
      is_bot: true,
      first_name: 'Hisaab',
      username: options.botUsername,
    };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (!res.headersSent)
          this.reply(res, 500, { ok: false, error_code: 500, description: String(error) });
      });
    });
    this.server.keepAliveTimeout = 60_000;
  }

  static async start(
    options: {
      token?: string;
      botUsername?: string;
      port?: number;
      latencyMs?: number;
      /** Telegram's send limits: off unless given; `true` is Telegram's values (see send-limits.ts). */
      limits?: SendLimitsOptions;
      /** The clock of the limits and the send log, in ms (default Date.now); tests may drive it by hand. */
      now?: () => number;
    } = {},
  ): Promise<BotApiEmulator> {
    const emulator = new BotApiEmulator({
      token: options.token ?? '123456789:TEST-token-for-the-local-emulator',
      botUsername: options.botUsername ?? 'HisaabTestBot',
      latencyMs: options.latencyMs ?? 0,
      limits: resolveSendLimits(options.limits),
      now: options.now ?? Date.now,
    });
    await new Promise<void>((resolve) => emulator.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    emulator.apiRoot = `http://127.0.0.1:${(emulator.server.address() as AddressInfo).port}`;
    return emulator;
  }

  async stop(): Promise<void> {
    if (this.waiter) {
      clearTimeout(this.waiter.timer);
      this.reply(this.waiter.res, 200, { ok: true, result: [] });
      this.waiter = undefined;
    }
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- the world -------------------------------------------------------------------------------

  createUser(init: {
    firstName: string;
    lastName?: string;
    username?: string;
    id?: number;
    languageCode?: string;
  }): User {
    const user: User = {
      id: init.id ?? this.nextUserId++,
      is_bot: false,
      first_name: init.firstName,
      ...(init.lastName ? { last_name: init.lastName } : {}),
      ...(init.username ? { username: init.username } : {}),
      language_code: init.languageCode ?? 'en',
    };
    this.users.set(user.id, user);
    return user;
  }

  createGroup(init: {
    title: string;
    members: User[];
    id?: number;
    type?: 'group' | 'supergroup';
    admins?: User[];
  }): Chat {
    const type = init.type ?? 'group';
    const n = this.nextGroupId++;
    const id = init.id ?? (type === 'supergroup' ? -1_000_000_000_000 - n : -4_000_000_000 - n);
    const chat = { id, type, title: init.title } as Chat;
    const members = new Map<number, 'creator' | 'administrator' | 'member' | 'left'>();
    for (const [i, m] of init.members.entries()) {
      members.set(m.id, i === 0 && !init.admins ? 'creator' : 'member');
    }
    for (const admin of init.admins ?? []) members.set(admin.id, 'administrator');
    members.set(this.bot.id, 'member');
    this.chats.set(id, { chat, members, nextMessageId: 1 });
    return chat;
  }

  addMember(chat: Chat, user: User, options: { by?: User } = {}): Update {
    const state = this.chatState(chat.id);
    state.members.set(user.id, 'member');
    return this.emitMessage(chat, options.by ?? user, { new_chat_members: [user] });
  }

  removeMember(chat: Chat, user: User): Update {
    const state = this.chatState(chat.id);
    state.members.set(user.id, 'left');
    return this.emitMessage(chat, user, { left_chat_member: user });
  }

  /**
   * Telegram upgrades a group to a supergroup: a new chat with a new id and the same members. The
   * two service messages are separate (announceMigration), since they may reach the bot in either order.
   */
  upgradeToSupergroup(chat: Chat): Chat {
    const old = this.chatState(chat.id);
    const id = -1_000_000_000_000 - this.nextGroupId++;
    const supergroup = { ...old.chat, id, type: 'supergroup' } as Chat;
    this.chats.set(id, { chat: supergroup, members: new Map(old.members), nextMessageId: 1 });
    // As Telegram does, the old chat takes no more messages and says where the group went.
    this.upgraded.set(chat.id, id);
    return supergroup;
  }

  /** An upgrade's service message: migrate_to_chat_id in the old group, or migrate_from_chat_id in the supergroup. */
  announceMigration(by: User, oldChat: Chat, supergroup: Chat, where: 'old' | 'new'): Update {
    return where === 'old'
      ? this.emitMessage(oldChat, by, { migrate_to_chat_id: supergroup.id })
      : this.emitMessage(supergroup, by, { migrate_from_chat_id: oldChat.id });
  }

  // ---- users acting ----------------------------------------------------------------------------

  /** A user sends text to a group or to the bot in private; commands and @mentions get entities. */
  sendText(
    from: User,
    chat: Chat | 'private',
    text: string,
    options: { entities?: MessageEntity[]; replyTo?: Message } = {},
  ): Update {
    const target = chat === 'private' ? this.privateChat(from) : chat;
    if (chat === 'private') this.started.add(from.id);
    const entities = options.entities ?? autoEntities(text);
    return this.emitMessage(target, from, {
      text,
      ...(entities.length > 0 ? { entities } : {}),
      ...replyPart(options.replyTo),
    });
  }

  /**
   * A user sends a photo (`bytes`, a JPEG as far as the bot can tell), with an optional caption whose
   * commands and @mentions get caption_entities. Telegram delivers message.photo as sizes, smallest
   * first, each with its own file_id and file_unique_id; here a thumbnail and the full size.
   */
  sendPhoto(
    from: User,
    chat: Chat | 'private',
    bytes: Buffer,
    options: { caption?: string; captionEntities?: MessageEntity[]; replyTo?: Message } = {},
  ): Update {
    const target = chat === 'private' ? this.privateChat(from) : chat;
    if (chat === 'private') this.started.add(from.id);
    const full = this.storeFile(bytes, 'photos', 'jpg');
    const thumb = this.storeFile(bytes.subarray(0, Math.min(bytes.length, 1024)), 'photos', 'jpg');
    const photo: PhotoSize[] = [
      {
        file_id: thumb.fileId,
        file_unique_id: thumb.fileUniqueId,
        width: 90,
        height: 67,
        file_size: thumb.bytes.length,
      },
      {
        file_id: full.fileId,
        file_unique_id: full.fileUniqueId,
        width: 1280,
        height: 960,
        file_size: bytes.length,
      },
    ];
    full.photo = photo;
    return this.emitMessage(target, from, {
      photo,
      ...this.captionPart(options.caption, options.captionEntities),
      ...replyPart(options.replyTo),
    });
  }

  /** A user sends a file (message.document), optionally captioned, optionally as a reply. */
  sendDocument(
    from: User,
    chat: Chat | 'private',
    bytes: Buffer,
    options: {
      fileName: string;
      mimeType?: string;
      caption?: string;
      captionEntities?: MessageEntity[];
      replyTo?: Message;
      /** What the message says the file's size is (a forged message may lie; getFile does not). */
      fileSize?: number;
    },
  ): Update {
    const target = chat === 'private' ? this.privateChat(from) : chat;
    if (chat === 'private') this.started.add(from.id);
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(options.fileName)?.[1] ?? 'bin';
    const file = this.storeFile(bytes, 'documents', extension);
    return this.emitMessage(target, from, {
      document: {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        file_name: options.fileName,
        mime_type: options.mimeType ?? 'application/octet-stream',
        file_size: options.fileSize ?? bytes.length,
      },
      ...this.captionPart(options.caption, options.captionEntities),
      ...replyPart(options.replyTo),
    });
  }

  /** The bytes stored under a file_id (what the bot would download), or undefined. */
  fileBytes(fileId: string): Buffer | undefined {
    return this.files.get(fileId)?.bytes;
  }

  /**
   * A user edits a message they sent (Telegram delivers it as edited_message, with the same
   * message id and an edit_date). Edit dates are whole seconds and increase per message, as seen
   * by the bot. `message` is the original (`update.message` of sendText).
   */
  editText(from: User, message: Message, text: string, options: { entities?: MessageEntity[] } = {}): Update {
    if (message.from?.id !== from.id) throw new Error('only the author can edit a message');
    const key = `${message.chat.id}:${message.message_id}`;
    const editDate = Math.max(Math.floor(Date.now() / 1000), (this.editDates.get(key) ?? 0) + 1);
    this.editDates.set(key, editDate);
    const entities = options.entities ?? autoEntities(text);
    const { entities: _old, ...rest } = message;
    const edited = { ...rest, text, edit_date: editDate, ...(entities.length > 0 ? { entities } : {}) };
    return this.enqueue({ update_id: this.nextUpdateId++, edited_message: edited } as Update);
  }

  /**
   * A message sent as a chat, as Telegram delivers it: an anonymous admin posts as the group itself
   * (from GroupAnonymousBot), a channel's post forwarded to its discussion group comes from 777000.
   */
  sendAsChat(senderChat: Chat, chat: Chat, text: string): Update {
    const from: User =
      senderChat.id === chat.id
        ? { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' }
        : { id: 777000, is_bot: false, first_name: 'Telegram' };
    const entities = autoEntities(text);
    return this.emitMessage(chat, from, {
      text,
      sender_chat: senderChat,
      ...(senderChat.id === chat.id ? {} : { is_automatic_forward: true }),
      ...(entities.length > 0 ? { entities } : {}),
    } as Partial<Message>);
  }

  /** Builds text from pieces; `{ text, user }` pieces become text mentions (people without a username). */
  compose(pieces: Piece[]): { text: string; entities: MessageEntity[] } {
    let text = '';
    const entities: MessageEntity[] = [];
    for (const piece of pieces) {
      if (typeof piece === 'string') text += piece;
      else {
        entities.push({
          type: 'text_mention',
          offset: text.length,
          length: piece.text.length,
          user: piece.user,
        });
        text += piece.text;
      }
    }
    return { text, entities: [...autoEntities(text).filter((e) => e.type !== 'mention'), ...entities] };
  }

  pressButton(from: User, message: Message, data: string): Update {
    return this.press(from, message, data, false);
  }

  /**
   * A press whose data no button of the message carries: what a modified client can send (bots
   * must not trust callback data). pressButton refuses such data, to catch mistakes in tests.
   */
  forgePress(from: User, message: Message, data: string): Update {
    return this.press(from, message, data, true);
  }

  private press(from: User, message: Message, data: string, forged: boolean): Update {
    const current = this.botMessages.find(
      (m) => m.chat.id === message.chat.id && m.message_id === message.message_id,
    );
    if (!current) throw new Error(`no message ${message.message_id} in chat ${message.chat.id}`);
    const markup = current.reply_markup as InlineKeyboardMarkup | undefined;
    const exists = markup?.inline_keyboard
      .flat()
      .some((b) => 'callback_data' in b && b.callback_data === data);
    if (!exists && !forged) throw new Error(`message ${message.message_id} has no button with data ${data}`);
    const query: CallbackQuery = {
      id: String(this.nextUpdateId),
      from,
      message: current,
      chat_instance: String(message.chat.id),
      data,
    } as CallbackQuery;
    return this.enqueue({ update_id: this.nextUpdateId++, callback_query: query } as Update);
  }

  shareContact(from: User, phone: string): Update {
    this.started.add(from.id);
    return this.emitMessage(this.privateChat(from), from, {
      contact: { phone_number: phone, first_name: from.first_name, user_id: from.id },
    });
  }

  /**
   * The bot's answers to the next `count` webhook posts are lost on the way back: Telegram posts
   * those updates again, as it does when an answer is missing.
   */
  loseWebhookAnswers(count: number): void {
    this.lostWebhookAnswers += count;
  }

  /** Telegram delivers the same update again (same update_id), as after a lost confirmation. */
  redeliver(update: Update): void {
    this.again.push(update);
    this.wake();
    this.deliverWebhook();
  }

  /** `from` forwards into `chat` a message `author` wrote (Telegram marks it with forward_origin). */
  forwardText(from: User, chat: Chat, author: User, text: string): Update {
    const entities = autoEntities(text);
    return this.emitMessage(chat, from, {
      text,
      ...(entities.length > 0 ? { entities } : {}),
      forward_origin: { type: 'user', sender_user: author, date: Math.floor(Date.now() / 1000) - 60 },
    });
  }

  injectUpdate(partial: Omit<Update, 'update_id'>): Update {
    return this.enqueue({ ...partial, update_id: this.nextUpdateId++ } as Update);
  }

  // ---- observing -------------------------------------------------------------------------------

  /** Messages the bot sent (as they are now, after edits), in order. */
  sent(filter: { chatId?: number } = {}): Message[] {
    return filter.chatId === undefined
      ? [...this.botMessages]
      : this.botMessages.filter((m) => m.chat.id === filter.chatId);
  }

  /**
   * Resolves with the next `count` messages the bot sends to a chat (those not returned by an earlier
   * wait). With a literal count the result is typed as a tuple of that length, so `const [reply] =`
   * needs no `!`: it resolves only once all of them have arrived.
   */
  waitForReplies<N extends number>(chatId: number, count: N, timeoutMs = 10_000): Promise<Replies<N>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const all = this.botMessages.filter((m) => m.chat.id === chatId);
        const from = this.consumed.get(chatId) ?? 0;
        if (all.length - from >= count) {
          cleanup();
          this.consumed.set(chatId, from + count);
          resolve(all.slice(from, from + count) as Replies<N>);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        const from = this.consumed.get(chatId) ?? 0;
        const got = this.botMessages
          .filter((m) => m.chat.id === chatId)
          .slice(from)
          .map((m) => this.textOf(m));
        reject(
          new Error(
            `waited ${timeoutMs} ms for ${count} messages to chat ${chatId}, got ${got.length}: ${JSON.stringify(got).slice(0, 500)}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('message', check);
      };
      this.on('message', check);
      check();
    });
  }

  /** Resolves with the first message sent or edited from now on that matches. */
  waitFor(predicate: (message: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = (message: Message) => {
        if (predicate(message)) {
          cleanup();
          resolve(message);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('message', check);
        this.off('edit', check);
      };
      this.on('message', check);
      this.on('edit', check);
    });
  }

  /** Resolves with the first API call from now on with this method (and matching the predicate). */
  waitForCall(
    method: string,
    predicate: (call: ApiCall) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ApiCall> {
    return new Promise((resolve, reject) => {
      const check = (call: ApiCall) => {
        if (call.method === method && predicate(call)) {
          cleanup();
          resolve(call);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${method} call within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('call', check);
      };
      this.on('call', check);
    });
  }

  /** Resolves once the bot has confirmed (by offset) every update up to this one. */
  waitUntilConfirmed(updateId: number, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const poll = () => {
        if (this.confirmedBelow > updateId) return resolve();
        if (Date.now() - started > timeoutMs) return reject(new Error(`update ${updateId} not confirmed`));
        setTimeout(poll, 10);
      };
      poll();
    });
  }

  pendingUpdates(): number {
    return this.pending.length + this.again.length;
  }

  textOf(message: Message): string {
    return message.text ?? message.caption ?? '';
  }

  htmlOf(message: Message): string {
    return this.html.get(message) ?? this.textOf(message);
  }

  /**
   * The initData Telegram hands a Mini App opened by `user` (from a t.me/<bot>/<app>?startapp=...
   * link when `startParam` is given), signed as Telegram signs it: the data-check string is every
   * field but hash, sorted, as `key=value` lines; the key is HMAC-SHA256 of the bot token keyed
   * with "WebAppData"; the hash is HMAC-SHA256 of the string under that key, in hex. `token` signs
   * as another bot would, `authDate` dates it (an old one has expired).
   */
  webAppInitData(user: User, options: { startParam?: string; authDate?: Date; token?: string } = {}): string {
    const fields: Record<string, string> = {
      query_id: `AAH${user.id.toString(36)}${Date.now().toString(36)}`,
      user: JSON.stringify({
        id: user.id,
        first_name: user.first_name,
        ...(user.last_name ? { last_name: user.last_name } : {}),
        ...(user.username ? { username: user.username } : {}),
        language_code: 'en',
        allows_write_to_pm: true,
      }),
      auth_date: String(Math.floor((options.authDate ?? new Date()).getTime() / 1000)),
      ...(options.startParam
        ? { start_param: options.startParam, chat_type: 'group', chat_instance: '-1' }
        : {}),
      // Telegram's Ed25519 signature for third parties (Bot API 8.0), part of what the hash covers.
      // Only Telegram's private key makes a real one; bots check the hash, so any 64 bytes stand in.
      signature: randomBytes(64).toString('base64url'),
    };
    const check = Object.keys(fields)
      .sort()
      .map((key) => `${key}=${fields[key]}`)
      .join('\n');
    const secret = createHmac('sha256', 'WebAppData')
      .update(options.token ?? this.token)
      .digest();
    const hash = createHmac('sha256', secret).update(check).digest('hex');
    return new URLSearchParams({ ...fields, hash }).toString();
  }

  myCommands(scopeType = 'default'): unknown {
    return this.commands.get(scopeType);
  }

  // ---- send limits -----------------------------------------------------------------------------

  /** Turns the send limits on (`true`: Telegram's values; an object overrides some), or off (`false`). */
  setLimits(limits: SendLimitsOptions): void {
    this.limiter.setLimits(resolveSendLimits(limits));
  }

  /** The limits in force, or undefined when they are off. */
  get limits(): SendLimits | undefined {
    return this.limiter.limits;
  }

  /** 429s answered to sending methods: by the limits, during flood waits, and injected ones (limits on). */
  get tooManyRequests(): number {
    return this.limiter.tooManyRequests;
  }

  /** Sends that arrived for a chat while it was in a flood wait (a well-behaved bot makes none). */
  get sendsDuringFloodWait(): number {
    return this.limiter.sendsDuringFloodWait;
  }

  /** One chat's counts: successful sends, 429s, sends during flood waits, and its flood wait's end. */
  limitStats(chatId: number): SendStats {
    return this.limiter.stats(chatId);
  }

  /** Every successful sending call (edits included), in order, with its time on the emulator's clock. */
  sendLog(filter: { chatId?: number } = {}): SendRecord[] {
    return this.limiter.sendLog(filter.chatId);
  }

  /** The most successful sends to a chat (or to all chats) within any `windowMs` of the clock. */
  maxSendsInWindow(windowMs: number, filter: { chatId?: number } = {}): number {
    return this.limiter.maxInWindow(windowMs, filter.chatId);
  }

  readonly faults = {
    next: (method: string, fault: Fault, count = 1) => {
      const queue = this.faultQueue.get(method) ?? [];
      for (let i = 0; i < count; i++) queue.push(fault);
      this.faultQueue.set(method, queue);
    },
    clear: () => this.faultQueue.clear(),
  };

  // ---- internals -------------------------------------------------------------------------------

  private privateChat(user: User): Chat {
    let state = this.chats.get(user.id);
    if (!state) {
      const chat = {
        id: user.id,
        type: 'private',
        first_name: user.first_name,
        ...(user.last_name ? { last_name: user.last_name } : {}),
        ...(user.username ? { username: user.username } : {}),
      } as Chat;
      state = { chat, members: new Map([[user.id, 'member']]), nextMessageId: 1 };
      this.chats.set(user.id, state);
    }
    return state.chat;
  }

  private storeFile(bytes: Buffer, folder: string, extension: string): StoredFile {
    const n = this.nextFile++;
    // Opaque ids as Telegram's look: file_id is per bot and long, file_unique_id short and stable.
    const fileId = `AgACAgUAAxkBAAI${n.toString(36).padStart(6, '0')}${Math.random().toString(36).slice(2, 12)}`;
    const fileUniqueId = `AQAD${n.toString(36).padStart(6, '0')}`;
    const file: StoredFile = {
      fileId,
      fileUniqueId,
      bytes: Buffer.from(bytes),
      filePath: `${folder}/file_${n}.${extension}`,
    };
    this.files.set(fileId, file);
    return file;
  }

  private captionPart(caption: string | undefined, entities: MessageEntity[] | undefined): Partial<Message> {
    if (caption === undefined || caption === '') return {};
    if (caption.length > CAPTION_LIMIT) throw new Error('Telegram clients cut captions at 1024 characters');
    const found = entities ?? autoEntities(caption);
    return { caption, ...(found.length > 0 ? { caption_entities: found } : {}) } as Partial<Message>;
  }

  private chatState(chatId: number): ChatState {
    const state = this.chats.get(chatId);
    if (!state) throw new ApiError(400, 'Bad Request: chat not found');
    return state;
  }

  private emitMessage(chat: Chat, from: User, content: Partial<Message>): Update {
    const state = this.chatState(chat.id);
    const message = {
      message_id: state.nextMessageId++,
      from,
      chat: state.chat,
      date: Math.floor(Date.now() / 1000),
      ...content,
    } as Message;
    return this.enqueue({ update_id: this.nextUpdateId++, message } as Update);
  }

  private enqueue(update: Update): Update {
    this.pending.push(update);
    this.wake();
    this.deliverWebhook();
    return update;
  }

  private available(offset: number, limit: number): Update[] {
    const fresh = this.pending.filter((u) => u.update_id >= offset);
    return [...this.again, ...fresh].slice(0, limit);
  }

  private confirm(offset: number): void {
    if (offset <= 0) return;
    this.confirmedBelow = Math.max(this.confirmedBelow, offset);
    if (this.pending.length > 0 && (this.pending[0] as Update).update_id < offset) {
      this.pending = this.pending.filter((u) => u.update_id >= offset);
    }
  }

  private wake(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    const updates = this.available(waiter.offset, waiter.limit);
    if (updates.length === 0) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    this.handOut(updates);
    this.reply(waiter.res, 200, { ok: true, result: updates });
  }

  private handOut(updates: Update[]): void {
    if (this.again.length > 0) this.again = this.again.filter((u) => !updates.includes(u));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (download) return this.serveFile(req, res, download[1] as string, download[2] as string);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const params = await readParams(req);
    const method = match?.[2] ?? '';
    const call: ApiCall = { method, params, at: Date.now(), status: 200 };
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
    try {
      if (!match) throw new ApiError(404, 'Not Found');
      if (match[1] !== this.token) throw new ApiError(401, 'Unauthorized');
      const limitedChat = LIMITED_METHODS.has(method) ? chatIdOf(params) : undefined;
      // A send during a flood wait is counted as it arrives, whatever answers it.
      if (limitedChat !== undefined) this.limiter.arrive(limitedChat);
      const fault = this.faultQueue.get(method)?.shift();
      if (fault) {
        if (fault.kind === '429' && limitedChat !== undefined)
          this.limiter.injected429(limitedChat, fault.retryAfter);
        await this.applyFault(fault, res);
      }
      if (res.destroyed) return;
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      if (method === 'getUpdates') return this.getUpdates(params, res, call);
      if (limitedChat !== undefined) {
        const refused = this.limiter.admit(limitedChat);
        if (refused)
          throw new ApiError(429, `Too Many Requests: retry after ${refused.retryAfter}`, {
            retry_after: refused.retryAfter,
          });
      }
      const result = this.dispatch(method, params);
      if (limitedChat !== undefined) this.limiter.record(limitedChat, method);
      this.reply(res, 200, { ok: true, result });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      call.status = error.status;
      this.reply(res, error.status, {
        ok: false,
        error_code: error.status,
        description: error.description,
        ...(error.parameters ? { parameters: error.parameters } : {}),
      });
    } finally {
      this.emit('call', call);
    }
  }

  /** GET /file/bot<token>/<file_path>: the bytes, as Telegram's file server answers. */
  private serveFile(req: IncomingMessage, res: ServerResponse, token: string, filePath: string): void {
    const call: ApiCall = { method: 'file', params: { file_path: filePath }, at: Date.now(), status: 200 };
    this.calls.push(call);
    const file = [...this.files.values()].find((f) => f.filePath === decodeURIComponent(filePath));
    const fault = this.faultQueue.get('file')?.shift();
    try {
      if (fault?.kind === '5xx') throw new ApiError(fault.status ?? 502, 'Bad Gateway');
      if (fault?.kind === 'refuse') throw new ApiError(fault.status, fault.description);
      if (token !== this.token) throw new ApiError(401, 'Unauthorized');
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(405, 'Method Not Allowed');
      if (!file) throw new ApiError(404, 'Not Found');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
      res.end(req.method === 'HEAD' ? undefined : file.bytes);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      call.status = error.status;
      this.reply(res, error.status, { ok: false, error_code: error.status, description: error.description });
    } finally {
      this.emit('call', call);
    }
  }

  private async applyFault(fault: Fault, res: ServerResponse): Promise<void> {
    switch (fault.kind) {
      case '429':
        throw new ApiError(429, `Too Many Requests: retry after ${fault.retryAfter}`, {
          retry_after: fault.retryAfter,
        });
      case '5xx':
        throw new ApiError(fault.status ?? 502, 'Bad Gateway');
      case 'refuse':
        throw new ApiError(fault.status, fault.description);
      case 'delay':
        await sleep(fault.ms);
        return;
      case 'drop':
        res.socket?.destroy();
        return;
    }
  }

  private getUpdates(params: Record<string, unknown>, res: ServerResponse, call: ApiCall): void {
    if (this.webhook)
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    let offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Math.max(0, Number(params.timeout ?? 0));
    if (offset < 0) {
      const keep = this.pending.slice(offset);
      offset = keep[0]?.update_id ?? this.nextUpdateId;
    }
    this.confirm(offset);
    if (this.waiter) {
      // Telegram ends the older request when a newer one arrives.
      const old = this.waiter;
      this.waiter = undefined;
      clearTimeout(old.timer);
      this.reply(old.res, 409, {
        ok: false,
        error_code: 409,
        description:
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
    }
    const updates = this.available(offset, limit);
    if (updates.length > 0 || timeout === 0) {
      this.handOut(updates);
      this.reply(res, 200, { ok: true, result: updates });
      return;
    }
    const waiter: Waiter = {
      res,
      offset,
      limit,
      timer: setTimeout(() => {
        if (this.waiter === waiter) this.waiter = undefined;
        this.reply(res, 200, { ok: true, result: [] });
      }, timeout * 1000),
    };
    this.waiter = waiter;
    res.on('close', () => {
      if (this.waiter === waiter) {
        clearTimeout(waiter.timer);
        this.waiter = undefined;
      }
    });
    call.status = 200;
  }

  private dispatch(method: string, p: Record<string, unknown>): unknown {
    switch (method) {
      case 'getMe':
        return {
          ...this.bot,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'sendMessage':
        return this.sendMessage(p);
      case 'sendPhoto':
        return this.sendPhotoMessage(p);
      case 'getFile': {
        const file = this.files.get(String(p.file_id ?? ''));
        if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
        if (file.bytes.length > BOT_DOWNLOAD_LIMIT) throw new ApiError(400, 'Bad Request: file is too big');
        return {
          file_id: file.fileId,
          file_unique_id: file.fileUniqueId,
          file_size: file.bytes.length,
          file_path: file.filePath,
        };
      }
      case 'editMessageText':
        return this.editMessage(p, true);
      case 'editMessageReplyMarkup':
        return this.editMessage(p, false);
      case 'deleteMessage': {
        const index = this.botMessages.findIndex(
          (m) => m.chat.id === Number(p.chat_id) && m.message_id === Number(p.message_id),
        );
        if (index === -1) throw new ApiError(400, 'Bad Request: message to delete not found');
        return true;
      }
      case 'answerCallbackQuery':
        if (typeof p.text === 'string' && p.text.length > 200)
          throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        return true;
      case 'sendChatAction':
        return true;
      case 'setMyCommands':
        this.commands.set(scopeOf(p), p.commands);
        return true;
      case 'getMyCommands':
        return this.commands.get(scopeOf(p)) ?? [];
      case 'deleteMyCommands':
        this.commands.delete(scopeOf(p));
        return true;
      case 'getChat':
        return this.chatState(Number(p.chat_id)).chat;
      case 'getChatMember': {
        const state = this.chatState(Number(p.chat_id));
        const user =
          this.users.get(Number(p.user_id)) ?? (Number(p.user_id) === this.bot.id ? this.bot : undefined);
        if (!user) throw new ApiError(400, 'Bad Request: user not found');
        return { status: state.members.get(user.id) ?? 'left', user };
      }
      case 'getChatAdministrators': {
        const state = this.chatState(Number(p.chat_id));
        return [...state.members.entries()]
          .filter(([, status]) => status === 'creator' || status === 'administrator')
          .map(([id, status]) => ({ status, user: this.users.get(id) }));
      }
      case 'setWebhook': {
        const url = String(p.url ?? '');
        if (url === '') {
          this.webhook = undefined;
          return true;
        }
        const maxConnections = p.max_connections === undefined ? 40 : Number(p.max_connections);
        if (!Number.isInteger(maxConnections) || maxConnections < 1 || maxConnections > 100)
          throw new ApiError(400, 'Bad Request: invalid max_connections specified');
        this.webhook = {
          url,
          secret: p.secret_token === undefined ? undefined : String(p.secret_token),
          maxConnections,
        };
        if (p.drop_pending_updates) this.pending = [];
        this.deliverWebhook();
        return true;
      }
      case 'deleteWebhook':
        this.webhook = undefined;
        if (p.drop_pending_updates) this.pending = [];
        return true;
      case 'getWebhookInfo':
        return {
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.pending.length,
          ...(this.webhook ? { max_connections: this.webhook.maxConnections } : {}),
        };
      case 'close':
      case 'logOut':
        return true;
      default:
        throw new ApiError(404, 'Not Found');
    }
  }

  private renderText(p: Record<string, unknown>): { text: string; html?: string } {
    const raw = typeof p.text === 'string' ? p.text : '';
    let text = raw;
    if (String(p.parse_mode ?? '').toUpperCase() === 'HTML') {
      try {
        text = parseTelegramHtml(raw);
      } catch (error) {
        if (error instanceof HtmlParseError)
          throw new ApiError(400, `Bad Request: can't parse entities: ${error.message}`);
        throw error;
      }
    }
    if (text.trim().length === 0) throw new ApiError(400, 'Bad Request: message text is empty');
    if (text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
    return { text, html: text === raw && !String(p.parse_mode ?? '') ? undefined : raw };
  }

  private sendMessage(p: Record<string, unknown>): Message {
    const chatId = Number(p.chat_id);
    const movedTo = this.upgraded.get(chatId);
    if (movedTo !== undefined)
      throw new ApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: movedTo,
      });
    const state = this.chats.get(chatId);
    if (!state) {
      if (this.users.has(chatId))
        throw new ApiError(403, "Forbidden: bot can't initiate conversation with a user");
      throw new ApiError(400, 'Bad Request: chat not found');
    }
    if (state.chat.type === 'private' && !this.started.has(chatId)) {
      throw new ApiError(403, "Forbidden: bot can't initiate conversation with a user");
    }
    if (state.chat.type !== 'private' && state.members.get(this.bot.id) !== 'member') {
      throw new ApiError(403, 'Forbidden: bot is not a member of the group chat');
    }
    // Telegram refuses web_app buttons outside private chats.
    if (state.chat.type !== 'private' && hasWebAppButton(p.reply_markup)) {
      throw new ApiError(400, 'Bad Request: BUTTON_TYPE_INVALID');
    }
    checkKeyboard(p.reply_markup);
    const { text, html } = this.renderText(p);
    const message = {
      message_id: state.nextMessageId++,
      from: this.bot,
      chat: state.chat,
      date: Math.floor(Date.now() / 1000),
      text,
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
    } as Message;
    if (html !== undefined) this.html.set(message, html);
    this.botMessages.push(message);
    this.emit('message', message);
    return message;
  }

  /**
   * sendPhoto by file_id (what Hisaab does: the photo is already on Telegram's servers). An unknown id
   * is refused as Telegram does; the caption is checked like a message's text, within 1024 characters.
   */
  private sendPhotoMessage(p: Record<string, unknown>): Message {
    const chatId = Number(p.chat_id);
    const state = this.chats.get(chatId);
    if (!state) throw new ApiError(400, 'Bad Request: chat not found');
    if (state.chat.type === 'private' && !this.started.has(chatId))
      throw new ApiError(403, "Forbidden: bot can't initiate conversation with a user");
    if (state.chat.type !== 'private' && state.members.get(this.bot.id) !== 'member')
      throw new ApiError(403, 'Forbidden: bot is not a member of the group chat');
    const file = typeof p.photo === 'string' ? this.files.get(p.photo) : undefined;
    if (!file) throw new ApiError(400, 'Bad Request: wrong file identifier/HTTP URL specified');
    let caption: string | undefined;
    let html: string | undefined;
    if (typeof p.caption === 'string' && p.caption !== '') {
      caption = p.caption;
      if (String(p.parse_mode ?? '').toUpperCase() === 'HTML') {
        try {
          caption = parseTelegramHtml(p.caption);
        } catch (error) {
          if (error instanceof HtmlParseError)
            throw new ApiError(400, `Bad Request: can't parse entities: ${error.message}`);
          throw error;
        }
        html = p.caption;
      }
      if (caption.length > CAPTION_LIMIT) throw new ApiError(400, 'Bad Request: message caption is too long');
    }
    const message = {
      message_id: state.nextMessageId++,
      from: this.bot,
      chat: state.chat,
      date: Math.floor(Date.now() / 1000),
      photo: file.photo ?? [
        {
          file_id: file.fileId,
          file_unique_id: file.fileUniqueId,
          width: 1280,
          height: 960,
          file_size: file.bytes.length,
        },
      ],
      ...(caption !== undefined ? { caption } : {}),
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
    } as Message;
    if (html !== undefined) this.html.set(message, html);
    this.botMessages.push(message);
    this.emit('message', message);
    return message;
  }

  private editMessage(p: Record<string, unknown>, withText: boolean): Message {
    const index = this.botMessages.findIndex(
      (m) => m.chat.id === Number(p.chat_id) && m.message_id === Number(p.message_id),
    );
    if (index === -1) throw new ApiError(400, 'Bad Request: message to edit not found');
    const current = this.botMessages[index] as Message;
    const rendered = withText
      ? this.renderText(p)
      : { text: current.text ?? '', html: this.html.get(current) };
    checkKeyboard(p.reply_markup);
    const markup = p.reply_markup ?? (withText ? undefined : current.reply_markup);
    const sameText =
      rendered.text === current.text && (rendered.html ?? rendered.text) === this.htmlOf(current);
    if (sameText && JSON.stringify(markup ?? null) === JSON.stringify(current.reply_markup ?? null)) {
      throw new ApiError(
        400,
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    const edited = {
      ...current,
      text: rendered.text,
      edit_date: Math.floor(Date.now() / 1000),
      ...(markup ? { reply_markup: markup } : {}),
    } as Message;
    if (!markup) delete (edited as { reply_markup?: unknown }).reply_markup;
    if (rendered.html !== undefined) this.html.set(edited, rendered.html);
    this.botMessages[index] = edited;
    this.emit('edit', edited);
    return edited;
  }

  /**
   * Webhook delivery as Telegram does it: updates of different chats are posted concurrently (up
   * to setWebhook's max_connections, 40 by default), those of one chat one at a time, the next only
   * once the previous was answered with a 2xx. An answer that fails, is not 2xx or takes longer than
   * `webhookTimeoutMs` is posted again later (Telegram keeps trying; here up to 5 times, backing off).
   */
  private deliverWebhook(): void {
    const hook = this.webhook;
    if (!hook) return;
    // In order: the first update seen of each chat is the only one of it that may go now.
    const chatsSeen = new Set<string>();
    for (const update of [...this.again, ...this.pending]) {
      if (this.posting.size >= hook.maxConnections) return;
      const chat = webhookChatOf(update);
      if (chatsSeen.has(chat)) continue;
      chatsSeen.add(chat);
      if (this.posting.has(update) || this.postingChats.has(chat)) continue;
      this.posting.add(update);
      this.postingChats.add(chat);
      void this.postUpdate(hook, update).then((delivered) => {
        this.posting.delete(update);
        this.postingChats.delete(chat);
        const again = this.again.indexOf(update);
        if (again >= 0) this.again.splice(again, 1);
        else this.pending = this.pending.filter((u) => u !== update);
        this.emit('webhook', { update, delivered });
        this.deliverWebhook();
      });
    }
  }

  private async postUpdate(hook: WebhookTarget, update: Update): Promise<boolean> {
    for (let attempt = 0; attempt < 5 && this.webhook === hook; attempt++) {
      let delivered = false;
      try {
        const response = await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(hook.secret ? { 'x-telegram-bot-api-secret-token': hook.secret } : {}),
          },
          body: JSON.stringify(update),
          signal: AbortSignal.timeout(this.webhookTimeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        delivered = response.ok;
      } catch {
        delivered = false;
      }
      if (delivered && this.lostWebhookAnswers > 0) {
        // The bot answered, but the answer was lost on the way: Telegram posts the update again.
        this.lostWebhookAnswers -= 1;
        this.emit('webhook-answer-lost', { update });
        delivered = false;
      }
      if (delivered) return true;
      await sleep(100 * 2 ** attempt);
    }
    return false;
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent || res.destroyed) return;
    const json = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }
}

/** reply_to_message, as Telegram nests it: the replied-to message without its own reply. */
function replyPart(replyTo: Message | undefined): Partial<Message> {
  if (!replyTo) return {};
  const { reply_to_message: _nested, ...rest } = replyTo as Message & { reply_to_message?: unknown };
  return { reply_to_message: rest } as Partial<Message>;
}

/** The chat a sending call goes to, when it names one by number (not an inline message or @username). */
function chatIdOf(params: Record<string, unknown>): number | undefined {
  if (params.chat_id === undefined || params.chat_id === '') return undefined;
  const id = Number(params.chat_id);
  return Number.isSafeInteger(id) ? id : undefined;
}

function scopeOf(p: Record<string, unknown>): string {
  const scope = p.scope as { type?: string } | undefined;
  return scope?.type ?? 'default';
}

interface WebhookTarget {
  url: string;
  secret?: string;
  maxConnections: number;
}

/** The chat an update belongs to, for posting one chat's updates in sequence. */
function webhookChatOf(update: Update): string {
  const chat =
    update.message?.chat.id ??
    update.edited_message?.chat.id ??
    update.callback_query?.message?.chat.id ??
    update.chat_member?.chat.id ??
    update.my_chat_member?.chat.id;
  if (chat !== undefined) return String(chat);
  return `user:${update.callback_query?.from.id ?? update.inline_query?.from.id ?? 'none'}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The entities Telegram's clients add: the leading bot command, and @username mentions. */
export function autoEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const command = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  const mention = /(^|[^A-Za-z0-9_@])@([A-Za-z0-9_]{1,32})/g;
  for (let m = mention.exec(text); m !== null; m = mention.exec(text)) {
    const offset = m.index + (m[1] as string).length;
    if (command && offset < command[0].length) continue;
    entities.push({ type: 'mention', offset, length: (m[2] as string).length + 1 });
  }
  return entities;
}

async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  if (body === '') return query;
  if (type.includes('application/json'))
    return { ...query, ...(JSON.parse(body) as Record<string, unknown>) };
  if (type.includes('application/x-www-form-urlencoded')) {
    const params: Record<string, unknown> = { ...query };
    for (const [key, value] of new URLSearchParams(body)) params[key] = tryJson(value);
    return params;
  }
  if (type.includes('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    const params: Record<string, unknown> = { ...query };
    if (!boundary) return params;
    for (const part of body.split(`--${boundary[1] ?? boundary[2]}`)) {
      const named = /name="([^"]+)"\r\n(?:[^\r\n]*\r\n)*\r\n([\s\S]*)\r\n$/.exec(part);
      if (named && !/filename=/.test(part)) params[named[1] as string] = tryJson(named[2] as string);
    }
    return params;
  }
  return query;
}

function tryJson(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function hasWebAppButton(markup: unknown): boolean {
  const parsed = typeof markup === 'string' ? (JSON.parse(markup) as unknown) : markup;
  const rows = (parsed as { inline_keyboard?: unknown[][] } | undefined)?.inline_keyboard;
  return (
    Array.isArray(rows) &&
    rows.some(
      (row) => Array.isArray(row) && row.some((b) => typeof b === 'object' && b !== null && 'web_app' in b),
    )
  );
}

/**
 * An inline keyboard as Telegram checks it: a URL button's link must be http(s):// or tg://
 * (InlineKeyboardButton.url; anything else, upi:// say, is BUTTON_URL_INVALID), and callback data
 * 1 to 64 bytes (BUTTON_DATA_INVALID).
 */
function checkKeyboard(markup: unknown): void {
  const parsed = typeof markup === 'string' ? (JSON.parse(markup) as unknown) : markup;
  const rows = (parsed as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return;
  for (const button of rows.flat() as { url?: unknown; callback_data?: unknown }[]) {
    if (button.url !== undefined && !/^(https?|tg):\/\/\S+$/i.test(String(button.url))) {
      throw new ApiError(400, 'Bad Request: BUTTON_URL_INVALID');
    }
    if (button.callback_data !== undefined) {
      const bytes = Buffer.byteLength(String(button.callback_data));
      if (bytes < 1 || bytes > 64) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
    }
  }
}
