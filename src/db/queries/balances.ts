// A group's pair balances with the people they name, in one statement: /balances's one read (the
// statement budget, BENCHMARKS.md), instead of the balances and then their people.
import { statement } from '../sql.js';

/** Non-zero pair balances of a group (amount as text: numeric), each with both people. */
export const pairBalancesWithPeopleSql = statement<[groupId: number]>()(
  "a group's non-zero pair balances with their people",
  `SELECT b."lowUserId" AS "lowUserId", b."highUserId" AS "highUserId", b.amount::text AS amount,
          jsonb_build_array(lo."telegramId"::text, lo."firstName", lo."lastName", lo.username) AS low,
          jsonb_build_array(hi."telegramId"::text, hi."firstName", hi."lastName", hi.username) AS high
   FROM "PairBalance" b
   JOIN "User" lo ON lo.id = b."lowUserId"
   JOIN "User" hi ON hi.id = b."highUserId"
   WHERE b."groupId" = $1::int AND b.amount <> 0`,
  { lowUserId: 'int4', highUserId: 'int4', amount: 'text', low: 'jsonb', high: 'jsonb' },
);

export const balanceStatements = [pairBalancesWithPeopleSql];
