// The update inbox (usecases/inbox.ts): on the path of every update.
import { statement } from '../sql.js';

export const storeUpdatesSql = statement<
  [updateIds: readonly string[], chatIds: readonly (string | null)[], payloads: readonly string[], at: string]
>()(
  'store fetched updates',
  `INSERT INTO "InboundUpdate" ("updateId", "chatId", "payload", "receivedAt")
   SELECT u.id::bigint, u.chat::bigint, u.payload::jsonb, $4::timestamp
   FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, chat, payload)
   ON CONFLICT ("updateId") DO NOTHING
   RETURNING "updateId"::text AS "updateId"`,
  { updateId: 'text' },
);

export const handledAmongSql = statement<[updateIds: readonly string[]]>()(
  'which of these updates were handled',
  `SELECT "updateId"::text AS "updateId" FROM "InboundUpdate"
   WHERE "updateId" = ANY($1::bigint[]) AND "handledAt" IS NOT NULL`,
  { updateId: 'text' },
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

export const unhandledUpdatesSql = statement<[]>()(
  'updates stored but not handled',
  `SELECT payload FROM "InboundUpdate" WHERE "handledAt" IS NULL ORDER BY "updateId"`,
  { payload: 'jsonb' },
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

export const inboxStatements = [
  storeUpdatesSql,
  handledAmongSql,
  markHandledSql,
  unhandledUpdatesSql,
  pruneStoredSql,
];
