// The update processor: every update, by polling or webhook, is stored in the inbox, queued behind
// the earlier ones of its chat and handled once, in chat order, also across instances.
//
// The runner confirms a batch to Telegram on its next getUpdates call, before the batch is handled;
// a crash would lose up to 100 updates. So every batch is written to the inbox before getUpdates
// returns it, stored-but-unhandled updates are replayed at start-up, and handled ones are skipped
// when Telegram delivers them again. Expenses and settlements are also unique by source message,
// so even a crash between handling and marking cannot record anything twice.
//
// Per-chat order, also across instances on one database: an update is handled only while this
// instance holds its chat's lease (usecases/inbox.ts), after the chat's earlier updates that another
// instance stored and has not processed. So a /paid and the /undo after it, delivered to two
// instances, run in that order; chats run in parallel.
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { inBackground } from '../db/round-trips.js';
import { firstLine, type Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import { chatIdOf, type StoredBatch, type UpdateInbox } from '../usecases/inbox.js';
import type { BotContext } from './context.js';
import type { Sender } from './sender.js';
import { rememberFacts } from './update-facts.js';

export interface UpdateProcessor {
  /** Stores fetched updates in the inbox; those handled before will be skipped by `process`. */
  receive(updates: Update[]): Promise<void>;
  /**
   * Queues one update behind the earlier ones of its chat, unless it was handled before. Resolves
   * once it is queued (at once, unless very many updates are waiting): a busy chat never holds up
   * the fetching or handling of others. `handled` resolves when the handler is done.
   */
  process(update: Update): Promise<{ handled: Promise<void> }>;
  /**
   * Claims stored updates nobody holds any more (left by a run or an instance that stopped or died
   * before finishing them) and queues them; `wait` also waits until they are handled.
   */
  takeOver(options?: { wait?: boolean }): Promise<number>;
  /** Waits (bounded) for every queued update to be handled and answered. */
  drain(timeoutMs: number): Promise<void>;
}

/** Beyond this many updates waiting in memory, fetching waits for the oldest to be handled. */
const MAX_WAITING = 2_000;

/** How often an update whose chat another instance is handling asks again for the chat. */
const LEASE_RETRY_MS = 50;

/** How long an idle chat's lease is kept before it is given up (see releaseIfIdle). */
const LEASE_LINGER_MS = 250;

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: on the list of long functions to split (test/structure/complexity-exceptions.test.ts)
export function createUpdateProcessor(
  bot: Bot<BotContext>,
  inbox: UpdateInbox,
  sender: Sender,
  logger: Logger,
  options: {
    metrics?: Metrics;
    /**
     * No other instance can share the database (the embedded one: its folder is locked to one
     * process), so chats need no leases: a statement per update saved.
     */
    alone?: boolean;
  } = {},
): UpdateProcessor {
  const { metrics } = options;
  const inFlight = new Set<Promise<void>>();
  const seenBefore = new Set<number>();
  // Handled here recently: a redelivery can arrive before the inbox has written its mark.
  const recent = new Set<number>();
  // The tail of each chat's queue: an update starts when the previous one of its chat is done.
  const tails = new Map<string, Promise<void>>();
  // How many updates each chat has queued here; its lease is given up when that reaches zero.
  const queued = new Map<string, number>();
  // The chats whose lease this instance holds, with the updates processed under it not yet marked.
  const leased = new Map<string, number[]>();
  // Chats idle here whose lease is kept a moment longer (see releaseIfIdle).
  const lingering = new Map<string, NodeJS.Timeout>();
  // Chats whose lease this instance is known to hold without asking, and which of their updates that
  // covers: those stored by a statement that took (or kept) the lease (`stored`: it claimed what came
  // before them), and those up to the update holdChat took it for (`upTo`: it claimed only what came
  // before that one). Covered updates are handled without a statement of their own; any other (one
  // stored while another instance held the chat, queued here behind the one holdChat waited for)
  // asks again, as updates of the chat stored elsewhere meanwhile may come before it.
  const holding = new Map<string, { upTo: number; stored: Set<number> }>();
  const coverageOf = (key: string) => {
    let coverage = holding.get(key);
    if (!coverage) {
      coverage = { upTo: 0, stored: new Set() };
      holding.set(key, coverage);
    }
    return coverage;
  };
  /** Whether `update` may be handled under the lease this instance holds, without asking. */
  const covered = (key: string, update: Update): boolean => {
    const coverage = holding.get(key);
    if (!coverage) return false;
    return coverage.stored.delete(update.update_id) || update.update_id <= coverage.upTo;
  };
  // Per chat, earlier updates the store claimed for this instance (another instance stored them and
  // has not processed them): handled before the chat's next update here.
  const earlierOf = new Map<string, Update[]>();
  // How many times each chat's lease was given up here: a store that raced a release is not trusted.
  const releases = new Map<string, number>();

  async function handleNow(key: string, update: Update): Promise<void> {
    const endTimer = metrics?.handlerSeconds.startTimer();
    try {
      await bot.handleUpdate(update);
    } finally {
      endTimer?.();
      metrics?.updatesHandled.inc();
      if (recent.size >= 10_000) recent.clear();
      recent.add(update.update_id);
      leased.get(key)?.push(update.update_id);
    }
    // Marked handled once its answers are delivered (or given up), off the chat's queue: a crash
    // before that replays the update, and the ledger's idempotency makes the replay answer again.
    void sender.settled(update.update_id).then(() => inbox.markHandled(update.update_id));
  }

  /**
   * Waits until this instance holds the chat's lease (another instance may be handling the chat),
   * then handles the chat's earlier updates that instance left; false when `update` itself was
   * handled meanwhile by whoever held the chat.
   */
  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
  async function holdChat(key: string, update: Update): Promise<boolean> {
    if (options.alone) return true;
    let waited = false;
    for (;;) {
      let hold: Awaited<ReturnType<typeof inbox.holdChat<Update>>>;
      const processed = leased.get(key) ?? [];
      try {
        hold = await inbox.holdChat(key, update, processed);
      } catch (error) {
        // The database is away: handling anyway tells the sender nothing was recorded.
        logger.warn("could not take the chat's lease; handling without it", { error: firstLine(error) });
        return true;
      }
      // Those are marked processed now (the statement did it): only newer ones are kept.
      if (hold.held) {
        leased.set(key, []);
        const coverage = coverageOf(key);
        coverage.upTo = Math.max(coverage.upTo, update.update_id);
        for (const earlier of hold.earlier) if (!recent.has(earlier.update_id)) await handleNow(key, earlier);
        return !hold.done;
      }
      if (hold.done) return false;
      if (!waited) metrics?.chatLeaseWaits.inc();
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, LEASE_RETRY_MS));
    }
  }

  async function handleOnce(update: Update): Promise<void> {
    const key = chatKeyOf(update);
    // Only those that came before this one (or are this one): the store that claimed them may have stored updates of
    // this instance's queue that came before them too (still queued here, ahead of them).
    const claimed = earlierOf.get(key) ?? [];
    // The update itself may be among them (Telegram posted it again here while a dead instance's claim
    // on it looked alive, so it was to be skipped; the store claimed it since): handled then.
    const earlier = claimed.filter((before) => before.update_id <= update.update_id);
    const later = claimed.filter((before) => before.update_id > update.update_id);
    if (later.length > 0) earlierOf.set(key, later);
    else earlierOf.delete(key);
    for (const before of earlier) if (!recent.has(before.update_id)) await handleNow(key, before);
    if (seenBefore.delete(update.update_id) || recent.has(update.update_id)) {
      holding.get(key)?.stored.delete(update.update_id);
      logger.debug('skipped an update handled before', { update_id: update.update_id });
      metrics?.updatesSkipped.inc();
      return;
    }
    if (!covered(key, update) && !(await holdChat(key, update))) {
      logger.debug('skipped an update another instance handled', { update_id: update.update_id });
      metrics?.updatesSkipped.inc();
      return;
    }
    await handleNow(key, update);
  }

  /**
   * Gives up a chat's lease once nothing of it has been queued here for LEASE_LINGER_MS: a chat
   * that talks on keeps its lease without a statement per message to give it up and take it again.
   */
  function releaseIfIdle(key: string): void {
    const left = (queued.get(key) ?? 1) - 1;
    if (left > 0) {
      queued.set(key, left);
      return;
    }
    queued.delete(key);
    if (!leased.has(key)) return;
    clearTimeout(lingering.get(key));
    // A cost per chat that falls quiet, not per update: left out of the statement budget.
    const timer = setTimeout(() => inBackground(() => releaseLater(key)), LEASE_LINGER_MS);
    timer.unref();
    lingering.set(key, timer);
  }

  function releaseLater(key: string): void {
    lingering.delete(key);
    if (queued.has(key)) return;
    // Part of the chat's queue: an update arriving meanwhile waits for it, then takes the lease again.
    const release = (tails.get(key) ?? Promise.resolve()).then(() => giveUp(key));
    track(key, release);
  }

  async function giveUp(key: string): Promise<void> {
    if (queued.has(key)) return;
    const processed = leased.get(key);
    if (!processed) return;
    leased.delete(key);
    holding.delete(key);
    releases.set(key, (releases.get(key) ?? 0) + 1);
    await inbox
      .releaseChat(key, processed)
      .catch((error) => logger.warn("giving up a chat's lease failed", { error: firstLine(error) }));
  }

  /** Makes `work` the chat's queue tail, tracked for drain(). */
  function track(key: string, work: Promise<void>): void {
    const tail = work.catch(() => undefined);
    tails.set(key, tail);
    const tracked = tail.finally(() => {
      inFlight.delete(tracked);
      if (tails.get(key) === tail) tails.delete(key);
    });
    inFlight.add(tracked);
  }

  function enqueue(update: Update): Promise<void> {
    const key = chatKeyOf(update);
    queued.set(key, (queued.get(key) ?? 0) + 1);
    clearTimeout(lingering.get(key));
    lingering.delete(key);
    const previous = tails.get(key) ?? Promise.resolve();
    const handled = previous.then(() => handleOnce(update));
    track(
      key,
      handled.catch(() => undefined).then(() => releaseIfIdle(key)),
    );
    return handled;
  }

  /**
   * Stores a batch; the same statement takes the leases of its chats (several instances), so a
   * chat that talks on is handled without a statement per update for its lease.
   */
  async function store(updates: Update[]): Promise<void> {
    const keys = options.alone ? [] : [...new Set(updates.map(chatKeyOf))];
    const sent = new Map(keys.map((key) => [key, [...(leased.get(key) ?? [])]]));
    const releasedBefore = new Map(keys.map((key) => [key, releases.get(key) ?? 0]));
    const batch = await inbox.storeBatch(updates, {
      leaseKeys: keys,
      processedHere: [...sent.values()].flat(),
    });
    for (const id of batch.skip) seenBefore.add(id);
    for (const update of updates) rememberFacts(update, batch);
    for (const key of keys) {
      const raced = (releases.get(key) ?? 0) !== releasedBefore.get(key);
      noteLease(key, batch, {
        marked: new Set(sent.get(key)),
        raced,
        updates: updates.filter((u) => chatKeyOf(u) === key),
      });
    }
  }

  /** What storing a batch said of one chat's lease: kept or taken (its updates covered), or not. */
  function noteLease(
    key: string,
    batch: StoredBatch,
    stored: { marked: ReadonlySet<number>; raced: boolean; updates: readonly Update[] },
  ): void {
    const rest = (leased.get(key) ?? []).filter((id) => !stored.marked.has(id));
    if (batch.leased.has(key) && !stored.raced) {
      leased.set(key, rest);
      const coverage = coverageOf(key);
      for (const update of stored.updates) coverage.stored.add(update.update_id);
    } else if (!batch.leased.has(key)) {
      // Another instance holds the chat now: its updates wait for the lease (holdChat).
      holding.delete(key);
      if (leased.has(key)) leased.set(key, rest);
    }
    const before = batch.earlier.get(key) as Update[] | undefined;
    if (before) earlierOf.set(key, [...(earlierOf.get(key) ?? []), ...before]);
  }

  return {
    async receive(updates) {
      metrics?.updatesReceived.inc(updates.length);
      await store(updates);
    },
    async process(update) {
      while (inFlight.size >= MAX_WAITING) await Promise.race(inFlight);
      return { handled: enqueue(update) };
    },
    async takeOver(options = {}) {
      const pending = await inbox.takeOver<Update>();
      metrics?.updatesTakenOver.inc(pending.length);
      // Their chats ask for the lease again (holdChat), which puts these in order with the rest.
      for (const update of pending) holding.delete(chatKeyOf(update));
      const handled = pending.map((update) =>
        enqueue(update).catch((error) =>
          logger.error('handling a stored update failed', { update_id: update.update_id, error }),
        ),
      );
      if (options.wait) await Promise.all(handled);
      return pending.length;
    },
    async drain(timeoutMs) {
      const until = Date.now() + timeoutMs;
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      // Idle chats' leases are given up now rather than after their linger.
      for (const [key, timer] of lingering) {
        clearTimeout(timer);
        lingering.delete(key);
        await giveUp(key);
      }
      await sender.drain(Math.max(0, until - Date.now()));
      // Let the marks of answers delivered just now be taken before the last flush.
      await new Promise((resolve) => setImmediate(resolve));
      await inbox.flush();
    },
  };
}

/** The queue an update belongs to: its chat, or its sender where there is no chat. */
function chatKeyOf(update: Update): string {
  const chatId = chatIdOf(update);
  if (chatId !== null) return chatId;
  const fromId = update.callback_query?.from.id ?? update.inline_query?.from.id;
  return fromId === undefined ? 'none' : `user:${fromId}`;
}
