// Who owes whom. Each expense makes every participant other than the payer owe the payer their
// share; a settlement in which `from` paid `to` reduces what `from` owes `to` (and, if it was more
// than that debt, leaves `to` owing `from` the difference: the pair flips). Debts are netted per
// pair, so a pair has at most one line, and each person's net is the sum of their pairwise lines.
import { type Decimal, fromCents, toCents } from './money.js';
import type { PersonId } from './split.js';

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

/** `debtor` owes `creditor` this amount (always more than zero). */
export interface Debt<Id extends PersonId> {
  debtor: Id;
  creditor: Id;
  amount: Decimal;
}

/**
 * A total order on ids: numbers before strings, numbers numerically, strings by code unit (not by
 * locale, so the order is the same on every machine).
 */
export function compareIds(a: PersonId, b: PersonId): number {
  const aNumber = typeof a === 'number';
  const bNumber = typeof b === 'number';
  if (aNumber && bNumber) return a < b ? -1 : a > b ? 1 : 0;
  if (aNumber !== bNumber) return aNumber ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The debts one expense creates: each non-payer participant owes the payer their (non-zero) share. */
export function expenseDebts<Id extends PersonId>(expense: LedgerExpense<Id>): Debt<Id>[] {
  return expense.shares
    .filter((s) => s.participant !== expense.payer && !s.share.isZero())
    .map((s) => ({ debtor: s.participant, creditor: expense.payer, amount: s.share }));
}

// Pairs are keyed by two small integer indices packed into one number (lower index × 2^26 + higher
// index), so the hot loop does two Map lookups of ids and one of a number, and builds no strings.
const INDEX_LIMIT = 2 ** 26;

/**
 * Nets every expense and settlement per pair: non-zero lines only, ordered by debtor then creditor
 * (see compareIds). Sums run in integer paise (exact; see money.ts), which is what makes 100,000
 * shares take milliseconds. Shares and settlements must be whole paise (a RangeError otherwise).
 */
export function pairwiseBalances<Id extends PersonId>(
  expenses: Iterable<LedgerExpense<Id>>,
  settlements: Iterable<LedgerSettlement<Id>> = [],
): Debt<Id>[] {
  const indexOf = new Map<Id, number>();
  const ids: Id[] = [];
  const index = (id: Id): number => {
    let i = indexOf.get(id);
    if (i === undefined) {
      i = ids.length;
      if (i >= INDEX_LIMIT) throw new RangeError('too many people to net in one ledger');
      ids.push(id);
      indexOf.set(id, i);
    }
    return i;
  };
  // Packed pair -> paise owed by the lower index to the higher (negative: the other way round).
  const pairs = new Map<number, number>();
  const add = (debtor: number, creditor: number, cents: number) => {
    if (debtor === creditor || cents === 0) return;
    const key = debtor < creditor ? debtor * INDEX_LIMIT + creditor : creditor * INDEX_LIMIT + debtor;
    pairs.set(key, (pairs.get(key) ?? 0) + (debtor < creditor ? cents : -cents));
  };
  for (const expense of expenses) {
    const payer = index(expense.payer);
    for (const s of expense.shares) add(index(s.participant), payer, toCents(s.share));
  }
  // `from` paid `to`: as if `to` now owes `from` that much, which cancels against the reverse debt.
  for (const s of settlements) add(index(s.to), index(s.from), toCents(s.amount));

  const debts: Debt<Id>[] = [];
  for (const [key, cents] of pairs) {
    if (cents === 0) continue;
    const low = ids[Math.floor(key / INDEX_LIMIT)] as Id;
    const high = ids[key % INDEX_LIMIT] as Id;
    if (cents > 0) debts.push({ debtor: low, creditor: high, amount: fromCents(cents) });
    else debts.push({ debtor: high, creditor: low, amount: fromCents(-cents) });
  }
  return debts.sort((a, b) => compareIds(a.debtor, b.debtor) || compareIds(a.creditor, b.creditor));
}

/**
 * Each person's net from pairwise debts: positive when they are owed, negative when they owe. The
 * nets sum to zero. People whose lines cancel out appear with a net of zero.
 */
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
