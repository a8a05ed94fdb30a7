// The update inbox (usecases/inbox.ts): on the path of every update.
import { isoUtc, statement } from '../sql.js';

/**
 * Stores a fetched batch, claimed by this instance, and in the same round trip does what every
 * update needs from the database before it is handled (BENCHMARKS.md, the statement budget):
 * - `skip`: of the updates stored before (Telegram sending them again), those handled, or held by
 *   another instance whose lease is live;
 * - `flood`: counts the commands among the newly stored updates in their senders' flood windows
 *   (`floodIds`: the sender's Telegram id when the update counts, else null; `floodAt`: the app's
 *   clock), shared by every instance, returning each window after the batch;
 * - `members`: which senders (`senderIds`, people writing in a group) are current members of the
 *   chat's group, as [groupId, userId], so a known member costs no membership statement;
 * - `leased`: takes (or keeps) the lease of each chat in `leaseKeys` for this instance, unless
 *   another live instance holds it (none asked on the embedded database), marks `processedHere`
 *   processed, and claims the leased chats' earlier updates that no instance has processed
 *   (`earlier`, oldest first): stored by another instance, or left by one that died.
 */
export const storeUpdatesSql = statement<
  [
    updateIds: readonly string[],
    chatIds: readonly (string | null)[],
    payloads: readonly string[],
    at: string,
    claimedBy: string,
    claimedUntil: string,
    floodIds: readonly (string | null)[],
    floodWindowSeconds: number,
    senderIds: readonly (string | null)[],
    leaseKeys: readonly string[],
    processedHere: readonly string[],
    floodAt: string,
  ]
>()(
  'store fetched updates, claimed by this instance, with their leases, flood counts and members',
  `WITH batch AS (
     SELECT u.id::bigint AS id, u.chat::bigint AS chat, u.payload::jsonb AS payload,
            u.flood::bigint AS flood, u.sender::bigint AS sender
     FROM unnest($1::text[], $2::text[], $3::text[], $7::text[], $9::text[]) AS u(id, chat, payload, flood, sender)
   ), inserted AS (
     INSERT INTO "InboundUpdate" ("updateId", "chatId", "payload", "receivedAt", "claimedBy", "claimedUntil")
     SELECT id, chat, payload, $4::timestamp, $5::text, $6::timestamp FROM batch
     ON CONFLICT ("updateId") DO NOTHING
     RETURNING "updateId"
   ), skipped AS (
     SELECT i."updateId" FROM "InboundUpdate" i
     WHERE i."updateId" IN (SELECT id FROM batch)
       AND (i."handledAt" IS NOT NULL OR (i."claimedBy" IS DISTINCT FROM $5::text AND i."claimedUntil" > $4::timestamp))
   ), flood AS (
     INSERT INTO "FloodWindow" ("telegramId", "startedAt", "count")
     SELECT b.flood, $12::timestamp, count(*)::int FROM batch b JOIN inserted n ON n."updateId" = b.id
     WHERE b.flood IS NOT NULL GROUP BY b.flood ORDER BY b.flood
     ON CONFLICT ("telegramId") DO UPDATE SET
       "startedAt" = CASE WHEN "FloodWindow"."startedAt" <= $12::timestamp - make_interval(secs => $8::int)
                          THEN EXCLUDED."startedAt" ELSE "FloodWindow"."startedAt" END,
       "count" = CASE WHEN "FloodWindow"."startedAt" <= $12::timestamp - make_interval(secs => $8::int)
                      THEN EXCLUDED."count" ELSE "FloodWindow"."count" + EXCLUDED."count" END
     RETURNING "telegramId", "count", "startedAt"
   ), members AS (
     SELECT DISTINCT m."groupId", m."userId" FROM batch b
     JOIN "User" u ON u."telegramId" = b.sender
     JOIN "Membership" m ON m."userId" = u.id AND m."leftAt" IS NULL
     WHERE b.sender IS NOT NULL
       AND m."groupId" IN (SELECT g.id FROM "Group" g WHERE g."chatId" = b.chat
                           UNION ALL SELECT a."groupId" FROM "GroupChatAlias" a WHERE a."chatId" = b.chat)
   ), lease AS (
     INSERT INTO "ChatLease" ("chatKey", "holder", "until")
     SELECT k, $5::text, $6::timestamp FROM unnest($10::text[]) AS k ORDER BY k
     ON CONFLICT ("chatKey") DO UPDATE SET "holder" = EXCLUDED."holder",
       "until" = CASE WHEN "ChatLease"."holder" = EXCLUDED."holder"
                      THEN GREATEST("ChatLease"."until", EXCLUDED."until") ELSE EXCLUDED."until" END
     WHERE "ChatLease"."holder" = EXCLUDED."holder" OR "ChatLease"."until" <= $4::timestamp
     RETURNING "chatKey"
   ), processed AS (
     UPDATE "InboundUpdate" SET "processedAt" = $4::timestamp
     WHERE "updateId" = ANY($11::bigint[]) AND "processedAt" IS NULL
   ), firsts AS (
     SELECT b.chat, min(b.id) AS first FROM batch b
     WHERE b.chat IS NOT NULL AND b.chat::text IN (SELECT "chatKey" FROM lease) GROUP BY b.chat
   ), earlier AS (
     UPDATE "InboundUpdate" u SET "claimedBy" = $5::text, "claimedUntil" = $6::timestamp
     FROM firsts f
     WHERE u."chatId" = f.chat AND u."updateId" < f.first AND u."handledAt" IS NULL AND u."processedAt" IS NULL
       AND u."claimedBy" IS DISTINCT FROM $5::text AND NOT (u."updateId" = ANY($11::bigint[]))
     RETURNING u."chatId", u."updateId", u.payload
   )
   SELECT
     (SELECT coalesce(jsonb_agg("updateId"::text), '[]'::jsonb) FROM inserted) AS inserted,
     (SELECT coalesce(jsonb_agg("updateId"::text), '[]'::jsonb) FROM skipped) AS skip,
     (SELECT coalesce(jsonb_agg(jsonb_build_array("telegramId"::text, "count", ${isoUtc('"startedAt"')})), '[]'::jsonb)
      FROM flood) AS flood,
     (SELECT coalesce(jsonb_agg(jsonb_build_array("groupId", "userId")), '[]'::jsonb) FROM members) AS members,
     (SELECT coalesce(jsonb_agg("chatKey"), '[]'::jsonb) FROM lease) AS leased,
     (SELECT coalesce(jsonb_agg(jsonb_build_array("chatId"::text, payload) ORDER BY "updateId"), '[]'::jsonb)
      FROM earlier) AS earlier`,
  { inserted: 'jsonb', skip: 'jsonb', flood: 'jsonb', members: 'jsonb', leased: 'jsonb', earlier: 'jsonb' },
);

