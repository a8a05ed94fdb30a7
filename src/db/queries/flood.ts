// The flood guard's count (usecases/flood-guard.ts), shared by every instance on the database.
import { isoUtc, statement } from '../sql.js';

/** Counts one command of a user in their current window (a new window once the last one is over). */
export const countCommandSql = statement<[telegramId: string, at: string, windowSeconds: number]>()(
  "count a user's command in their flood window",
  `INSERT INTO "FloodWindow" ("telegramId", "startedAt", "count") VALUES ($1::bigint, $2::timestamp, 1)
   ON CONFLICT ("telegramId") DO UPDATE SET
     "startedAt" = CASE WHEN "FloodWindow"."startedAt" <= $2::timestamp - make_interval(secs => $3::int)
                        THEN EXCLUDED."startedAt" ELSE "FloodWindow"."startedAt" END,
     "count" = CASE WHEN "FloodWindow"."startedAt" <= $2::timestamp - make_interval(secs => $3::int)
                    THEN 1 ELSE "FloodWindow"."count" + 1 END
   RETURNING "count", ${isoUtc('"startedAt"')} AS "startedAt"`,
  { count: 'int4', startedAt: 'text' },
);

export const floodStatements = [countCommandSql];
