// The weekly export's page of users (export/source.ts), read by the export worker on its own pool.
import { isoUtc, statement } from '../sql.js';

export const userPageSql = statement<[afterId: number, limit: number]>()(
  'a page of users for the export',
  `SELECT u.id, u."telegramId"::text AS "telegramId", u.username, u."firstName", u."lastName", u.email,
          u.mobile, g.groups,
          COALESCE(p.paid, 0)::numeric(14, 2)::text AS "totalPaid",
          COALESCE(p.share, 0)::numeric(14, 2)::text AS "totalShare",
          u.net::text AS net,
          ${isoUtc('u."createdAt"')} AS "createdAt", ${isoUtc('u."updatedAt"')} AS "updatedAt"
   FROM "User" u
   LEFT JOIN LATERAL (
     SELECT COUNT(*)::int AS groups FROM "Membership" m WHERE m."userId" = u.id AND m."leftAt" IS NULL
   ) g ON true
   LEFT JOIN LATERAL (
     SELECT SUM(e.paid) AS paid, SUM(e.share) AS share FROM "PassbookEntry" e
     WHERE e."userId" = u.id AND e.kind IN ('EXPENSE', 'EXPENSE_UNDONE', 'EXPENSE_REVISED')
   ) p ON true
   WHERE u.id > $1::int
   ORDER BY u.id
   LIMIT $2::int`,
  {
    id: 'int4',
    telegramId: 'text',
    username: 'text?',
    firstName: 'text',
    lastName: 'text?',
    email: 'text?',
    mobile: 'text?',
    groups: 'int4',
    totalPaid: 'text',
    totalShare: 'text',
    net: 'text',
    createdAt: 'text',
    updatedAt: 'text',
  },
);

export const exportStatements = [userPageSql];
