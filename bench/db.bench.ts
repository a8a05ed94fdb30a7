// Storage benchmarks (issue targets): record a 1000-participant expense (< 150 ms on PostgreSQL),
// group balances with 100,000 expenses (< 50 ms), a passbook page for a user with 10,000 entries
// (< 20 ms). Runs on embedded PGlite, and on a PostgreSQL server when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set. Bulk data is seeded with SQL, then the real use cases are timed.
import { pathToFileURL } from 'node:url';
import { recordExpenseSql } from '../src/db/queries/ledger.js';
import { Decimal, splitExpense } from '../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/db.js';
import { groupBalances } from '../src/usecases/balances.js';
import { MemberDirectory } from '../src/usecases/members.js';
import { passbookPage } from '../src/usecases/passbook.js';
import { type BenchResult, measure, printTable } from './measure.js';

const MEMBERS = 1000;
const EXPENSES = 100_000;
const PASSBOOK_ENTRIES = 10_000;

async function seed(db: TestDatabase): Promise<{ groupId: number; userIds: number[]; busyUserId: number }> {
  const members = new MemberDirectory(db.prisma, db.sql);
  const group = { chatId: -1_000_000_001, title: 'Bench group' };
  const { id: groupId } = await members.learnGroup(group);
  await db.prisma.$executeRaw`
    INSERT INTO "User" ("telegramId", "firstName", "username", "usernameKey", "updatedAt")
    SELECT 5000000 + g, 'Member ' || g, 'member' || g, 'member' || g, now() FROM generate_series(1, ${MEMBERS}::int) g`;
  const users = await db.prisma.user.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  const userIds = users.map((u) => u.id);
  await db.prisma.$executeRaw`
    INSERT INTO "Membership" ("groupId", "userId") SELECT ${groupId}::int, id FROM "User"`;
  // 100,000 expenses of 4 shares each among 50 of the members (400,000 shares).
  await db.prisma.$executeRaw`
    INSERT INTO "Expense" ("groupId", "payerId", "amount", "splitType", "description", "recordedById", "sourceChatId", "sourceMessageId")
    SELECT ${groupId}::int, ${userIds[0]}::int + (g % 50), 100.00, 'EQUAL', 'seeded', ${userIds[0]}::int + (g % 50), -1000000001, g
    FROM generate_series(1, ${EXPENSES}::int) g`;
  const busyUserId = userIds[999] as number;
  await db.prisma.$executeRaw`
    INSERT INTO "ExpenseShare" ("expenseId", "userId", "share")
    SELECT e.id, ${userIds[0]}::int + ((e."payerId" - ${userIds[0]}::int + k) % 50), 25.00
    FROM "Expense" e, generate_series(0, 3) k WHERE e."groupId" = ${groupId}::int`;
  // The maintained pair balances, derived from the shares exactly as the ledger writer would. Posting
  // 100,000 expenses one by one would take minutes, so the seed writes the derived rows itself and
  // tells the one-writer guard so (hisaab.ledger_writer), inside one transaction.
  await db.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('hisaab.ledger_writer', 'on', true)`;
    await tx.$executeRaw`
    INSERT INTO "PairBalance" ("groupId", "lowUserId", "highUserId", "amount")
    SELECT ${groupId}::int, LEAST(s."userId", e."payerId"), GREATEST(s."userId", e."payerId"),
           SUM(CASE WHEN s."userId" < e."payerId" THEN s.share ELSE -s.share END)
    FROM "ExpenseShare" s JOIN "Expense" e ON e.id = s."expenseId"
    WHERE e."groupId" = ${groupId}::int AND s."userId" <> e."payerId"
    GROUP BY 2, 3`;
    // One busy user with 10,000 passbook entries.
    await tx.$executeRaw`
    INSERT INTO "PassbookEntry" ("userId", "groupId", "kind", "expenseId", "paid", "share", "delta", "runningNet")
    SELECT ${busyUserId}::int, ${groupId}::int, 'EXPENSE', g, 0, 25.00, -25.00, -25.00 * g
    FROM generate_series(1, ${PASSBOOK_ENTRIES}::int) g`;
  });
  await db.prisma.$executeRaw`ANALYZE`;
  return { groupId, userIds, busyUserId };
}

export async function runDatabaseBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const targets: { label: string; url?: string }[] = [{ label: 'PGlite' }];
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (serverUrl) targets.push({ label: 'PostgreSQL', url: serverUrl });
  for (const target of targets) {
    const previous = process.env.TEST_DATABASE_URL;
    if (target.url) process.env.TEST_DATABASE_URL = target.url;
    else delete process.env.TEST_DATABASE_URL;
    const db = await createTestDatabase();
    if (previous === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = previous;
    try {
      const { groupId, userIds, busyUserId } = await seed(db);
      let message = 1;
      const participants = userIds.slice(0, 1000);
      results.push(
        await measure(`${target.label}: record a 1000-participant expense`, 30, async () => {
          const amount = new Decimal('99999.99');
          const shares = splitExpense({ type: 'EQUAL', amount, participants }, { seed: message });
          const payerId = userIds[0] as number;
          await db.sql.run(recordExpenseSql, [
            groupId,
            payerId,
            payerId,
            amount.toFixed(2),
            'EQUAL',
            'bench',
            shares.map((s) => s.participant),
            shares.map((s) => s.share.toFixed(2)),
            shares.map(() => null),
            '-1000000002',
            message++,
            new Date().toISOString(),
            null,
            'other',
          ]);
        }),
      );
      results.push(
        await measure(
          `${target.label}: group balances, ${EXPENSES.toLocaleString('en')} expenses`,
          50,
          async () => {
            await groupBalances(db, { groupId });
          },
        ),
      );
      const older = BigInt(PASSBOOK_ENTRIES / 2);
      results.push(
        await measure(
          `${target.label}: passbook page, ${PASSBOOK_ENTRIES.toLocaleString('en')} entries`,
          200,
          async () => {
            await passbookPage(db, { userId: busyUserId, before: older, limit: 10 });
          },
        ),
      );
    } finally {
      await db.close();
    }
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable(await runDatabaseBench());
}
