// The Bot API methods the bot calls, answered from the world as Telegram would: sending, editing
// and deleting messages (HTML parsed and counted, keyboards checked), files, chat members, commands
// and the webhook settings. Each method checks what Telegram checks and refuses as it words it.
import type { EventEmitter } from 'node:events';
import type { Message } from 'grammy/types';
import { HtmlParseError, parseTelegramHtml } from '../telegram-html.js';
import type { UpdateDelivery } from './delivery.js';
import { ApiError, checkKeyboard, hasWebAppButton, scopeOf, type UploadedFile } from './wire.js';
import type { EmulatorWorld, StoredFile } from './world.js';

/** Telegram's limit on files a bot downloads through the Bot API (getFile answers "file is too big" beyond). */
export const BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
/** A caption holds at most 1024 characters after entity parsing. */
export const CAPTION_LIMIT = 1024;

type Params = Record<string, unknown>;

export class BotMethods {
  /** setMyCommands, by scope type. */
  readonly commands = new Map<string, unknown>();
  private readonly table: Readonly<Record<string, (p: Params) => unknown>>;

  /** `events` hears 'message' and 'edit' with the bot's message as it now is. */
  constructor(
    private readonly world: EmulatorWorld,
    delivery: UpdateDelivery,
    private readonly events: EventEmitter,
  ) {
    this.table = {
      getMe: () => ({
        ...world.bot,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      }),
      sendMessage: (p) => this.sendMessage(p),
      sendPhoto: (p) => this.sendPhoto(p),
      sendDocument: (p) => this.sendDocument(p),
      getFile: (p) => this.getFile(p),
      editMessageText: (p) => this.editMessage(p, true),
      editMessageReplyMarkup: (p) => this.editMessage(p, false),
      deleteMessage: (p) => this.deleteMessage(p),
      answerCallbackQuery: (p) => {
        if (typeof p.text === 'string' && p.text.length > 200)
          throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        return true;
      },
      sendChatAction: () => true,
      setMyCommands: (p) => {
        this.commands.set(scopeOf(p), p.commands);
        return true;
      },
      getMyCommands: (p) => this.commands.get(scopeOf(p)) ?? [],
      deleteMyCommands: (p) => this.commands.delete(scopeOf(p)) || true,
      getChat: (p) => world.chatState(Number(p.chat_id)).chat,
      getChatMember: (p) => this.getChatMember(p),
      getChatAdministrators: (p) => this.getChatAdministrators(p),
      setWebhook: (p) => delivery.setWebhook(p),
      deleteWebhook: (p) => delivery.deleteWebhook(p),
      getWebhookInfo: () => delivery.webhookInfo(),
      close: () => true,
      logOut: () => true,
    };
  }

  dispatch(method: string, p: Params): unknown {
    const answer = Object.hasOwn(this.table, method) ? this.table[method] : undefined;
    if (!answer) throw new ApiError(404, 'Not Found');
    return answer(p);
  }

  private getFile(p: Params): unknown {
    const file = this.world.files.get(String(p.file_id ?? ''));
    if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
    if (file.bytes.length > BOT_DOWNLOAD_LIMIT) throw new ApiError(400, 'Bad Request: file is too big');
    return {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.bytes.length,
      file_path: file.filePath,
    };
  }

  private deleteMessage(p: Params): true {
    if (this.world.botMessageIndex(Number(p.chat_id), Number(p.message_id)) === -1)
      throw new ApiError(400, 'Bad Request: message to delete not found');
    return true;
  }

  private getChatMember(p: Params): unknown {
    const state = this.world.chatState(Number(p.chat_id));
    const id = Number(p.user_id);
    const user = this.world.users.get(id) ?? (id === this.world.bot.id ? this.world.bot : undefined);
    if (!user) throw new ApiError(400, 'Bad Request: user not found');
    return { status: state.members.get(user.id) ?? 'left', user };
  }

  private getChatAdministrators(p: Params): unknown {
    const state = this.world.chatState(Number(p.chat_id));
    return [...state.members.entries()]
      .filter(([, status]) => status === 'creator' || status === 'administrator')
      .map(([id, status]) => ({ status, user: this.world.users.get(id) }));
  }

