// Who is who, on the path of every /paid: the people a command names, or everyone in the group.
import { statement } from '../sql.js';

/** The columns of a person, read from "User" u (telegramId as text: it is a bigint). */
const PERSON = `u.id, u."telegramId"::text AS "telegramId", u."firstName", u."lastName", u.username`;
const PERSON_COLUMNS = {
  id: 'int4',
  telegramId: 'text',
  firstName: 'text',
  lastName: 'text?',
  username: 'text?',
} as const;

export const membersByUsernameSql = statement<[groupId: number, usernameKeys: readonly string[]]>()(
  'members and former members with these usernames',
  `SELECT ${PERSON}, u."usernameKey"
   FROM "User" u JOIN "Membership" m ON m."userId" = u.id AND m."groupId" = $1::int
   WHERE u."usernameKey" = ANY($2::text[])
   ORDER BY m."leftAt" IS NULL DESC, u."updatedAt" DESC`,
  { ...PERSON_COLUMNS, usernameKey: 'text?' },
);

export const activeMembersSql = statement<[groupId: number]>()(
  'current members of a group',
  `SELECT ${PERSON}
   FROM "User" u JOIN "Membership" m ON m."userId" = u.id AND m."groupId" = $1::int AND m."leftAt" IS NULL
   ORDER BY u.id`,
  PERSON_COLUMNS,
);

/**
 * Records that someone is (again) a member: writes only when they were not one (a new member, or one
 * who had left), so the statement every group message makes is a read of one row otherwise. Sent
 * every time rather than cached: another instance may have recorded a leave a moment ago.
 */
export const rememberMemberSql = statement<[groupId: number, userId: number]>()(
  'record a current member',
  `INSERT INTO "Membership" ("groupId", "userId") VALUES ($1::int, $2::int)
   ON CONFLICT ("groupId", "userId") DO UPDATE SET "leftAt" = NULL WHERE "Membership"."leftAt" IS NOT NULL`,
  {},
);

/** Records someone a command names: known in the group from then on; a former member stays former. */
export const rememberMentionedSql = statement<[groupId: number, userId: number]>()(
  'record someone a command names in a group',
  // Named is not joined: someone never seen in the group is recorded as not a member (leftAt set),
  // so they can share an expense and be settled with, but are not in "everyone" and cannot open
  // the group's pages, until they join or write here themselves.
  `INSERT INTO "Membership" ("groupId", "userId", "leftAt") VALUES ($1::int, $2::int, now())
   ON CONFLICT ("groupId", "userId") DO NOTHING`,
  {},
);

export const memberStatements = [
  membersByUsernameSql,
  activeMembersSql,
  rememberMemberSql,
  rememberMentionedSql,
];
