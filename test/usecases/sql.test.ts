// The plain-SQL path (db/sql.ts) on the test database: it sees what the Prisma client wrote (one
// database, one schema), a failing statement changes nothing, and the connection stays usable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statement } from '../../src/db/sql.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';

const telegramIdOf = statement<[userId: number]>()(
  'a telegram id as text',
  `SELECT "telegramId"::text AS "telegramId" FROM "User" WHERE id = $1::int`,
  { telegramId: 'text' },
);
const arrayFacts = statement<[values: readonly (string | null)[], at: string]>()(
  'facts about an array with nulls',
  `SELECT count(*)::int AS n, sum(v)::text AS sum, count(*) FILTER (WHERE v IS NULL)::int AS nulls,
          to_char($2::timestamp, 'YYYY-MM-DD HH24:MI:SS.MS') AS at
   FROM unnest($1::numeric[]) AS v`,
  { n: 'int4', sum: 'text', nulls: 'int4', at: 'text' },
);
const halfWrite = statement<[telegramId: string]>()(
  'a write that fails half-way',
  `WITH made AS (
     INSERT INTO "User" ("telegramId", "firstName", "updatedAt") VALUES ($1::bigint, 'Half', now()) RETURNING id
   )
   SELECT id / 0 AS never FROM made`,
  { never: 'int4' },
);
const one = statement<[]>()('one', 'SELECT 1 AS one', { one: 'int4' });

describe('plain SQL beside the Prisma client', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('reads rows the Prisma client wrote, with bigints as text', async () => {
    const user = await db.prisma.user.create({
      data: { telegramId: 9_007_199_254_740_993n, firstName: 'Big' },
    });
    const rows = await db.sql.run(telegramIdOf, [user.id]);
    expect(rows).toEqual([{ telegramId: '9007199254740993' }]);
  });

  it('passes arrays with nulls and text timestamps as the SQL casts them', async () => {
    const rows = await db.sql.run(arrayFacts, [['1.10', null, '2.25'], '2026-11-28T17:05:09.123Z']);
    expect(rows).toEqual([{ n: 3, sum: '3.35', nulls: 1, at: '2026-11-28 17:05:09.123' }]);
  });

  it('leaves nothing behind when a statement fails half-way, and the database stays usable', async () => {
    await expect(db.sql.run(halfWrite, ['7002'])).rejects.toThrow(/division by zero/);
    expect(await db.prisma.user.count({ where: { telegramId: 7002n } })).toBe(0);
    expect(await db.sql.run(one, [])).toEqual([{ one: 1 }]);
  });
});
