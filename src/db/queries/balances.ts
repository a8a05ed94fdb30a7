// Groups' debts as everyone is told them (usecases/balances.ts), read in one statement: the
// non-zero pair balances, the group's view setting and currency, its latest /settleup with the
// rows already paid by their buttons, and (when asked) the people all that names. /balances costs
// this one read (the statement budget, BENCHMARKS.md) instead of five.
import { statement } from '../sql.js';

/**
 * One row per group of `groupIds`:
 * - `pairs`: [lowUserId, highUserId, amount as text] per non-zero pair balance;
 * - `plan`: the latest SettleUpPlan's transfers as stored (null when none was kept);
 * - `paid`: [fromUserId, toUserId] of that plan's offers paid by a payment not undone since;
 * - `people`: with `withPeople`, [id, telegramId as text, firstName, lastName, username] of everyone
 *   in the pairs or the plan, else [].
 */
export const groupViewsSql = statement<[groupIds: readonly number[], withPeople: boolean]>()(
  "groups' pair balances, view, latest plan and people",
  `WITH groups AS (
     SELECT g.id, g."simplifyDebts", g.currency FROM "Group" g WHERE g.id = ANY($1::int[])
   ), pairs AS (
     SELECT b."groupId", b."lowUserId", b."highUserId", b.amount FROM "PairBalance" b
     WHERE b."groupId" = ANY($1::int[]) AND b.amount <> 0
   ), plans AS (
     SELECT DISTINCT ON (p."groupId") p.id, p."groupId", p.transfers FROM "SettleUpPlan" p
     WHERE p."groupId" = ANY($1::int[]) ORDER BY p."groupId", p.id DESC
   ), paid AS (
     SELECT plans."groupId", o."fromUserId", o."toUserId" FROM plans
     JOIN "SettleUpOffer" o ON o."planId" = plans.id
     JOIN "Settlement" s ON s.id = o."settlementId" AND s."deletedAt" IS NULL
   ), named AS (
     SELECT "groupId", "lowUserId" AS "userId" FROM pairs
     UNION SELECT "groupId", "highUserId" FROM pairs
     UNION SELECT plans."groupId", (t.value ->> side)::int FROM plans
       CROSS JOIN LATERAL jsonb_array_elements(
         CASE WHEN jsonb_typeof(plans.transfers::jsonb) = 'array' THEN plans.transfers::jsonb ELSE '[]'::jsonb END) t
       CROSS JOIN unnest(ARRAY['from', 'to']) AS side
   )
   SELECT g.id, g."simplifyDebts" AS simplify, g.currency,
     coalesce((SELECT jsonb_agg(jsonb_build_array(p."lowUserId", p."highUserId", p.amount::text))
               FROM pairs p WHERE p."groupId" = g.id), '[]'::jsonb) AS pairs,
     (SELECT pl.transfers::jsonb FROM plans pl WHERE pl."groupId" = g.id) AS plan,
     coalesce((SELECT jsonb_agg(jsonb_build_array(x."fromUserId", x."toUserId"))
               FROM paid x WHERE x."groupId" = g.id), '[]'::jsonb) AS paid,
     CASE WHEN $2::bool THEN
       coalesce((SELECT jsonb_agg(jsonb_build_array(u.id, u."telegramId"::text, u."firstName", u."lastName", u.username))
                 FROM "User" u WHERE u.id IN (SELECT n."userId" FROM named n WHERE n."groupId" = g.id)), '[]'::jsonb)
     ELSE '[]'::jsonb END AS people
   FROM groups g`,
  {
    id: 'int4',
    simplify: 'bool',
    currency: 'text',
    pairs: 'jsonb',
    plan: 'jsonb?',
    paid: 'jsonb',
    people: 'jsonb',
  },
);

export const balanceStatements = [groupViewsSql];
