// The sender: every answer the bot gives goes through here, separately from handling. A handler
// records, queues its answers and is done; the sender delivers them per chat, in order, within what
// Telegram allows, so a slow or throttled chat costs only that chat.
//
// - Telegram's budget is read from its answers: a 429 stops sends to that chat for exactly
//   retry_after, and nothing is sent to the chat during the wait (direct calls through the API, such
//   as the /profile conversation's, wait too: see `gate`). That works whatever the real limits are.
// - While a chat is throttled (it got a 429 and answers keep queueing), the waiting answers are
//   merged into one message when the wait ends: confirmations by their short form, a line each, or
//   as ranges (#12, #14–#19) with totals when there are many. A burst of 40 expenses needs a few
//   messages instead of 40.
// - Failures are bounded: 5xx and refused connections are retried a few times with backoff; an
//   ambiguous failure (a timeout or a reset after the request went out, which Telegram may have
//   acted on) once; a 4xx is not retried. Then the answer is given up and logged: the ledger change
//   it confirms stands and /expenses shows it. Nothing here ever says a change did not happen.
// - A group moved to a supergroup (400 with migrate_to_chat_id) gets its queue re-addressed.
//
// Queues live in memory. An update is marked handled in the inbox only once its answers are
// delivered (or given up), so a crash before delivery replays the update, whose handler answers
// again ("Already recorded #12": the ledger is idempotent per message) instead of losing the answer.
import type { Api, RawApi, Transformer } from 'grammy';
import { GrammyError, HttpError } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Decimal } from '../ledger/index.js';
import type { Logger } from '../log.js';
import type { AnswerQueueStats, Metrics } from '../observability/metrics.js';
import { coalescedAnswer, fitsOneMessage } from './format.js';

/** What a queued answer confirms, for merging: its one-line form and, for an expense, its number. */
export interface AnswerSummary {
  line: string;
  expense?: { id: number; amount: Decimal; currency?: string };
  /**
   * The answer's keyboard is a convenience that a command also does (an expense's category button:
   * /category does the same), so the answer may still be merged with others, without it.
   */
  keyboardOptional?: boolean;
}

export type Outgoing =
  | {
      method: 'sendMessage';
      text: string;
      keyboard?: InlineKeyboardMarkup;
      /** Present when the answer may be merged with others while the chat is throttled. */
      summary?: AnswerSummary;
    }
  | { method: 'editMessageText'; messageId: number; text: string; keyboard?: InlineKeyboardMarkup }
  | { method: 'editMessageReplyMarkup'; messageId: number; keyboard: InlineKeyboardMarkup }
  /** A photo already on Telegram's servers (a receipt), sent again by its file_id with an HTML caption. */
  | { method: 'sendPhoto'; photo: string; caption: string; keyboard?: InlineKeyboardMarkup };

interface Queued {
  message: Outgoing;
  attempts: number;
  /** When it was queued (the sender's clock), for the oldest answer's age in /metrics. */
  queuedAt: number;
  /** messageId: the message Telegram made of this answer alone (a send not merged with others). */
  done: (delivered: boolean, messageId?: number) => void;
}

interface ChatLane {
  queue: Queued[];
  /** Epoch ms before which nothing may be sent to this chat (Telegram's retry_after). */
  blockedUntil: number;
  /** Set by a 429; cleared once the queue is empty. While set, waiting answers are merged. */
  throttled: boolean;
  sending: boolean;
  timer?: NodeJS.Timeout;
}

export interface SenderOptions {
  logger: Logger;
  /** Per-call time limit for a send. */
  callTimeoutMs?: number;
  /** Tries for a send that failed with a 5xx or a refused connection. */
  maxAttempts?: number;
  /** Backoff before the second try; doubled after each. */
  backoffMs?: number;
  now?: () => number;
  /** Where Telegram's 429s and flood waits are counted. */
  metrics?: Metrics;
}

const SEND_METHODS = new Set([
  'sendMessage',
  'editMessageText',
  'editMessageReplyMarkup',
  'sendDocument',
  'sendPhoto',
]);
const NOT_MODIFIED = /message is not modified/i;

export class Sender {
  private readonly lanes = new Map<string, ChatLane>();
  /** Chats Telegram moved (group → supergroup): old id → new id. */
  private readonly moved = new Map<string, string>();
  private readonly byUpdate = new Map<number, Promise<boolean>[]>();
  private readonly callTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly now: () => number;
  private api: Api | undefined;
  private stopped = false;
  /** Payloads of the sender's own calls, which the gate lets through untouched. */
  private readonly own = new WeakSet<object>();

