// The inbox of Telegram updates: each fetched update is stored before its offset is confirmed to
// Telegram and marked once handled. A crash therefore loses nothing (stored updates are replayed
// on start) and repeats nothing (handled ones are skipped when Telegram sends them again).
// Plain SQL (db/sql.ts): the inbox is on the path of every update.
//
// Privacy: a stored payload is only needed until its update is handled (to replay it after a crash);
// afterwards only its update_id matters (to skip Telegram's redeliveries). Private chats carry what
// people tell the bot alone (/profile's email and phone number), so their payloads are cut down to
// {update_id} in the same statement that marks them handled. Everything is forgotten after a day.
import {
  handledAmongSql,
  markHandledSql,
  pruneStoredSql,
  storeUpdatesSql,
  unhandledUpdatesSql,
} from '../db/queries/inbox.js';
import type { Sql } from '../db/sql.js';

export interface InboundUpdate {
  update_id: number;
}

export class UpdateInbox {
  private handled = new Set<number>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sql: Sql,
    /** How long marks wait to be written together (one UPDATE for many updates). */
    private readonly flushDelayMs = 20,
  ) {}

  /**
   * Stores a batch before it is confirmed to Telegram, and returns the ids in it that were already
   * handled (Telegram sending them again): the caller skips those.
   */
  async store(updates: readonly InboundUpdate[]): Promise<Set<number>> {
    if (updates.length === 0) return new Set();
    const ids = updates.map((update) => String(update.update_id));
    const inserted = await this.sql.run(storeUpdatesSql, [
      ids,
      updates.map(chatIdOf),
      updates.map((update) => JSON.stringify(update)),
      new Date().toISOString(),
    ]);
    if (inserted.length === ids.length) return new Set();
    // Some were stored before: Telegram is sending them again. Skip those already handled.
    const done = await this.sql.run(handledAmongSql, [ids]);
    return new Set(done.map((row) => Number(row.updateId)));
  }

  /**
   * Marks an update handled. Marks are written together a moment later: one statement for a burst
   * instead of one per update. A crash in that moment can only make an update run again, which the
   * ledger's unique source messages make harmless. The payload of a private chat's update (a positive
   * chat id, as Telegram numbers users' chats) is redacted by the same statement.
   */
  markHandled(updateId: number): void {
    this.handled.add(updateId);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, this.flushDelayMs);
  }

  /** Writes pending marks now (on shutdown). */
  flush(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    const ids = [...this.handled];
    this.handled.clear();
    if (ids.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() =>
      this.sql.run(markHandledSql, [ids.map(String), new Date().toISOString()]).then(
        () => undefined,
        () => {
          // The database is away: keep the marks for the next flush.
          for (const id of ids) this.handled.add(id);
        },
      ),
    );
    return this.flushing;
  }

  /** Updates stored but never handled (the process stopped mid-batch), oldest first. */
  async unhandled<U extends InboundUpdate>(): Promise<U[]> {
    const rows = await this.sql.run(unhandledUpdatesSql, []);
    return rows.map((row) => row.payload as U);
  }

  /**
   * Forgets updates handled before `before` (Telegram never resends an update after a day), and
   * updates stored before `before` but never handled: those failed on every replay since, and their
   * payloads (possibly private) must not stay forever. Returns how many of each went; the caller logs
   * the unhandled ones, which were dropped without being answered.
   */
  async prune(before: Date): Promise<{ handled: number; unhandled: number }> {
    const [row] = await this.sql.run(pruneStoredSql, [before.toISOString()]);
    return { handled: row?.handled ?? 0, unhandled: row?.unhandled ?? 0 };
  }
}

/** The chat an update belongs to (null for updates outside chats). */
export function chatIdOf(update: InboundUpdate): string | null {
  const u = update as {
    message?: { chat: { id: number } };
    edited_message?: { chat: { id: number } };
    callback_query?: { message?: { chat: { id: number } } };
    chat_member?: { chat: { id: number } };
    my_chat_member?: { chat: { id: number } };
  };
  const id =
    u.message?.chat.id ??
    u.edited_message?.chat.id ??
    u.callback_query?.message?.chat.id ??
    u.chat_member?.chat.id ??
    u.my_chat_member?.chat.id;
  return id === undefined ? null : String(id);
}
