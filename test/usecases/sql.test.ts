// The plain-SQL path (db/sql.ts) on the test database: what it commits, what it rolls back, and
// that it sees what the Prisma client wrote (one database, one schema).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

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
    const rows = await db.sql.query<{ telegramId: string }>(
      `SELECT "telegramId"::text AS "telegramId" FROM "User" WHERE id = $1::int`,
      [user.id],
    );
    expect(rows).toEqual([{ telegramId: '9007199254740993' }]);
  });

  it('commits a transaction that resolves', async () => {
    const id = await db.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO "User" ("telegramId", "firstName", "updatedAt") VALUES ($1::bigint, $2, now()) RETURNING id`,
        ['7001', 'Committed'],
      );
      return row?.id;
    });
    expect(await db.prisma.user.findUnique({ where: { id: id as number } })).toMatchObject({
      firstName: 'Committed',
    });
  });

  it('rolls back everything a failing transaction wrote, and the database stays usable', async () => {
    await expect(
      db.sql.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO "User" ("telegramId", "firstName", "updatedAt") VALUES ($1::bigint, $2, now())`,
          ['7002', 'Rolled back'],
        );
        await tx.query('SELECT 1 / 0');
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await db.prisma.user.count({ where: { telegramId: 7002n } })).toBe(0);
    expect(await db.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('keeps concurrent transactions on the same row from losing an update', async () => {
    const user = await db.prisma.user.create({ data: { telegramId: 7003n, firstName: 'Counter' } });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.sql.transaction(async (tx) => {
          // Read, then write what was read plus 1.25: only the lock held to the end prevents a lost update.
          const [locked] = await tx.query<{ net: string }>(
            `SELECT net::text AS net FROM "User" WHERE id = $1::int FOR NO KEY UPDATE`,
            [user.id],
          );
          await tx.query(`UPDATE "User" SET net = $2::numeric + 1.25 WHERE id = $1::int`, [
            user.id,
            locked?.net ?? null,
          ]);
        }),
      ),
    );
    const [row] = await db.sql.query<{ net: string }>(
      `SELECT net::text AS net FROM "User" WHERE id = $1::int`,
      [user.id],
    );
    expect(row?.net).toBe('25.00');
  });
});