// storeUpdatesSql and holdChatSql keep a lease's end when they only keep the lease: a statement whose
// end was computed before another one extended it (it waited for the database, or the process was
// stalled) must not shorten it, or another instance could take the chat while this one handles it.

/**
 * Takes over unhandled updates nobody holds (a lease that expired: its instance died; or none),
 * oldest first. SKIP LOCKED: two instances taking over at once split the rows, never share one.
 */
export const claimUnheldSql = statement<[instance: string, until: string, now: string, limit: number]>()(
  'take over unhandled updates whose claim expired',
  `UPDATE "InboundUpdate" u SET "claimedBy" = $1::text, "claimedUntil" = $2::timestamp
   FROM (SELECT "updateId" FROM "InboundUpdate"
         WHERE "handledAt" IS NULL AND ("claimedUntil" IS NULL OR "claimedUntil" <= $3::timestamp)
         ORDER BY "updateId" LIMIT $4::int FOR UPDATE SKIP LOCKED) free
   WHERE u."updateId" = free."updateId"
   RETURNING u."updateId"::text AS "updateId", u.payload`,
  { updateId: 'text', payload: 'jsonb' },
);

/** Renews this instance's claims on the updates it has not finished. */
export const renewClaimsSql = statement<[instance: string, until: string]>()(
  "renew this instance's claims",
  `UPDATE "InboundUpdate" SET "claimedUntil" = $2::timestamp
   WHERE "claimedBy" = $1::text AND "handledAt" IS NULL`,
  {},
);

// A private chat's payload (a positive chat id, as Telegram numbers users' chats) is cut down to its
// update_id in the same statement: only the id is needed once handled (to skip redeliveries).
// The message ids of confirmations delivered meanwhile (a correction edits that message) are noted
// by the same statement: one round trip after the answers instead of two (the statement budget).
export const markHandledSql = statement<
  [updateIds: readonly string[], at: string, expenseIds: readonly number[], messageIds: readonly number[]]
>()(
  'mark updates handled, redacting private chats, and note confirmation messages',
  `WITH confirmations AS (
     UPDATE "Expense" e SET "confirmationMessageId" = c.message
     FROM unnest($3::int[], $4::int[]) AS c(id, message)
     WHERE e.id = c.id AND e."confirmationMessageId" IS NULL
   )
   UPDATE "InboundUpdate"
   SET "handledAt" = $2::timestamp,
       "payload" = CASE WHEN "chatId" > 0 THEN jsonb_build_object('update_id', "updateId") ELSE "payload" END
   WHERE "updateId" = ANY($1::bigint[]) AND "handledAt" IS NULL`,
  {},
);

export const pruneStoredSql = statement<[before: string]>()(
  'forget updates handled, or stored and never handled, before a time',
  `WITH gone AS (
     DELETE FROM "InboundUpdate"
     WHERE "handledAt" < $1::timestamp OR ("handledAt" IS NULL AND "receivedAt" < $1::timestamp)
     RETURNING "handledAt"
   )
   SELECT count("handledAt")::int AS handled, (count(*) - count("handledAt"))::int AS unhandled FROM gone`,
  { handled: 'int4', unhandled: 'int4' },
);

