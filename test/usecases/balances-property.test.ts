// Over random expenses and settlements recorded through the use cases (on PGlite, or the server in
// TEST_DATABASE_URL): the maintained pair balances are the engine's netting of what was recorded,
// what /balances shows has no cycle and nets that sum to zero, and paying exactly the /settleup plan
// always ends with /balances empty.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Debt,
  Decimal,
  type LedgerExpense,
  type LedgerSettlement,
  pairwiseBalances,
} from '../../src/ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { groupBalances, planSettleUp } from '../../src/usecases/balances.js';
import { MemberDirectory, type Person, type TelegramPerson } from '../../src/usecases/members.js';
import { recordExpense } from '../../src/usecases/record-expense.js';
import { recordSettlement } from '../../src/usecases/record-settlement.js';

/** Whether the debts hold a cycle: Kahn's algorithm cannot remove everyone. */
function hasCycle(debts: readonly Debt<number>[]): boolean {
  const incoming = new Map<number, number>();
  const out = new Map<number, number[]>();
  for (const x of debts) {
    incoming.set(x.creditor, (incoming.get(x.creditor) ?? 0) + 1);
    if (!incoming.has(x.debtor)) incoming.set(x.debtor, 0);
    out.set(x.debtor, [...(out.get(x.debtor) ?? []), x.creditor]);
  }
  const ready = [...incoming].filter(([, n]) => n === 0).map(([id]) => id);
  let removed = 0;
  for (let id = ready.pop(); id !== undefined; id = ready.pop()) {
    removed++;
    for (const to of out.get(id) ?? []) {
      incoming.set(to, (incoming.get(to) as number) - 1);
      if (incoming.get(to) === 0) ready.push(to);
    }
  }
  return removed < incoming.size;
}

const PEOPLE = 5;
const who = fc.integer({ min: 0, max: PEOPLE - 1 });
const operation = fc.oneof(
  fc.record({
    kind: fc.constant('expense' as const),
    payer: who,
    people: fc.uniqueArray(who, { minLength: 1, maxLength: PEOPLE }),
    cents: fc.integer({ min: 100, max: 200_000 }),
  }),
  fc.record({
    kind: fc.constant('settlement' as const),
    from: who,
    to: who,
    cents: fc.integer({ min: 1, max: 100_000 }),
  }),
);

describe('balances over random records, through the use cases', () => {
  let db: TestDatabase;
  let members: MemberDirectory;
  let run = 0;
  let messageId = 1;
  beforeAll(async () => {
    db = await createTestDatabase();
    members = new MemberDirectory(db.prisma, db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });
  const deps = () => ({ prisma: db.prisma, sql: db.sql, members, clock: () => new Date() });

  it('keep the netting in the table, show no cycle, and end empty after paying the plan', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        run++;
        const group = { chatId: -200_000 - run, title: `Run ${run}` };
        const tg: TelegramPerson[] = Array.from({ length: PEOPLE }, (_, i) => ({
          id: 50_000 + run * 10 + i,
          firstName: `P${i}`,
          username: `p${run}_${i}`,
        }));
        const people: Person[] = [];
        let groupId = 0;
        for (const t of tg) {
          const learned = await members.learnMember(group, t);
          people.push(learned.person);
          groupId = learned.groupId;
        }
        const expenses: LedgerExpense<number>[] = [];
        const settlements: LedgerSettlement<number>[] = [];
        const source = () => ({ chatId: group.chatId, messageId: messageId++ });
        for (const op of operations) {
          if (op.kind === 'expense') {
            const expense = await recordExpense(deps(), {
              group,
              payer: tg[op.payer] as TelegramPerson,
              amount: new Decimal(op.cents).div(100),
              splitType: 'EQUAL',
              everyone: false,
              participants: op.people.map((i) => ({
                person: { kind: 'username' as const, username: (tg[i] as TelegramPerson).username as string },
              })),
              description: 'random',
              source: source(),
            });
            const shares = await db.prisma.expenseShare.findMany({ where: { expenseId: expense.id } });
            expenses.push({
              payer: (people[op.payer] as Person).id,
              shares: shares.map((s) => ({ participant: s.userId, share: new Decimal(s.share.toString()) })),
            });
          } else if (op.from !== op.to) {
            const amount = new Decimal(op.cents).div(100);
            const from = people[op.from] as Person;
            const to = people[op.to] as Person;
            await recordSettlement(deps(), {
              groupId,
              from,
              to,
              amount,
              recordedById: from.id,
              source: source(),
            });
            settlements.push({ from: from.id, to: to.id, amount });
          }
        }

        // The table is the plain netting of what was recorded.
        const rows = await db.prisma.pairBalance.findMany({ where: { groupId, NOT: { amount: 0 } } });
        const table = rows
          .map((r) => {
            const a = new Decimal(r.amount.toString());
            return a.isPositive()
              ? `${r.lowUserId}>${r.highUserId} ${a.toFixed(2)}`
              : `${r.highUserId}>${r.lowUserId} ${a.neg().toFixed(2)}`;
          })
          .sort();
        const engine = pairwiseBalances(expenses, settlements)
          .map((x) => `${x.debtor}>${x.creditor} ${x.amount.toFixed(2)}`)
          .sort();
        expect(table).toEqual(engine);

        // What is shown has no cycle, and the nets sum to zero.
        const shown = await groupBalances(deps(), { groupId });
        expect(hasCycle(shown.debts)).toBe(false);
        expect([...shown.nets.values()].reduce((s, n) => s.plus(n), new Decimal(0)).isZero()).toBe(true);

        // Paying exactly the plan, each payment recorded as /settle does, leaves nothing.
        const { transfers } = await planSettleUp(deps(), { groupId });
        const byId = new Map(people.map((p) => [p.id, p]));
        for (const t of transfers) {
          const from = byId.get(t.from) as Person;
          await recordSettlement(deps(), {
            groupId,
            from,
            to: byId.get(t.to) as Person,
            amount: t.amount,
            recordedById: from.id,
            source: source(),
          });
        }
        expect((await groupBalances(deps(), { groupId })).debts).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
