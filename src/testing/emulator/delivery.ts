// How updates reach the bot: a queue in update_id order that getUpdates hands out by offset (with
// long polling, one request at a time, the older one ended by a newer), or a webhook that posts
// them as Telegram does (chats concurrently up to max_connections, one chat in sequence, posted
// again when an answer fails or is lost).
import type { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { ApiError, replyJson, sleep, webhookChatOf } from './wire.js';

interface Waiter {
  res: ServerResponse;
  timer: NodeJS.Timeout;
  offset: number;
  limit: number;
}

interface WebhookTarget {
  url: string;
  secret?: string;
  maxConnections: number;
}

export class UpdateDelivery {
  /** Updates not yet confirmed by an offset, in update_id order. */
  private pending: Update[] = [];
  /** Updates to hand out once more regardless of the offset (a redelivery). */
  private again: Update[] = [];
  confirmedBelow = 0;
  private nextUpdateId = 700_000_000 + Math.floor(Math.random() * 1000) * 1000;
  private waiter: Waiter | undefined;
  private webhook: WebhookTarget | undefined;
  /** Updates being posted to the webhook now, and their chats (one at a time per chat). */
  private posting = new Set<Update>();
  private postingChats = new Set<string>();
  lostWebhookAnswers = 0;
  /** How long a webhook post may take before Telegram gives up on it and posts it again later. */
  webhookTimeoutMs = 10_000;

  /** `events` hears 'webhook' and 'webhook-answer-lost'. */
  constructor(private readonly events: EventEmitter) {}

  /** The next update id, as Telegram numbers updates: increasing, never reused. */
  nextId(): number {
    return this.nextUpdateId++;
  }

  enqueue(update: Update): Update {
    this.pending.push(update);
    this.wake();
    this.deliverWebhook();
    return update;
  }

  /** The same update again (same update_id), as after a lost confirmation. */
  redeliver(update: Update): void {
    this.again.push(update);
    this.wake();
    this.deliverWebhook();
  }

  pendingCount(): number {
    return this.pending.length + this.again.length;
  }

  /** Ends a waiting long poll with nothing, as when the server stops. */
  stop(): void {
    if (!this.waiter) return;
    clearTimeout(this.waiter.timer);
    replyJson(this.waiter.res, 200, { ok: true, result: [] });
    this.waiter = undefined;
  }

  getUpdates(params: Record<string, unknown>, res: ServerResponse): void {
    if (this.webhook)
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    let offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Math.max(0, Number(params.timeout ?? 0));
    if (offset < 0) offset = this.pending.slice(offset)[0]?.update_id ?? this.nextUpdateId;
    this.confirm(offset);
    this.endOlderPoll();
    const updates = this.available(offset, limit);
    if (updates.length > 0 || timeout === 0) {
      this.handOut(updates);
      replyJson(res, 200, { ok: true, result: updates });
      return;
    }
    this.waitForUpdates(res, offset, limit, timeout);
  }

  /** Telegram ends the older request when a newer one arrives. */
  private endOlderPoll(): void {
    const old = this.waiter;
    if (!old) return;
    this.waiter = undefined;
    clearTimeout(old.timer);
    replyJson(old.res, 409, {
      ok: false,
      error_code: 409,
      description:
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
  }

  private waitForUpdates(res: ServerResponse, offset: number, limit: number, timeout: number): void {
    const waiter: Waiter = {
      res,
      offset,
      limit,
      timer: setTimeout(() => {
        if (this.waiter === waiter) this.waiter = undefined;
        replyJson(res, 200, { ok: true, result: [] });
      }, timeout * 1000),
    };
    this.waiter = waiter;
    res.on('close', () => {
      if (this.waiter === waiter) {
        clearTimeout(waiter.timer);
        this.waiter = undefined;
      }
    });
  }

  setWebhook(p: Record<string, unknown>): true {
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

  deleteWebhook(p: Record<string, unknown>): true {
    this.webhook = undefined;
    if (p.drop_pending_updates) this.pending = [];
    return true;
  }

  webhookInfo(): Record<string, unknown> {
    return {
      url: this.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.pending.length,
      ...(this.webhook ? { max_connections: this.webhook.maxConnections } : {}),
    };
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
    replyJson(waiter.res, 200, { ok: true, result: updates });
  }

  private handOut(updates: Update[]): void {
    if (this.again.length > 0) this.again = this.again.filter((u) => !updates.includes(u));
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
      void this.postUpdate(hook, update).then((delivered) => this.posted(update, chat, delivered));
    }
  }

  private posted(update: Update, chat: string, delivered: boolean): void {
    this.posting.delete(update);
    this.postingChats.delete(chat);
    const again = this.again.indexOf(update);
    if (again >= 0) this.again.splice(again, 1);
    else this.pending = this.pending.filter((u) => u !== update);
    this.events.emit('webhook', { update, delivered });
    this.deliverWebhook();
  }

  private async postUpdate(hook: WebhookTarget, update: Update): Promise<boolean> {
    for (let attempt = 0; attempt < 5 && this.webhook === hook; attempt++) {
      let delivered = await this.postOnce(hook, update);
      if (delivered && this.lostWebhookAnswers > 0) {
        // The bot answered, but the answer was lost on the way: Telegram posts the update again.
        this.lostWebhookAnswers -= 1;
        this.events.emit('webhook-answer-lost', { update });
        delivered = false;
      }
      if (delivered) return true;
      await sleep(100 * 2 ** attempt);
    }
    return false;
  }

  private async postOnce(hook: WebhookTarget, update: Update): Promise<boolean> {
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
      return response.ok;
    } catch {
      return false;
    }
  }
}
