// What storing an update in the inbox learned about it (usecases/inbox.ts, one statement per batch),
// handed to the middleware that would otherwise ask the database again: the sender's place in
// their flood window, and whether they are a known member of the group. Keyed by the update
// object itself, which grammY hands to the context as ctx.update; an update handled without them
// (replayed after a restart, or the database was away when it arrived) takes the ordinary path.
import type { StoredBatch } from '../usecases/inbox.js';

export interface UpdateFacts {
  flood?: { count: number; windowStartedAt: Date };
  /** Current members of the chat's group among the batch's senders, as `groupId:userId`. */
  members: ReadonlySet<string>;
}

const facts = new WeakMap<object, UpdateFacts>();

export function rememberFacts(update: { update_id: number }, batch: StoredBatch): void {
  const flood = batch.flood.get(update.update_id);
  facts.set(update, { members: batch.members, ...(flood ? { flood } : {}) });
}

export function factsOf(update: object): UpdateFacts | undefined {
  return facts.get(update);
}
