// The emulator's world: users, chats with their members and message counters, files people sent,
// and the messages the bot sent (as they are now, after edits). What Telegram's servers hold.
import type { Chat, Message, PhotoSize, User } from 'grammy/types';
import { ApiError } from './wire.js';

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'left';

export interface ChatState {
  chat: Chat;
  members: Map<number, MemberStatus>;
  nextMessageId: number;
}

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  bytes: Buffer;
  /** Where getFile says it can be downloaded: /file/bot<token>/<filePath>. */
  filePath: string;
  /** The message's photo sizes, so a photo sent again by file_id looks the same. */
  photo?: PhotoSize[];
}

export class EmulatorWorld {
  readonly users = new Map<number, User>();
  /** Users who opened a private chat with the bot: only they can be written to. */
  readonly started = new Set<number>();
  readonly chats = new Map<number, ChatState>();
  /** Groups upgraded to a supergroup: old chat id → the supergroup's id. */
  readonly upgraded = new Map<number, number>();
  /** Files users sent (photos, documents) and photos the bot sent, by file_id, as Telegram stores them. */
  readonly files = new Map<string, StoredFile>();
  readonly botMessages: Message[] = [];
  /** The HTML a bot message was sent with, when it was. */
  readonly html = new WeakMap<Message, string>();
  /** The last edit date handed out per user message (chat:message). */
  readonly editDates = new Map<string, number>();
  private nextFile = 1;
  private nextUserId = 100_001;
  private nextGroupId = 1;

  constructor(readonly bot: User & { is_bot: true }) {}

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
    const members = new Map<number, MemberStatus>();
    for (const [i, m] of init.members.entries()) {
      members.set(m.id, i === 0 && !init.admins ? 'creator' : 'member');
    }
    for (const admin of init.admins ?? []) members.set(admin.id, 'administrator');
    members.set(this.bot.id, 'member');
    this.chats.set(id, { chat, members, nextMessageId: 1 });
    return chat;
  }

  /** A new chat with a new id and the same members; the old one takes no more messages. */
  upgradeToSupergroup(chat: Chat): Chat {
    const old = this.chatState(chat.id);
    const id = -1_000_000_000_000 - this.nextGroupId++;
    const supergroup = { ...old.chat, id, type: 'supergroup' } as Chat;
    this.chats.set(id, { chat: supergroup, members: new Map(old.members), nextMessageId: 1 });
    this.upgraded.set(chat.id, id);
    return supergroup;
  }

  privateChat(user: User): Chat {
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

  chatState(chatId: number): ChatState {
    const state = this.chats.get(chatId);
    if (!state) throw new ApiError(400, 'Bad Request: chat not found');
    return state;
  }

  /** A chat the bot may post to, or the refusal Telegram answers (403 for people who never started it). */
  writableChat(chatId: number): ChatState {
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
    return state;
  }

  storeFile(bytes: Buffer, folder: string, extension: string): StoredFile {
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

  /** The position of a bot message in botMessages, or -1. */
  botMessageIndex(chatId: number, messageId: number): number {
    return this.botMessages.findIndex((m) => m.chat.id === chatId && m.message_id === messageId);
  }
}
