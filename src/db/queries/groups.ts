// Groups by chat id: the lookup every update from an unknown (or expired) chat makes, and moving a
// group to a new chat id (a group upgraded to a supergroup) or erasing it, each one stored function.
import { statement } from '../sql.js';

/**
 * The group of a chat, created when new (or its title refreshed). A chat id the group had before
 * it moved (GroupChatAlias) resolves to that group and leaves its title alone: the old chat's title
 * is not the group's any more.
 */
export const learnGroupSql = statement<[chatId: string, title: string, at: string]>()(
  'the group of a chat',
  `WITH moved AS (
     SELECT g.id, g.title, g.currency FROM "GroupChatAlias" a JOIN "Group" g ON g.id = a."groupId"
     WHERE a."chatId" = $1::bigint
   ), learned AS (
     INSERT INTO "Group" ("chatId", "title", "updatedAt")
     SELECT $1::bigint, $2::text, $3::timestamp WHERE NOT EXISTS (SELECT 1 FROM moved)
     ON CONFLICT ("chatId") DO UPDATE SET "title" = EXCLUDED."title", "updatedAt" = EXCLUDED."updatedAt"
     RETURNING id, title, currency
   )
   SELECT id, title, currency FROM learned UNION ALL SELECT id, title, currency FROM moved`,
  { id: 'int4', title: 'text', currency: 'text' },
);

/** Moves a chat's group to a new chat id, merging a group the new chat has (hisaab_move_group). */
export const moveGroupSql = statement<
  [fromChatId: string, toChatId: string, title: string | null, at: string]
>()(
  'move a group to a new chat id',
  `SELECT r.group_id AS "groupId", r.moved, r.merged_group_id AS "mergedGroupId"
   FROM hisaab_move_group(p_from_chat_id => $1::bigint, p_to_chat_id => $2::bigint, p_title => $3::text,
     p_at => $4::timestamp) r`,
  { groupId: 'int4', moved: 'bool', mergedGroupId: 'int4?' },
);

/**
 * Marks that the group just recorded a split among everyone (the marker only moves forward), and
 * returns which of `userIds` became members after the previous one: none for the group's first.
 * The group's row lock orders concurrent everyone-splits.
 */
export const markEveryoneSplitSql = statement<[groupId: number, at: string, userIds: readonly number[]]>()(
  'mark an everyone-split and list who joined since the previous one',
  `WITH previous AS (
     SELECT id, "lastEveryoneSplitAt" AS at FROM "Group" WHERE id = $1::int FOR UPDATE
   ), marked AS (
     UPDATE "Group" g SET "lastEveryoneSplitAt" = GREATEST(p.at, $2::timestamp)
     FROM previous p WHERE g.id = p.id
     RETURNING g.id
   )
   SELECT m."userId" FROM "Membership" m JOIN previous p ON p.at IS NOT NULL
   WHERE m."groupId" = $1::int AND m."userId" = ANY($3::int[]) AND m."joinedAt" > p.at
   ORDER BY m."joinedAt", m."userId"`,
  { userId: 'int4' },
);

export const groupStatements = [learnGroupSql, moveGroupSql, markEveryoneSplitSql];

/** Erases a whole group and everything of it (hisaab_erase_group): what went, and its receipts' keys. */
export const eraseGroupSql = statement<[groupId: number]>()(
  'erase a group',
  `SELECT r.expenses, r.payments, r.receipt_keys AS "receiptKeys"
   FROM hisaab_erase_group(p_group_id => $1::int4) r`,
  { expenses: 'int4', payments: 'int4', receiptKeys: 'jsonb' },
);
