// /summary's cost (issue 17): the month is added up in SQL, so its time should follow the month's
// expenses in the index range, not the group's whole history. A group of 5 with 24,000 expenses
// over 12 months (2,000 a month, 4 shares each); monthSummary for one month, on embedded PGlite or
// the server in BENCH_DATABASE_URL / TEST_DATABASE_URL. The rows are inserted directly (createMany):
// the summary reads Expense and ExpenseShare only, never the ledger's balances, so posting 24,000
// expenses through the ledger writer would only make the set-up slow. Also: guessCategory (pure).
// `npx tsx bench/summary.bench.ts`
import { pathToFileURL } from 'node:url';
import { CATEGORY_KEYS, guessCategory } from '../src/commands/index.js';
import { createTestDatabase } from '../src/testing/db.js';
import { monthSummary } from '../src/usecases/month-summary.js';
import { type BenchResult, measure, printTable } from './measure.js';

const MONTHS = 12;
const PER_MONTH = 2_000;
const DESCRIPTIONS = [
  'sabzi',
  'rent',
  'bijli bill',
  'swiggy',
  'dinner',
  'uber',
  'maid salary',
  'wifi',
  'milk',
];

export async function runSummaryBench(runs = 50): Promise<BenchResult[]> {
  const db = await createTestDatabase();
  try {
    const group = await db.prisma.group.create({ data: { chatId: -1_000_000_888n, title: 'Bench flat' } });
    const users = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        db.prisma.user.create({ data: { telegramId: BigInt(8_000_000 + n), firstName: `User${n}` } }),
      ),
    );
    let message = 1;
    for (let m = 0; m < MONTHS; m++) {
      const month = `2026-${String(m + 1).padStart(2, '0')}`;
      const rows = Array.from({ length: PER_MONTH }, (_, i) => ({
        groupId: group.id,
        payerId: (users[i % 5] as (typeof users)[0]).id,
        recordedById: (users[i % 5] as (typeof users)[0]).id,
        amount: `${100 + (i % 900)}.00`,
        splitType: 'EQUAL' as const,
        description: DESCRIPTIONS[i % DESCRIPTIONS.length] as string,
        category: CATEGORY_KEYS[i % CATEGORY_KEYS.length] as string,
        spentOn: new Date(`${month}-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`),
        sourceChatId: group.chatId,
        sourceMessageId: message++,
      }));
      await db.prisma.expense.createMany({ data: rows });
    }
    const expenses = await db.prisma.expense.findMany({ select: { id: true, amount: true } });
    for (let i = 0; i < expenses.length; i += 5_000) {
      await db.prisma.expenseShare.createMany({
        data: expenses.slice(i, i + 5_000).flatMap((e, k) =>
          [0, 1, 2, 3].map((j) => ({
            expenseId: e.id,
            userId: (users[(k + j) % 5] as (typeof users)[0]).id,
            share: e.amount.div(4).toFixed(2),
          })),
        ),
      });
    }
    const deps = { sql: db.sql, clock: () => new Date('2026-12-15T10:00:00Z') };
    const results = [
      await measure(`monthSummary: 1 month of ${PER_MONTH} in ${MONTHS * PER_MONTH} expenses`, runs, () =>
        monthSummary(deps, { groupId: group.id, month: { year: 2026, month: 6 }, timeZone: 'UTC' }),
      ),
    ];
    let n = 0;
    results.push(
      await measure('guessCategory (one description)', 20_000, () => {
        n++;
        return guessCategory(`${DESCRIPTIONS[n % DESCRIPTIONS.length]} nov ${n}`);
      }),
    );
    results.push(
      await measure('guessCategory (a typo: "grocries")', 20_000, () => guessCategory('grocries')),
    );
    return results;
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printTable(await runSummaryBench());
