// The inbox of Telegram updates: each fetched update is stored before its offset is confirmed to
// Telegram and marked once handled. A crash therefore loses nothing (stored updates are taken over
// and handled again) and repeats nothing (handled ones are skipped when Telegram sends them again).
// Plain SQL (db/sql.ts): the inbox is on the path of every update.
//
// Claims, for several instances on one database: the instance that stores an update claims it for
// a lease (CLAIM_LEASE_MS) and renews its claims while it works; another instance takes over only
// updates whose lease expired (their instance died) or that nobody holds, and skips a redelivery
// that a live instance holds. A live instance's updates are therefore never handled twice.
//
// Privacy: a stored payload is only needed until its update is handled (to replay it after a crash);
// afterwards only its update_id matters (to skip Telegram's redeliveries). Private chats carry what
// people tell the bot alone (/profile's email and phone number), so their payloads are cut down to
// {update_id} in the same statement that marks them handled. Everything is forgotten after a day.
import { randomUUID } from 'node:crypto';
import {
  claimUnheldSql,
  endAllClaimsSql,
  holdChatSql,
  markHandledSql,
  pruneStoredSql,
  releaseChatLeasesSql,
  releaseChatSql,
  renewChatLeasesSql,
  renewClaimsSql,
  storeUpdatesSql,
} from '../db/queries/inbox.js';
import type { Sql } from '../db/sql.js';
import { FLOOD_WINDOW_MS, floodSenderOf, groupSenderOf } from './flood-guard.js';

/** How long a claim holds without renewal: a dead instance's updates wait at most this long. */
export const CLAIM_LEASE_MS = 6_000;

export interface InboundUpdate {
  update_id: number;
}

