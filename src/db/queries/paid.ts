// What reading a /paid needs from the database, in one statement (the statement budget,
// BENCHMARKS.md): the group's current members (names, @usernames, everyone), whether the message
// recorded an expense already (Telegram sending it again), and the group's expenses of the last day
// (a likely duplicate is one of them). Recording then uses the same members: no second read.
import { statement } from '../sql.js';

/**
 * - `members`: [id, telegramId as text, firstName, lastName, username] of each current member, by id;
 * - `recorded`: [id, number] of the group's expense this message recorded, or null;
 * - `recent`: [id, number, createdAt ISO, payerId, amount as text, description] of the group's
 *   standing expenses created since `since`, newest first (at most 500).
 */
export const paidContextSql = statement<
  [groupId: number, chatId: string, messageId: number, since: string]
>()(
  "a /paid's members, its message's expense and the day's expenses",
  `SELECT
     coalesce((SELECT jsonb_agg(jsonb_build_array(u.id, u."telegramId"::text, u."firstName", u."lastName", u.username) ORDER BY u.id)
               FROM "User" u JOIN "Membership" m ON m."userId" = u.id
               WHERE m."groupId" = $1::int AND m."leftAt" IS NULL), '[]'::jsonb) AS members,
     (SELECT jsonb_build_array(e.id, e.number) FROM "Expense" e
      WHERE e."sourceChatId" = $2::bigint AND e."sourceMessageId" = $3::int AND e."groupId" = $1::int) AS recorded,
     coalesce((SELECT jsonb_agg(jsonb_build_array(r.id, r.number, to_char(r."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                                  r."payerId", r.amount::text, r.description) ORDER BY r.id DESC)
               FROM (SELECT e.id, e.number, e."createdAt", e."payerId", e.amount, e.description FROM "Expense" e
                     WHERE e."groupId" = $1::int AND e."deletedAt" IS NULL
                       AND e."createdAt" >= $4::timestamp
                     ORDER BY e.id DESC LIMIT 500) r), '[]'::jsonb) AS recent`,
  { members: 'jsonb', recorded: 'jsonb?', recent: 'jsonb' },
);

export const paidStatements = [paidContextSql];
