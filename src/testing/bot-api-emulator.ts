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
//
// The parts, in src/testing/emulator/: world.ts (users, chats, files, the bot's messages),
// delivery.ts (getUpdates and webhooks), methods.ts (the Bot API methods), http.ts (the HTTP face,
// faults and limits), wire.ts (the wire format). This class is the player: what tests, benchmarks
// and the sandbox do as users, and what they read of the bot.
import { createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
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
import { UpdateDelivery } from './emulator/delivery.js';
import { type ApiCall, type Fault, type HttpContext, handleRequest } from './emulator/http.js';
import { BotMethods, CAPTION_LIMIT } from './emulator/methods.js';
import { autoEntities, replyJson, replyPart } from './emulator/wire.js';
import { EmulatorWorld } from './emulator/world.js';
import {
  resolveSendLimits,
  SendLimiter,
  type SendLimits,
  type SendLimitsOptions,
  type SendRecord,
  type SendStats,
} from './send-limits.js';

export type { ApiCall, Fault } from './emulator/http.js';
export { BOT_DOWNLOAD_LIMIT, CAPTION_LIMIT } from './emulator/methods.js';
export { autoEntities } from './emulator/wire.js';
export {
  type SendLimits,
  type SendLimitsOptions,
  type SendRecord,
  type SendStats,
  TELEGRAM_SEND_LIMITS,
} from './send-limits.js';

/** `count` messages: a tuple of that length for a literal count (up to 50), else an array. */
export type Replies<N extends number, Acc extends Message[] = []> = number extends N
  ? Message[]
  : Acc['length'] extends N
    ? Acc
    : Acc['length'] extends 50
      ? Message[]
      : Replies<N, [...Acc, Message]>;

type Piece = string | { text: string; user: User };

export class BotApiEmulator extends EventEmitter {
  readonly token: string;
  readonly bot: User & { is_bot: true };
  apiRoot = '';
  readonly calls: ApiCall[] = [];

  private readonly server: Server;
  private readonly world: EmulatorWorld;
  private readonly delivery: UpdateDelivery;
  private readonly methods: BotMethods;
  private readonly http: HttpContext;
  private readonly limiter: SendLimiter;
  private readonly faultQueue = new Map<string, Fault[]>();
  /** How many of each chat's messages earlier waitForReplies calls returned. */
  private readonly consumed = new Map<number, number>();

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
    this.limiter = new SendLimiter(options.now, options.limits);
    this.bot = {
      id: Number(options.token.split(':')[0]),
      is_bot: true,
      first_name: 'Hisaab',
      username: options.botUsername,
    };
    this.world = new EmulatorWorld(this.bot);
    this.delivery = new UpdateDelivery(this);
    this.methods = new BotMethods(this.world, this.delivery, this);
    this.http = {
      token: this.token,
      latencyMs: options.latencyMs,
      calls: this.calls,
      faultQueue: this.faultQueue,
      limiter: this.limiter,
      world: this.world,
      delivery: this.delivery,
      methods: this.methods,
      events: this,
    };
    this.server = createServer((req, res) => {
      handleRequest(this.http, req, res).catch((error) => {
        if (!res.headersSent) replyJson(res, 500, { ok: false, error_code: 500, description: String(error) });
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
    this.delivery.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Added to every call's answer, in ms. */
  get latencyMs(): number {
    return this.http.latencyMs;
  }

  set latencyMs(ms: number) {
    this.http.latencyMs = ms;
  }

  /** How long a webhook post may take before Telegram gives up on it and posts it again later. */
  get webhookTimeoutMs(): number {
    return this.delivery.webhookTimeoutMs;
  }

  set webhookTimeoutMs(ms: number) {
    this.delivery.webhookTimeoutMs = ms;
  }

  // ---- the world -------------------------------------------------------------------------------

  createUser(init: {
    firstName: string;
    lastName?: string;
    username?: string;
    id?: number;
    languageCode?: string;
  }): User {
    return this.world.createUser(init);
  }

  createGroup(init: {
    title: string;
    members: User[];
    id?: number;
    type?: 'group' | 'supergroup';
    admins?: User[];
  }): Chat {
    return this.world.createGroup(init);
  }

  addMember(chat: Chat, user: User, options: { by?: User } = {}): Update {
    this.world.chatState(chat.id).members.set(user.id, 'member');
    return this.emitMessage(chat, options.by ?? user, { new_chat_members: [user] });
  }

  removeMember(chat: Chat, user: User): Update {
    this.world.chatState(chat.id).members.set(user.id, 'left');
    return this.emitMessage(chat, user, { left_chat_member: user });
  }

  /**
   * Telegram upgrades a group to a supergroup: a new chat with a new id and the same members. The
   * two service messages are separate (announceMigration), since they may reach the bot in either order.
   */
  upgradeToSupergroup(chat: Chat): Chat {
    return this.world.upgradeToSupergroup(chat);
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
    const entities = options.entities ?? autoEntities(text);
    return this.emitMessage(this.chatOf(from, chat), from, {
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
    const target = this.chatOf(from, chat);
    const full = this.world.storeFile(bytes, 'photos', 'jpg');
    const thumb = this.world.storeFile(bytes.subarray(0, Math.min(bytes.length, 1024)), 'photos', 'jpg');
    const size = (file: typeof full, width: number, height: number): PhotoSize => ({
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      width,
      height,
      file_size: file.bytes.length,
    });
    const photo: PhotoSize[] = [size(thumb, 90, 67), size(full, 1280, 960)];
    full.photo = photo;
    return this.emitMessage(target, from, {
      photo,
      ...captionPart(options.caption, options.captionEntities),
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
    },
  ): Update {
    const target = this.chatOf(from, chat);
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(options.fileName)?.[1] ?? 'bin';
    const file = this.world.storeFile(bytes, 'documents', extension);
    return this.emitMessage(target, from, {
      document: {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        file_name: options.fileName,
        mime_type: options.mimeType ?? 'application/octet-stream',
        file_size: bytes.length,
      },
      ...captionPart(options.caption, options.captionEntities),
      ...replyPart(options.replyTo),
    });
  }

  /** The bytes stored under a file_id (what the bot would download), or undefined. */
  fileBytes(fileId: string): Buffer | undefined {
    return this.world.files.get(fileId)?.bytes;
  }

  /**
   * A user edits a message they sent (Telegram delivers it as edited_message, with the same
   * message id and an edit_date). Edit dates are whole seconds and increase per message, as seen
   * by the bot. `message` is the original (`update.message` of sendText).
   */
  editText(from: User, message: Message, text: string, options: { entities?: MessageEntity[] } = {}): Update {
    if (message.from?.id !== from.id) throw new Error('only the author can edit a message');
    const key = `${message.chat.id}:${message.message_id}`;
    const editDate = Math.max(Math.floor(Date.now() / 1000), (this.world.editDates.get(key) ?? 0) + 1);
    this.world.editDates.set(key, editDate);
    const entities = options.entities ?? autoEntities(text);
    const { entities: _old, ...rest } = message;
    const edited = { ...rest, text, edit_date: editDate, ...(entities.length > 0 ? { entities } : {}) };
    return this.delivery.enqueue({ update_id: this.delivery.nextId(), edited_message: edited } as Update);
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
    const current = this.world.botMessages[this.world.botMessageIndex(message.chat.id, message.message_id)];
    if (!current) throw new Error(`no message ${message.message_id} in chat ${message.chat.id}`);
    const markup = current.reply_markup as InlineKeyboardMarkup | undefined;
    const exists = markup?.inline_keyboard
      .flat()
      .some((b) => 'callback_data' in b && b.callback_data === data);
    if (!exists) throw new Error(`message ${message.message_id} has no button with data ${data}`);
    const id = this.delivery.nextId();
    const query = {
      id: String(id),
      from,
      message: current,
      chat_instance: String(message.chat.id),
      data,
    } as CallbackQuery;
    return this.delivery.enqueue({ update_id: id, callback_query: query } as Update);
  }

  shareContact(from: User, phone: string): Update {
    this.world.started.add(from.id);
    return this.emitMessage(this.world.privateChat(from), from, {
      contact: { phone_number: phone, first_name: from.first_name, user_id: from.id },
    });
  }

  /**
   * The bot's answers to the next `count` webhook posts are lost on the way back: Telegram posts
   * those updates again, as it does when an answer is missing.
   */
  loseWebhookAnswers(count: number): void {
    this.delivery.lostWebhookAnswers += count;
  }

  /** Telegram delivers the same update again (same update_id), as after a lost confirmation. */
  redeliver(update: Update): void {
    this.delivery.redeliver(update);
  }

  injectUpdate(partial: Omit<Update, 'update_id'>): Update {
    return this.delivery.enqueue({ ...partial, update_id: this.delivery.nextId() } as Update);
  }

  // ---- observing -------------------------------------------------------------------------------

  /** Messages the bot sent (as they are now, after edits), in order. */
  sent(filter: { chatId?: number } = {}): Message[] {
    return filter.chatId === undefined
      ? [...this.world.botMessages]
      : this.world.botMessages.filter((m) => m.chat.id === filter.chatId);
  }

  /**
   * Resolves with the next `count` messages the bot sends to a chat (those not returned by an earlier
   * wait). With a literal count the result is typed as a tuple of that length, so `const [reply] =`
   * needs no `!`: it resolves only once all of them have arrived.
   */
  waitForReplies<N extends number>(chatId: number, count: N, timeoutMs = 10_000): Promise<Replies<N>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const all = this.world.botMessages.filter((m) => m.chat.id === chatId);
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
        const got = this.world.botMessages
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
        if (this.delivery.confirmedBelow > updateId) return resolve();
        if (Date.now() - started > timeoutMs) return reject(new Error(`update ${updateId} not confirmed`));
        setTimeout(poll, 10);
      };
      poll();
    });
  }

  pendingUpdates(): number {
    return this.delivery.pendingCount();
  }

  textOf(message: Message): string {
    return message.text ?? message.caption ?? '';
  }

  htmlOf(message: Message): string {
    return this.world.html.get(message) ?? this.textOf(message);
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
    return this.methods.commands.get(scopeType);
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

  /** The chat a user writes in; writing to the bot in private opens that chat (they started it). */
  private chatOf(from: User, chat: Chat | 'private'): Chat {
    if (chat !== 'private') return chat;
    this.world.started.add(from.id);
    return this.world.privateChat(from);
  }

  private emitMessage(chat: Chat, from: User, content: Partial<Message>): Update {
    const state = this.world.chatState(chat.id);
    const message = {
      message_id: state.nextMessageId++,
      from,
      chat: state.chat,
      date: Math.floor(Date.now() / 1000),
      ...content,
    } as Message;
    return this.delivery.enqueue({ update_id: this.delivery.nextId(), message } as Update);
  }
}

function captionPart(caption: string | undefined, entities: MessageEntity[] | undefined): Partial<Message> {
  if (caption === undefined || caption === '') return {};
  if (caption.length > CAPTION_LIMIT) throw new Error('Telegram clients cut captions at 1024 characters');
  const found = entities ?? autoEntities(caption);
  return { caption, ...(found.length > 0 ? { caption_entities: found } : {}) } as Partial<Message>;
}