export class UpdateInbox {
  private handled = new Set<number>();
  private confirmations = new Map<number, number>();
  private waiting: (() => void)[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  /** This instance, as its claims name it. */
  readonly instance = randomUUID();
  private readonly flushDelayMs: number;
  private readonly now: () => number;
  private readonly floodNow: () => number;

  constructor(
    private readonly sql: Sql,
    options: {
      /** How long marks wait to be written together (one UPDATE for many updates). */
      flushDelayMs?: number;
      now?: () => number;
      /** The app's clock, which the flood guard's windows follow (tests move it). */
      floodClock?: () => Date;
    } = {},
  ) {
    this.flushDelayMs = options.flushDelayMs ?? 20;
    this.now = options.now ?? Date.now;
    const floodClock = options.floodClock;
    this.floodNow = floodClock ? () => floodClock().getTime() : this.now;
  }

  private leaseEnd(): string {
    return new Date(this.now() + CLAIM_LEASE_MS).toISOString();
  }

  /**
   * Stores a batch, claimed by this instance, before it is confirmed to Telegram, and returns the
   * ids in it this instance must not handle: already handled (Telegram sending them again), or
   * held by another instance that is alive. The caller skips those.
   */
  async store(updates: readonly InboundUpdate[]): Promise<Set<number>> {
    return (await this.storeBatch(updates)).skip;
  }

  /**
   * Stores a batch, claimed by this instance, before it is confirmed to Telegram, in one round trip
   * that also counts its commands for the flood guard, tells which senders are known members, and
   * (with `leaseKeys`, several instances) takes the chats' leases: see StoredBatch.
   */
  async storeBatch(
    updates: readonly InboundUpdate[],
    options: { leaseKeys?: readonly string[]; processedHere?: readonly number[] } = {},
  ): Promise<StoredBatch> {
    if (updates.length === 0) return emptyBatch();
    const now = new Date(this.now()).toISOString();
    const [row] = await this.sql.run(storeUpdatesSql, [
      updates.map((update) => String(update.update_id)),
      updates.map(chatIdOf),
      updates.map((update) => JSON.stringify(update)),
      now,
      this.instance,
      this.leaseEnd(),
      updates.map(floodSenderOf),
      FLOOD_WINDOW_MS / 1000,
      updates.map(groupSenderOf),
      [...new Set(options.leaseKeys ?? [])].sort(),
      (options.processedHere ?? []).map(String),
      new Date(this.floodNow()).toISOString(),
    ]);
    if (!row) throw new Error('the updates were not stored');
    return readBatch(updates, row);
  }

  /**
   * Claims unhandled updates that nobody holds any more (their instance died, or stopped before
   * handling them), oldest first, for this instance to handle.
   */
  async takeOver<U extends InboundUpdate>(limit = 500): Promise<U[]> {
    const rows = await this.sql.run(claimUnheldSql, [
      this.instance,
      this.leaseEnd(),
      new Date(this.now()).toISOString(),
      limit,
    ]);
    return rows.sort((a, b) => Number(a.updateId) - Number(b.updateId)).map((row) => row.payload as U);
  }

  /**
   * Ends every claim, so that a start replays at once what the previous run left instead of waiting
   * for its lease: only for the embedded database, whose folder admits one process at a time (a
   * claim there can only be a dead run's). On a server another instance may be alive.
   */
  async endClaimsOfEarlierRuns(): Promise<void> {
    await this.sql.run(endAllClaimsSql, []);
  }

  /** Renews this instance's claims and chat leases (call well within the lease). */
  async renewClaims(): Promise<void> {
    await Promise.all([
      this.sql.run(renewClaimsSql, [this.instance, this.leaseEnd()]),
      this.sql.run(renewChatLeasesSql, [this.instance, this.leaseEnd()]),
    ]);
  }

  /**
   * Gives up this instance's claims on what it did not finish, and its chat leases (a clean stop):
   * others take them at once.
   */
  async releaseClaims(): Promise<void> {
    await Promise.all([
      this.sql.run(renewClaimsSql, [this.instance, new Date(this.now() - 1).toISOString()]),
      this.sql.run(releaseChatLeasesSql, [this.instance]),
    ]);
  }

  /**
   * Per-chat order across instances. Takes the lease of the chat `update` belongs to, unless another
   * live instance holds it (`held: false`: try again shortly). Once held, returns the chat's earlier
   * updates no instance has processed yet (another instance stored them and is waiting for the
   * lease, or this one took them over and queued them behind `update`), except `processedHere`,
   * claimed for this instance, oldest first: handle those before `update`. `done`: `update` was
   * processed by whoever held the chat; skip it.
   */
  async holdChat<U extends InboundUpdate>(
    chatKey: string,
    update: U,
    processedHere: readonly number[] = [],
  ): Promise<{ held: boolean; done: boolean; earlier: U[] }> {
    const [row] = await this.sql.run(holdChatSql, [
      chatKey,
      this.instance,
      this.leaseEnd(),
      new Date(this.now()).toISOString(),
      chatIdOf(update),
      String(update.update_id),
      processedHere.map(String),
    ]);
    return {
      held: row?.held ?? false,
      done: row?.done ?? false,
      earlier: (row?.earlier ?? []) as U[],
    };
  }

  /** Gives up a chat's lease, marking the updates processed under it (in one statement). */
  async releaseChat(chatKey: string, processedIds: readonly number[]): Promise<void> {
    await this.sql.run(releaseChatSql, [
      chatKey,
      this.instance,
      processedIds.map(String),
      new Date(this.now()).toISOString(),
    ]);
  }

  /**
   * Marks an update handled. Marks are written together a moment later: one statement for a burst
   * instead of one per update. A crash in that moment can only make an update run again, which the
   * ledger's unique source messages make harmless. The payload of a private chat's update (a positive
   * chat id, as Telegram numbers users' chats) is redacted by the same statement.
   */
  markHandled(updateId: number): void {
    this.handled.add(updateId);
    this.scheduleFlush();
  }

  /**
   * Notes the message that confirmed an expense (a correction edits it), written with the next
   * handled marks: the confirmation is delivered just before its update is marked, so the two go
   * in one statement. Resolves once written.
   */
  rememberConfirmation(input: { expenseId: number; messageId: number }): Promise<void> {
    this.confirmations.set(input.expenseId, input.messageId);
    this.scheduleFlush();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private scheduleFlush(): void {
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
    const confirmations = [...this.confirmations];
    const waiting = this.waiting.splice(0);
    this.handled.clear();
    this.confirmations.clear();
    if (ids.length === 0 && confirmations.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() =>
      this.sql
        .run(markHandledSql, [
          ids.map(String),
          new Date().toISOString(),
          confirmations.map(([expenseId]) => expenseId),
          confirmations.map(([, messageId]) => messageId),
        ])
        .then(
          () => {
            for (const resolve of waiting) resolve();
          },
          () => {
            // The database is away: keep the marks for the next flush.
            for (const id of ids) this.handled.add(id);
            for (const [expenseId, messageId] of confirmations)
              if (!this.confirmations.has(expenseId)) this.confirmations.set(expenseId, messageId);
            this.waiting.push(...waiting);
          },
        ),
    );
    return this.flushing;
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

/** What storing a batch told about it (UpdateInbox.store). */
export interface StoredBatch {
  /** Ids this instance must not handle: handled before, or held by another live instance. */
  skip: Set<number>;
  /** Each newly stored command's place in its sender's flood window. */
  flood: Map<number, { count: number; windowStartedAt: Date }>;
  /** Senders who are current members of the chat's group, as `groupId:userId`. */
  members: Set<string>;
  /** The chats whose lease this instance holds now. */
  leased: Set<string>;
  /** Per leased chat, its earlier updates no instance has processed, oldest first: handle them first. */
  earlier: Map<string, InboundUpdate[]>;
}

function emptyBatch(): StoredBatch {
  return { skip: new Set(), flood: new Map(), members: new Set(), leased: new Set(), earlier: new Map() };
}

/** Reads the store statement's answer; each command's count is its place in the batch's window. */
function readBatch(
  updates: readonly InboundUpdate[],
  row: {
    inserted: unknown;
    skip: unknown;
    flood: unknown;
    members: unknown;
    leased: unknown;
    earlier: unknown;
  },
): StoredBatch {
  const batch = emptyBatch();
  for (const id of row.skip as string[]) batch.skip.add(Number(id));
  for (const [groupId, userId] of row.members as [number, number][])
    batch.members.add(`${groupId}:${userId}`);
  for (const key of row.leased as string[]) batch.leased.add(key);
  for (const [chatId, payload] of row.earlier as [string, InboundUpdate][]) {
    const list = batch.earlier.get(chatId) ?? [];
    list.push(payload);
    batch.earlier.set(chatId, list);
  }
  const inserted = new Set((row.inserted as string[]).map(Number));
  const windows = new Map(
    (row.flood as [string, number, string][]).map(([id, count, at]) => [id, { count, at }]),
  );
  const counted = updates.filter((u) => inserted.has(u.update_id) && floodSenderOf(u) !== null);
  for (const [index, update] of counted.entries()) {
    const sender = floodSenderOf(update) as string;
    const window = windows.get(sender);
    if (!window) continue;
    const after = counted.slice(index + 1).filter((u) => floodSenderOf(u) === sender).length;
    batch.flood.set(update.update_id, { count: window.count - after, windowStartedAt: new Date(window.at) });
  }
  return batch;
}
