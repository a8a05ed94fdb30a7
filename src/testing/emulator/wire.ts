// The Bot API's wire format as the emulator speaks it: errors as Telegram words them, parameters
// read from JSON, form or multipart bodies, JSON answers, and the checks Telegram makes of an inline
// keyboard. Plain functions over plain values; no state.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Message, MessageEntity, Update } from 'grammy/types';

/** A refusal as the Bot API answers it: the HTTP status, its description, maybe parameters. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

export function replyJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

export function replyError(res: ServerResponse, error: ApiError): void {
  replyJson(res, error.status, {
    ok: false,
    error_code: error.status,
    description: error.description,
    ...(error.parameters ? { parameters: error.parameters } : {}),
  });
}

/** reply_to_message, as Telegram nests it: the replied-to message without its own reply. */
export function replyPart(replyTo: Message | undefined): Partial<Message> {
  if (!replyTo) return {};
  const { reply_to_message: _nested, ...rest } = replyTo as Message & { reply_to_message?: unknown };
  return { reply_to_message: rest } as Partial<Message>;
}

/** The chat a sending call goes to, when it names one by number (not an inline message or @username). */
export function chatIdOf(params: Record<string, unknown>): number | undefined {
  if (params.chat_id === undefined || params.chat_id === '') return undefined;
  const id = Number(params.chat_id);
  return Number.isSafeInteger(id) ? id : undefined;
}

export function scopeOf(p: Record<string, unknown>): string {
  const scope = p.scope as { type?: string } | undefined;
  return scope?.type ?? 'default';
}

/** The chat an update belongs to, for posting one chat's updates in sequence. */
export function webhookChatOf(update: Update): string {
  const chat =
    update.message?.chat.id ??
    update.edited_message?.chat.id ??
    update.callback_query?.message?.chat.id ??
    update.chat_member?.chat.id ??
    update.my_chat_member?.chat.id;
  if (chat !== undefined) return String(chat);
  return `user:${update.callback_query?.from.id ?? update.inline_query?.from.id ?? 'none'}`;
}

export function sleep(ms: number): Promise<void> {
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

/** A call's parameters: the query string, then a JSON, form or multipart body over it. */
export async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const body = raw.toString('utf8');
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
  if (type.includes('multipart/form-data')) return { ...query, ...multipartFields(raw, type) };
  return query;
}

/** A file uploaded with a call (multipart), as the bot sent it. */
export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

/**
 * The fields of a multipart body: plain fields as text, and files (a document the bot uploads) as
 * UploadedFile under the name the bot gave them (`attach://name`) and under their field name. The
 * body is split as latin1, which maps each byte to one character, so a file's bytes survive as
 * they came; text fields are then read as UTF-8.
 */
function multipartFields(raw: Buffer, type: string): Record<string, unknown> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  const params: Record<string, unknown> = {};
  if (!boundary) return params;
  for (const part of raw.toString('latin1').split(`--${boundary[1] ?? boundary[2]}`)) {
    const named =
      /name="([^"]+)"(?:;\s*filename="?([^"\r\n]*)"?)?\r\n(?:[^\r\n]*\r\n)*?\r\n([\s\S]*)\r\n$/.exec(part);
    if (!named) continue;
    const [, name = '', fileName, content = ''] = named;
    params[name] =
      fileName === undefined
        ? tryJson(Buffer.from(content, 'latin1').toString('utf8'))
        : ({
            fileName: Buffer.from(fileName, 'latin1').toString('utf8'),
            bytes: Buffer.from(content, 'latin1'),
          } satisfies UploadedFile);
  }
  return params;
}

function tryJson(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function inlineRows(markup: unknown): unknown[][] | undefined {
  const parsed = typeof markup === 'string' ? (JSON.parse(markup) as unknown) : markup;
  const rows = (parsed as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  return Array.isArray(rows) ? (rows as unknown[][]) : undefined;
}

export function hasWebAppButton(markup: unknown): boolean {
  const rows = inlineRows(markup);
  return (
    rows?.some(
      (row) => Array.isArray(row) && row.some((b) => typeof b === 'object' && b !== null && 'web_app' in b),
    ) ?? false
  );
}

/**
 * An inline keyboard as Telegram checks it: a URL button's link must be http(s):// or tg://
 * (InlineKeyboardButton.url; anything else, upi:// say, is BUTTON_URL_INVALID), callback data
 * 1 to 64 bytes (BUTTON_DATA_INVALID), a copy_text button's text ({ text }) 1 to 256 characters
 * (CopyTextButton), and every button has exactly one action (BUTTON_TYPE_INVALID).
 */
export function checkKeyboard(markup: unknown): void {
  const rows = inlineRows(markup);
  if (!rows) return;
  for (const button of rows.flat() as Record<string, unknown>[]) checkButton(button);
}

const BUTTON_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

function checkButton(button: Record<string, unknown>): void {
  const actions = BUTTON_ACTIONS.filter((key) => button[key] !== undefined);
  if (actions.length !== 1) throw new ApiError(400, 'Bad Request: BUTTON_TYPE_INVALID');
  if (button.copy_text !== undefined) {
    const copied = (button.copy_text as { text?: unknown } | null)?.text;
    if (typeof copied !== 'string' || copied.length < 1 || copied.length > 256) {
      throw new ApiError(400, 'Bad Request: BUTTON_COPY_TEXT_INVALID');
    }
  }
  if (button.url !== undefined && !/^(https?|tg):\/\/\S+$/i.test(String(button.url))) {
    throw new ApiError(400, 'Bad Request: BUTTON_URL_INVALID');
  }
  if (button.callback_data !== undefined) {
    const bytes = Buffer.byteLength(String(button.callback_data));
    if (bytes < 1 || bytes > 64) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
  }
}
