// Who owes whom: each expense makes every participant other than the payer owe the payer their
// share; a settlement from A to B makes B owe A what was paid. Debts are netted per pair, so a pair
// has at most one line, and each person's net is the sum of their pairwise lines.
import type { Decimal } from './money.js';
import { fromCents, type PersonId, toCents } from './split.js';

export interface LedgerExpense<Id extends PersonId> {
  payer: Id;
  shares: readonly { participant: Id; share: Decimal }[];
}

/** `from` paid `to` this amount. */
export interface LedgerSettlement<Id extends PersonId> {
  from: Id;
  to: Id;
  amount: Decimal;
}

export interface Debt<Id extends PersonId> {
  debtor: Id;
  creditor: Id;
  amount: Decimal;
}

/** Orders ids the way people expect: numbers numerically, strings lexically. */
export function compareIds(a: PersonId, b: PersonId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The debts one expense creates: each non-payer participant owes the payer their share. */
export function expenseDebts<Id extends PersonId>(expense: LedgerExpense<Id>): Debt<Id>[] {
  return expense.shares
    .filter((s) => s.participant !== expense.payer && !s.share.isZero())
    .map((s) => ({ debtor: s.participant, creditor: expense.payer, amount: s.share }));
}

/**
 * Nets every expense and settlement per pair. Sums run in integer paise (exact; see split.ts),
 * which is what makes 100,000 shares take milliseconds.
 */
export function pairwiseBalances<Id extends PersonId>(
  expenses: Iterable<LedgerExpense<Id>>,
  settlements: Iterable<LedgerSettlement<Id>> = [],
): Debt<Id>[] {
  // key -> [low, high, cents owed by low to high]
  const pairs = new Map<string, [Id, Id, number]>();
  const add = (debtor: Id, creditor: Id, cents: number) => {
    if (debtor === creditor || cents === 0) return;
    const lowFirst = compareIds(debtor, creditor) < 0;
    const low = lowFirst ? debtor : creditor;
    const high = lowFirst ? creditor : debtor;
    const key = `${typeof low}:${String(low)}\u0000${typeof high}:${String(high)}`;
    const entry = pairs.get(key);
    const signed = lowFirst ? cents : -cents;
    if (entry) entry[2] += signed;
    else pairs.set(key, [low, high, signed]);
  };
  for (const expense of expenses) {
    for (const s of expense.shares) add(s.participant, expense.payer, toCents(s.share));
  }
  for (const s of settlements) add(s.to, s.from, toCents(s.amount));
  const debts: Debt<Id>[] = [];
  for (const [low, high, cents] of pairs.values()) {
    if (cents > 0) debts.push({ debtor: low, creditor: high, amount: fromCents(cents) });
    else if (cents < 0) debts.push({ debtor: high, creditor: low, amount: fromCents(-cents) });
  }
  return debts.sort((a, b) => compareIds(a.debtor, b.debtor) || compareIds(a.creditor, b.creditor));
}

/** Each person's net from pairwise debts: positive when they are owed, negative when they owe. */
export function netBalances<Id extends PersonId>(debts: Iterable<Debt<Id>>): Map<Id, Decimal> {
  const cents = new Map<Id, number>();
  for (const d of debts) {
    const c = toCents(d.amount);
    cents.set(d.creditor, (cents.get(d.creditor) ?? 0) + c);
    cents.set(d.debtor, (cents.get(d.debtor) ?? 0) - c);
  }
  const nets = new Map<Id, Decimal>();
  for (const [id, c] of cents) nets.set(id, fromCents(c));
  return nets;
}