  private renderText(p: Params): { text: string; html?: string } {
    const raw = typeof p.text === 'string' ? p.text : '';
    const text = String(p.parse_mode ?? '').toUpperCase() === 'HTML' ? parseHtml(raw) : raw;
    if (text.trim().length === 0) throw new ApiError(400, 'Bad Request: message text is empty');
    if (text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
    return { text, html: text === raw && !String(p.parse_mode ?? '') ? undefined : raw };
  }

  private sendMessage(p: Params): Message {
    const chatId = Number(p.chat_id);
    const movedTo = this.world.upgraded.get(chatId);
    if (movedTo !== undefined)
      throw new ApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: movedTo,
      });
    const state = this.world.writableChat(chatId);
    // Telegram refuses web_app buttons outside private chats.
    if (state.chat.type !== 'private' && hasWebAppButton(p.reply_markup)) {
      throw new ApiError(400, 'Bad Request: BUTTON_TYPE_INVALID');
    }
    checkKeyboard(p.reply_markup);
    const { text, html } = this.renderText(p);
    return this.post(
      state.chat.id,
      { text, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) },
      html,
    );
  }

  /**
   * sendPhoto by file_id (what Hisaab does: the photo is already on Telegram's servers). An unknown id
   * is refused as Telegram does; the caption is checked like a message's text, within 1024 characters.
   */
  private sendPhoto(p: Params): Message {
    const chatId = Number(p.chat_id);
    if (!this.world.chats.has(chatId)) throw new ApiError(400, 'Bad Request: chat not found');
    this.world.writableChat(chatId);
    const file = typeof p.photo === 'string' ? this.world.files.get(p.photo) : undefined;
    if (!file) throw new ApiError(400, 'Bad Request: wrong file identifier/HTTP URL specified');
    const { caption, html } = photoCaption(p);
    const content = {
      photo: file.photo ?? [fullSize(file)],
      ...(caption !== undefined ? { caption } : {}),
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
    };
    return this.post(chatId, content, html);
  }

  /**
   * A document from the bot: uploaded with the call (multipart; its bytes are kept, so a test reads
   * them with fileBytes) or sent again by file_id.
   */
  private sendDocument(p: Params): Message {
    const chatId = Number(p.chat_id);
    if (!this.world.chats.has(chatId) && !this.world.users.has(chatId))
      throw new ApiError(400, 'Bad Request: chat not found');
    this.world.writableChat(chatId);
    const file = this.documentOf(p.document, p);
    const { caption, html } = photoCaption(p);
    const content = {
      document: {
        file_id: file.stored.fileId,
        file_unique_id: file.stored.fileUniqueId,
        file_name: file.name,
        mime_type: 'application/octet-stream',
        file_size: file.stored.bytes.length,
      },
      ...(caption !== undefined ? { caption } : {}),
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
    };
    return this.post(chatId, content, html);
  }

  private documentOf(document: unknown, p: Params): { stored: StoredFile; name: string } {
    if (typeof document === 'string' && document.startsWith('attach://')) {
      return this.documentOf(p[document.slice('attach://'.length)], p);
    }
    if (typeof document === 'string') {
      const stored = this.world.files.get(document);
      if (!stored) throw new ApiError(400, 'Bad Request: wrong file identifier/HTTP URL specified');
      return { stored, name: stored.filePath.split('/').pop() ?? 'file' };
    }
    const upload = document as UploadedFile | undefined;
    if (!upload?.bytes) throw new ApiError(400, 'Bad Request: there is no document in the request');
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(upload.fileName)?.[1] ?? 'bin';
    return { stored: this.world.storeFile(upload.bytes, 'documents', extension), name: upload.fileName };
  }

  /** Stores a message from the bot in a chat and tells whoever listens. */
  private post(chatId: number, content: Record<string, unknown>, html: string | undefined): Message {
    const state = this.world.chatState(chatId);
    const message = {
      message_id: state.nextMessageId++,
      from: this.world.bot,
      chat: state.chat,
      date: Math.floor(Date.now() / 1000),
      ...content,
    } as Message;
    if (html !== undefined) this.world.html.set(message, html);
    this.world.botMessages.push(message);
    this.events.emit('message', message);
    return message;
  }

  private editMessage(p: Params, withText: boolean): Message {
    const index = this.world.botMessageIndex(Number(p.chat_id), Number(p.message_id));
    if (index === -1) throw new ApiError(400, 'Bad Request: message to edit not found');
    const current = this.world.botMessages[index] as Message;
    const rendered = withText
      ? this.renderText(p)
      : { text: current.text ?? '', html: this.world.html.get(current) };
    checkKeyboard(p.reply_markup);
    const markup = p.reply_markup ?? (withText ? undefined : current.reply_markup);
    const currentHtml = this.world.html.get(current) ?? current.text ?? current.caption ?? '';
    const sameText = rendered.text === current.text && (rendered.html ?? rendered.text) === currentHtml;
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
    if (rendered.html !== undefined) this.world.html.set(edited, rendered.html);
    this.world.botMessages[index] = edited;
    this.events.emit('edit', edited);
    return edited;
  }
}

function parseHtml(raw: string): string {
  try {
    return parseTelegramHtml(raw);
  } catch (error) {
    if (error instanceof HtmlParseError)
      throw new ApiError(400, `Bad Request: can't parse entities: ${error.message}`);
    throw error;
  }
}

/** A photo's caption as sent (parsed when HTML), within 1024 characters. */
function photoCaption(p: Params): { caption?: string; html?: string } {
  if (typeof p.caption !== 'string' || p.caption === '') return {};
  const isHtml = String(p.parse_mode ?? '').toUpperCase() === 'HTML';
  const caption = isHtml ? parseHtml(p.caption) : p.caption;
  if (caption.length > CAPTION_LIMIT) throw new ApiError(400, 'Bad Request: message caption is too long');
  return { caption, ...(isHtml ? { html: p.caption } : {}) };
}

function fullSize(file: StoredFile) {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    width: 1280,
    height: 960,
    file_size: file.bytes.length,
  };
}
