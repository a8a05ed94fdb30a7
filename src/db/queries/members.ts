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

export const memberStatements = [membersByUsernameSql, activeMembersSql];
