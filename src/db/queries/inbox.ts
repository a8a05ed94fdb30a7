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

export const markHandledSql = statement<[updateIds: readonly string[], at: string]>()(
  'mark updates handled',
  `UPDATE "InboundUpdate" SET "handledAt" = $2::timestamp
   WHERE "updateId" = ANY($1::bigint[]) AND "handledAt" IS NULL`,
  {},
);

export const unhandledUpdatesSql = statement<[]>()(
  'updates stored but not handled',
  `SELECT payload FROM "InboundUpdate" WHERE "handledAt" IS NULL ORDER BY "updateId"`,
  { payload: 'jsonb' },
);

export const pruneHandledSql = statement<[before: string]>()(
  'forget handled updates',
  `WITH gone AS (DELETE FROM "InboundUpdate" WHERE "handledAt" < $1::timestamp RETURNING 1)
   SELECT count(*)::int AS count FROM gone`,
  { count: 'int4' },
);

export const inboxStatements = [
  storeUpdatesSql,
  handledAmongSql,
  markHandledSql,
  unhandledUpdatesSql,
  pruneHandledSql,
];
