// The update inbox (usecases/inbox.ts): on the path of every update.
import { statement } from '../sql.js';

export const storeUpdatesSql = statement<
  [
    updateIds: readonly string[],
    chatIds: readonly (string | null)[],
    payloads: readonly string[],
    at: string,
    claimedBy: string,
    claimedUntil: string,
  ]
>()(
  'store fetched updates, claimed by this instance',
  `INSERT INTO "InboundUpdate" ("updateId", "chatId", "payload", "receivedAt", "claimedBy", "claimedUntil")
   SELECT u.id::bigint, u.chat::bigint, u.payload::jsonb, $4::timestamp, $5::text, $6::timestamp
   FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, chat, payload)
   ON CONFLICT ("updateId") DO NOTHING
   RETURNING "updateId"::text AS "updateId"`,
  { updateId: 'text' },
);

/** Of updates stored before: those handled, or held by another instance whose lease is live. */
export const notOursToHandleSql = statement<[updateIds: readonly string[], instance: string, now: string]>()(
  'which of these updates are handled or held by another live instance',
  `SELECT "updateId"::text AS "updateId" FROM "InboundUpdate"
   WHERE "updateId" = ANY($1::bigint[])
     AND ("handledAt" IS NOT NULL OR ("claimedBy" IS DISTINCT FROM $2::text AND "claimedUntil" > $3::timestamp))`,
  { updateId: 'text' },
);

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
export const markHandledSql = statement<[updateIds: readonly string[], at: string]>()(
  'mark updates handled, redacting private chats',
  `UPDATE "InboundUpdate"
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
     ON CONFLICT ("chatKey") DO UPDATE SET "holder" = EXCLUDED."holder", "until" = EXCLUDED."until"
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
  notOursToHandleSql,
  claimUnheldSql,
  renewClaimsSql,
  markHandledSql,
  pruneStoredSql,
];
