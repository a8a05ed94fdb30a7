// Reminders: claims (one row per reminder, inserted before it is sent, so a restart or another
// instance never sends it again), and the reads of the weekly digest, which pages through people
// by id so that memory stays flat however many owe.
import { isoUtc, statement } from '../sql.js';

/** Claims a reminder; no row back when it was claimed already. */
export const claimReminderSql = statement<
  [kind: string, period: string, groupId: number, fromUserId: number, toUserId: number, at: string]
>()(
  'claim a reminder before sending it',
  `INSERT INTO "SentReminder" ("kind", "period", "groupId", "fromUserId", "toUserId", "claimedAt")
   VALUES ($1::text, $2::text, $3::int, $4::int, $5::int, $6::timestamp)
   ON CONFLICT ("kind", "period", "groupId", "fromUserId", "toUserId") DO NOTHING
   RETURNING id`,
  { id: 'int4' },
);

/** Claims a page of reminders of one kind and period at once; back come the ones newly claimed. */
export const claimRemindersSql = statement<
  [kind: string, period: string, groupIds: readonly number[], toUserIds: readonly number[], at: string]
>()(
  'claim a page of reminders',
  `INSERT INTO "SentReminder" ("kind", "period", "groupId", "fromUserId", "toUserId", "claimedAt")
   SELECT $1::text, $2::text, c.group_id, 0, c.to_user_id, $5::timestamp
   FROM unnest($3::int[], $4::int[]) AS c(group_id, to_user_id)
   ON CONFLICT ("kind", "period", "groupId", "fromUserId", "toUserId") DO NOTHING
   RETURNING id, "groupId", "toUserId"`,
  { id: 'int4', groupId: 'int4', toUserId: 'int4' },
);

/** Marks many delivered reminders at once. */
export const remindersDeliveredSql = statement<[ids: readonly number[], at: string]>()(
  'claimed reminders were delivered',
  `UPDATE "SentReminder" SET "deliveredAt" = $2::timestamp WHERE id = ANY($1::int[]) RETURNING id`,
  { id: 'int4' },
);

export const reminderDeliveredSql = statement<[id: number, at: string]>()(
  'a claimed reminder was delivered',
  `UPDATE "SentReminder" SET "deliveredAt" = $2::timestamp WHERE id = $1::int RETURNING id`,
  { id: 'int4' },
);

/** A /remind that could not be delivered is released, so the asker may try again once it can be. */
export const releaseReminderSql = statement<[id: number]>()(
  'release a reminder that could not be delivered',
  `DELETE FROM "SentReminder" WHERE id = $1::int RETURNING id`,
  { id: 'int4' },
);

/** The next page of people who belong (or belonged) to any group, by id. */
export const memberPageSql = statement<[afterUserId: number, limit: number]>()(
  'a page of people in groups, by id',
  `SELECT DISTINCT m."userId" FROM "Membership" m WHERE m."userId" > $1::int ORDER BY m."userId" LIMIT $2::int`,
  { userId: 'int4' },
);

export const peopleByIdSql = statement<[userIds: readonly number[]]>()(
  'people by id, with whether they can be written to',
  `SELECT id, "telegramId"::text AS "telegramId", "firstName", "lastName", username, "startedBot", "digestMuted"
   FROM "User" WHERE id = ANY($1::int[])`,
  {
    id: 'int4',
    telegramId: 'text',
    firstName: 'text',
    lastName: 'text?',
    username: 'text?',
    startedBot: 'bool',
    digestMuted: 'bool',
  },
);

export const groupsByIdSql = statement<[groupIds: readonly number[]]>()(
  'groups by id',
  `SELECT id, title, "chatId"::text AS "chatId" FROM "Group" WHERE id = ANY($1::int[])`,
  { id: 'int4', title: 'text', chatId: 'text' },
);

/**
 * Since when each debtor has owed each payer in a group: the first expense the payer paid with a
 * share for them after the debtor's last payment to that payer there. A debt that only netting
 * made (no such expense) has no age.
 */
export const debtSinceSql = statement<[debtorIds: readonly number[]]>()(
  'since when people have owed whom',
  `SELECT s."userId" AS debtor, e."payerId" AS creditor, e."groupId", ${isoUtc('min(e."createdAt")')} AS since
   FROM "ExpenseShare" s JOIN "Expense" e ON e.id = s."expenseId"
   WHERE s."userId" = ANY($1::int[]) AND e."deletedAt" IS NULL AND e."payerId" <> s."userId" AND s.share > 0
     AND e."createdAt" > COALESCE((
       SELECT max(t."createdAt") FROM "Settlement" t
       WHERE t."groupId" = e."groupId" AND t."fromUserId" = s."userId" AND t."toUserId" = e."payerId"
         AND t."deletedAt" IS NULL), '-infinity'::timestamp)
   GROUP BY s."userId", e."payerId", e."groupId"`,
  { debtor: 'int4', creditor: 'int4', groupId: 'int4', since: 'text' },
);

/** Groups that nudge debtors by themselves (`/reminders after 7 days`, `/reminders above 500`). */
export const nudgingGroupsSql = statement<[afterGroupId: number, limit: number]>()(
  'groups with automatic nudges',
  `SELECT id, "remindAfterDays", "remindAbove"::text AS "remindAbove" FROM "Group"
   WHERE ("remindAfterDays" IS NOT NULL OR "remindAbove" IS NOT NULL) AND id > $1::int
   ORDER BY id LIMIT $2::int`,
  { id: 'int4', remindAfterDays: 'int4?', remindAbove: 'text?' },
);

export const reminderStatements = [
  claimReminderSql,
  claimRemindersSql,
  remindersDeliveredSql,
  reminderDeliveredSql,
  releaseReminderSql,
  memberPageSql,
  peopleByIdSql,
  groupsByIdSql,
  debtSinceSql,
  nudgingGroupsSql,
];