/**
 * Takes (or keeps) a chat's lease for this instance, unless another live instance holds it; when
 * taken, claims the chat's earlier updates that no instance has processed yet (stored by another
 * instance that is waiting for the lease, left by one that died, or taken over and queued here
 * behind this one; `processedHere` are those this instance handled under the lease since its last
 * call, marked processed by the same statement so that waiting instances learn it at once),
 * oldest first, for this instance to handle before
 * `updateId`. `done`: that update was handled, or processed by another instance that is alive (it
 * delivers the answers); one processed by an instance that died before answering is not done: it
 * is handled again (the ledger is idempotent per message, so that only answers again).
 */
export const holdChatSql = statement<
  [
    chatKey: string,
    instance: string,
    until: string,
    now: string,
    chatId: string | null,
    updateId: string,
    processedHere: readonly string[],
  ]
>()(
  "take a chat's lease and its earlier unprocessed updates",
  `WITH lease AS (
     INSERT INTO "ChatLease" ("chatKey", "holder", "until") VALUES ($1::text, $2::text, $3::timestamp)
     ON CONFLICT ("chatKey") DO UPDATE SET "holder" = EXCLUDED."holder",
       "until" = CASE WHEN "ChatLease"."holder" = EXCLUDED."holder"
                      THEN GREATEST("ChatLease"."until", EXCLUDED."until") ELSE EXCLUDED."until" END
     WHERE "ChatLease"."holder" = EXCLUDED."holder" OR "ChatLease"."until" <= $4::timestamp
     RETURNING 1
   ), processed AS (
     UPDATE "InboundUpdate" SET "processedAt" = $4::timestamp
     WHERE "updateId" = ANY($7::bigint[]) AND "processedAt" IS NULL
   ), earlier AS (
     UPDATE "InboundUpdate" u SET "claimedBy" = $2::text, "claimedUntil" = $3::timestamp
     WHERE EXISTS (SELECT 1 FROM lease) AND u."chatId" = $5::bigint AND u."updateId" < $6::bigint
       AND u."handledAt" IS NULL AND u."processedAt" IS NULL AND NOT (u."updateId" = ANY($7::bigint[]))
     RETURNING u."updateId", u.payload
   )
   SELECT EXISTS (SELECT 1 FROM lease) AS held,
          EXISTS (SELECT 1 FROM "InboundUpdate" d WHERE d."updateId" = $6::bigint
                  AND (d."handledAt" IS NOT NULL
                       OR (d."processedAt" IS NOT NULL AND d."claimedBy" IS DISTINCT FROM $2::text
                           AND d."claimedUntil" > $4::timestamp))) AS done,
          coalesce((SELECT jsonb_agg(e.payload ORDER BY e."updateId") FROM earlier e), '[]'::jsonb) AS earlier`,
  { held: 'bool', done: 'bool', earlier: 'jsonb' },
);

/** Gives up a chat's lease, marking the updates this instance processed under it in the same statement. */
export const releaseChatSql = statement<
  [chatKey: string, instance: string, processedIds: readonly string[], at: string]
>()(
  "give up a chat's lease, marking what was processed under it",
  `WITH processed AS (
     UPDATE "InboundUpdate" SET "processedAt" = $4::timestamp
     WHERE "updateId" = ANY($3::bigint[]) AND "processedAt" IS NULL
   )
   DELETE FROM "ChatLease" WHERE "chatKey" = $1::text AND "holder" = $2::text`,
  {},
);

/** Renews this instance's chat leases (with its update claims, well within the lease). */
export const renewChatLeasesSql = statement<[instance: string, until: string]>()(
  "renew this instance's chat leases",
  `UPDATE "ChatLease" SET "until" = $2::timestamp WHERE "holder" = $1::text`,
  {},
);

/** Gives up every chat lease this instance holds (a clean stop). */
export const releaseChatLeasesSql = statement<[instance: string]>()(
  "give up this instance's chat leases",
  `DELETE FROM "ChatLease" WHERE "holder" = $1::text`,
  {},
);

/** Ends every claim (the embedded database at start: no other process can hold one; see inbox.ts). */
export const endAllClaimsSql = statement<[]>()(
  'end every claim on unhandled updates',
  `UPDATE "InboundUpdate" SET "claimedUntil" = NULL WHERE "handledAt" IS NULL AND "claimedUntil" IS NOT NULL`,
  {},
);

export const inboxStatements = [
  endAllClaimsSql,
  holdChatSql,
  releaseChatSql,
  renewChatLeasesSql,
  releaseChatLeasesSql,
  storeUpdatesSql,
  claimUnheldSql,
  renewClaimsSql,
  markHandledSql,
  pruneStoredSql,
];