  constructor(private readonly options: SenderOptions) {
    this.callTimeoutMs = options.callTimeoutMs ?? 15_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** The API the sender delivers with (the bot's). */
  attach(api: Api): void {
    this.api = api;
  }

  /**
   * Queues an answer to a chat. Resolves true once Telegram took it, false when it was given up.
   * `updateId` ties it to the update it answers (see `settled`).
   */
  enqueue(chatId: number | string, message: Outgoing, updateId?: number): Promise<boolean> {
    return this.push(chatId, message, updateId).then((result) => result.delivered);
  }

  /**
   * Queues an answer like `enqueue`, resolving with the id of the message Telegram made of it, or
   * undefined when it was merged with other answers or given up (so it cannot be edited later).
   */
  enqueueForMessageId(
    chatId: number | string,
    message: Outgoing,
    updateId?: number,
  ): Promise<number | undefined> {
    return this.push(chatId, message, updateId).then((result) => result.messageId);
  }

  private push(
    chatId: number | string,
    message: Outgoing,
    updateId?: number,
  ): Promise<{ delivered: boolean; messageId?: number }> {
    const key = this.resolve(String(chatId));
    const result = new Promise<{ delivered: boolean; messageId?: number }>((resolve) => {
      this.lane(key).queue.push({
        message,
        attempts: 0,
        queuedAt: this.now(),
        done: (delivered, messageId) => resolve({ delivered, messageId }),
      });
    });
    const delivered = result.then((r) => r.delivered);
    if (updateId !== undefined) {
      const list = this.byUpdate.get(updateId) ?? [];
      list.push(delivered);
      this.byUpdate.set(updateId, list);
    }
    this.pump(key);
    return result;
  }

  /** Resolves when every answer queued for this update was delivered or given up. */
  async settled(updateId: number): Promise<void> {
    const list = this.byUpdate.get(updateId);
    if (!list) return;
    await Promise.all(list);
    this.byUpdate.delete(updateId);
  }

  /** The queues as /metrics shows them. */
  queueStats(): AnswerQueueStats {
    let answers = 0;
    let chats = 0;
    let mostInOneChat = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes.values()) {
      const count = lane.queue.length + (lane.sending ? 1 : 0);
      if (count === 0) continue;
      answers += count;
      chats += 1;
      mostInOneChat = Math.max(mostInOneChat, count);
      for (const queued of lane.queue) oldest = Math.min(oldest, queued.queuedAt);
    }
    const oldestAgeSeconds = Number.isFinite(oldest) ? Math.max(0, (this.now() - oldest) / 1000) : 0;
    return { answers, chats, mostInOneChat, oldestAgeSeconds };
  }

  /** Answers still waiting, in all chats. */
  pending(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.queue.length + (lane.sending ? 1 : 0);
    return count;
  }

  /** Waits (bounded) until every queue is empty, then stops sending. */
  async drain(timeoutMs: number): Promise<void> {
    const until = this.now() + timeoutMs;
    while (this.pending() > 0 && this.now() < until) await sleep(20);
    this.stopped = true;
    for (const lane of this.lanes.values()) clearTimeout(lane.timer);
  }

  /** Re-addresses a chat's queue after Telegram moved it to a new id. */
  chatMoved(fromChatId: number | string, toChatId: number | string): void {
    const from = String(fromChatId);
    const to = this.resolve(String(toChatId));
    if (from === to) return;
    this.moved.set(from, to);
    const old = this.lanes.get(from);
    if (!old) return;
    this.lanes.delete(from);
    clearTimeout(old.timer);
    const lane = this.lane(to);
    lane.queue.unshift(...old.queue);
    this.pump(to);
  }

  /**
   * An API transformer for every call that does not come from the queue. A send (the /profile
   * conversation's, a notice to an operator) waits out its chat's flood wait instead of sending
   * during it, and a 429 it meets blocks the chat for the queue too; it is repeated only after a 429
   * (Telegram did not take it). Other methods (getMe, getChatMember, answerCallbackQuery, ...) are
   * repeated, at most three times, after a 5xx, a short 429 or no answer. getUpdates is left to
   * the polling loop.
   */
  gate(): Transformer<RawApi> {
    // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
    return async (prev, method, payload, signal) => {
      if (method === 'getUpdates' || (payload && this.own.has(payload))) return prev(method, payload, signal);
      const chatId = (payload as { chat_id?: number | string } | undefined)?.chat_id;
      const isSend = SEND_METHODS.has(method) && chatId !== undefined;
      const key = isSend ? this.resolve(String(chatId)) : '';
      const started = this.now();
      for (let attempt = 1; ; attempt++) {
        // A direct send takes its turn in the chat's lane, so it never races the queue into a wait.
        const lane = isSend ? await this.takeTurn(key) : undefined;
        let result: Awaited<ReturnType<typeof prev>>;
        try {
          result = await prev(method, payload, signal);
        } catch (error) {
          // No answer at all. Reads and acknowledgements are safe to repeat; a send is not.
          if (isSend || attempt >= 3 || signal?.aborted) throw error;
          await sleep(this.backoffMs * 2 ** (attempt - 1));
          continue;
        } finally {
          if (lane) {
            lane.sending = false;
            this.pump(key);
          }
        }
        if (result.ok) return result;
        const retryAfter = result.parameters?.retry_after;
        if (retryAfter !== undefined) {
          // Telegram did not take it and said when to come back: waiting is always right, within
          // a minute in all (a longer wait is reported to the caller).
          if (isSend && this.now() - started < 60_000) {
            this.block(key, retryAfter);
            continue;
          }
          if (!isSend && retryAfter <= 30 && attempt < 3) {
            await sleep(retryAfter * 1000);
            continue;
          }
          return result;
        }
        if (result.error_code < 500 || isSend || attempt >= 3) return result;
        await sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    };
  }

  /** Waits until the chat is neither in a flood wait nor being sent to, then holds its lane. */
  private async takeTurn(key: string): Promise<ChatLane> {
    for (;;) {
      const lane = this.lane(key);
      const wait = lane.blockedUntil - this.now();
      if (!lane.sending && wait <= 0) {
        lane.sending = true;
        return lane;
      }
      await sleep(Math.max(wait, 10));
    }
  }

  private resolve(key: string): string {
    let current = key;
    for (let hops = 0; hops < 5; hops++) {
      const next = this.moved.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  private lane(key: string): ChatLane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { queue: [], blockedUntil: 0, throttled: false, sending: false };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private block(key: string, retryAfterSeconds: number): void {
    this.options.metrics?.telegram429.inc();
    this.options.metrics?.floodWaitSeconds.inc(retryAfterSeconds);
    const lane = this.lane(key);
    lane.blockedUntil = Math.max(lane.blockedUntil, this.now() + Math.ceil(retryAfterSeconds * 1000));
    lane.throttled = true;
  }

  private pump(key: string): void {
    const lane = this.lanes.get(key);
    if (!lane || lane.sending || this.stopped) return;
    if (lane.queue.length === 0) {
      lane.throttled = false;
      // An idle lane with no wait left holds nothing worth keeping.
      if (lane.blockedUntil <= this.now()) this.lanes.delete(key);
      return;
    }
    const wait = lane.blockedUntil - this.now();
    if (wait > 0) {
      clearTimeout(lane.timer);
      lane.timer = setTimeout(() => this.pump(key), wait);
      return;
    }
    lane.sending = true;
    const batch = this.nextBatch(lane);
    void this.deliver(key, lane, batch).finally(() => {
      lane.sending = false;
      this.pump(key);
    });
  }

  /** The next message to send: the first answer, or while throttled every mergeable one waiting. */
  private nextBatch(lane: ChatLane): Queued[] {
    const first = lane.queue[0] as Queued;
    if (!lane.throttled || !isMergeable(first.message)) return [lane.queue.shift() as Queued];
    let count = 1;
    while (
      count < lane.queue.length &&
      isMergeable((lane.queue[count] as Queued).message) &&
      fitsOneMessage(coalescedText(lane.queue.slice(0, count + 1)))
    )
      count++;
    return lane.queue.splice(0, count);
  }

  private async deliver(key: string, lane: ChatLane, batch: Queued[]): Promise<void> {
    const message = batch.length === 1 ? (batch[0] as Queued).message : merged(batch);
    const finish = (delivered: boolean) => {
      for (const item of batch) item.done(delivered);
    };
    for (const item of batch) item.attempts++;
    const attempts = Math.max(...batch.map((item) => item.attempts));
    try {
      const messageId = await this.call(key, message);
      if (batch.length === 1) (batch[0] as Queued).done(true, messageId);
      else finish(true);
    } catch (error) {
      const verdict = classify(error);
      if (verdict.kind === 'throttled') {
        this.block(key, verdict.retryAfter);
        lane.queue.unshift(...batch);
        for (const item of batch) item.attempts--;
        return;
      }
      if (verdict.kind === 'moved') {
        lane.queue.unshift(...batch);
        this.moveLane(key, verdict.toChatId);
        return;
      }
      if (verdict.kind === 'unchanged') return finish(true);
      const [only] = batch;
      if (verdict.kind === 'refused' && only && only.message.method === 'sendPhoto') {
        // Telegram refused the photo (a file id from another bot token, a photo it no longer has):
        // the caption still answers, as text.
        this.options.logger.warn('a photo was refused; sending its caption as text', { chat_id: key, error });
        only.message = { method: 'sendMessage', text: only.message.caption };
        only.attempts = 0;
        lane.queue.unshift(only);
        return;
      }
      const limit = verdict.kind === 'retry' ? this.maxAttempts : verdict.kind === 'ambiguous' ? 2 : 1;
      if (attempts < limit) {
        lane.blockedUntil = this.now() + this.backoffMs * 2 ** (attempts - 1);
        lane.queue.unshift(...batch);
        return;
      }
      this.options.logger.error('could not deliver an answer; gave up (the ledger is unchanged by this)', {
        chat_id: key,
        method: message.method,
        attempts,
        error,
      });
      finish(false);
    }
  }

  private moveLane(from: string, to: string): void {
    // The lane is mid-delivery: let pump's finally re-run on the new key.
    this.chatMoved(from, to);
  }

  /** Sends or edits; resolves with the id of the message sent (undefined for an edit). */
  private async call(chatId: string, message: Outgoing): Promise<number | undefined> {
    const api = this.api;
    if (!api) throw new Error('the sender has no API attached');
    // grammY types its signal with the abort-controller shim; the platform's signal is what it uses.
    const signal = AbortSignal.timeout(this.callTimeoutMs) as unknown as Parameters<
      Api['raw']['sendMessage']
    >[1];
    const common = {
      parse_mode: 'HTML' as const,
      link_preview_options: { is_disabled: true },
      ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
    };
    if (message.method === 'sendMessage') {
      const payload = { chat_id: chatId, text: message.text, ...common };
      this.own.add(payload);
      return (await api.raw.sendMessage(payload, signal)).message_id;
    }
    if (message.method === 'editMessageReplyMarkup') {
      const payload = { chat_id: chatId, message_id: message.messageId, reply_markup: message.keyboard };
      this.own.add(payload);
      await api.raw.editMessageReplyMarkup(payload, signal);
      return undefined;
    }
    if (message.method === 'sendPhoto') {
      const { link_preview_options: _none, ...photoCommon } = common;
      const payload = { chat_id: chatId, photo: message.photo, caption: message.caption, ...photoCommon };
      this.own.add(payload);
      return (await api.raw.sendPhoto(payload, signal)).message_id;
    }
    const payload = { chat_id: chatId, message_id: message.messageId, text: message.text, ...common };
    this.own.add(payload);
    await api.raw.editMessageText(payload, signal);
    return undefined;
  }
}

function isMergeable(message: Outgoing): boolean {
  return (
    message.method === 'sendMessage' &&
    (message.keyboard === undefined || message.summary?.keyboardOptional === true)
  );
}

function coalescedText(batch: readonly Queued[]): string {
  return coalescedAnswer(
    batch.map((item) => {
      const m = item.message as Extract<Outgoing, { method: 'sendMessage' }>;
      return { text: m.text, summary: m.summary };
    }),
  );
}

function merged(batch: readonly Queued[]): Outgoing {
  return { method: 'sendMessage', text: coalescedText(batch) };
}

type Verdict =
  | { kind: 'throttled'; retryAfter: number }
  | { kind: 'moved'; toChatId: string }
  | { kind: 'unchanged' }
  | { kind: 'retry' }
  | { kind: 'ambiguous' }
  | { kind: 'refused' };

/** What a failed call means for the answer. */
function classify(error: unknown): Verdict {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) return { kind: 'throttled', retryAfter: error.parameters.retry_after ?? 1 };
    if (error.parameters.migrate_to_chat_id !== undefined)
      return { kind: 'moved', toChatId: String(error.parameters.migrate_to_chat_id) };
    if (NOT_MODIFIED.test(error.description)) return { kind: 'unchanged' };
    return error.error_code >= 500 ? { kind: 'retry' } : { kind: 'refused' };
  }
  if (error instanceof HttpError) {
    // No answer from Telegram. A refused or unresolvable connection never reached it; a timeout or
    // a reset may have, and a resend could show the message twice.
    const code = (error.error as { code?: string; cause?: { code?: string } } | undefined)?.code;
    const causeCode = (error.error as { cause?: { code?: string } } | undefined)?.cause?.code;
    const reached = !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(
      code ?? causeCode ?? '',
    );
    return reached ? { kind: 'ambiguous' } : { kind: 'retry' };
  }
  return { kind: 'refused' };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
