// Who owes whom, as a group is told it: the one function behind every place that names a figure for
// a pair (/balances, /balance, /settle and /received replies, the dispute buttons, /remind, nudges,
// the digest, the Mini App), so they cannot tell different stories.
//
// A group sees one of two views (its choice, `/simplify on|off`):
// - 'pairwise' (the default): each pair netted, cycles of debts cancelled (cycles.ts). A debt on no
//   cycle is shown exactly as netted, so the brief's worked example comes out as it is.
// - 'simplified': the debts are the fewest payments that settle everyone (settle-up-plan.ts), what
//   /settleup proposes. Among plans of that length, one the group is already following (the unpaid
//   rows of its latest plan, `keep`) is kept when it still settles everyone exactly: paying one
//   row of a plan leaves the rest of it as it was, instead of a reshuffled plan of the same length.
// Either way the nets are those of the pairs, and paying every debt shown leaves everyone even.
import { compareIds, type Debt, netBalances } from './balances.js';
import { cancelCycles } from './cycles.js';
import { type Decimal, fromCents, toCents } from './money.js';
import { settleUpPlan, type Transfer } from './settle-up-plan.js';
import type { PersonId } from './split.js';

export type DebtView = 'pairwise' | 'simplified';

export interface WhoOwesWhom<Id extends PersonId> {
  view: DebtView;
  /** Non-zero debts as the view shows them, largest first (then by debtor, creditor). */
  debts: Debt<Id>[];
  /** Each person's net: positive when owed overall. The same in both views. */
  nets: Map<Id, Decimal>;
  /** The fewest payments that settle everyone (/settleup); in the simplified view, `debts` as transfers. */
  plan: Transfer<Id>[];
}

/**
 * The group's debts in its view, from its netted pair balances (each pair once, either direction).
 * `keep`: the unpaid rows of the plan the group is following, kept when still exact and shortest.
 */
export function whoOwesWhom<Id extends PersonId>(
  pairs: Iterable<Debt<Id>>,
  view: DebtView,
  keep: readonly Transfer<Id>[] = [],
): WhoOwesWhom<Id> {
  const pairwise = cancelCycles(pairs);
  const nets = netBalances(pairwise);
  const fresh = settleUpPlan(nets, pairwise);
  const plan = keepsPlan(keep, nets, fresh.length) ? [...keep] : fresh;
  const debts =
    view === 'pairwise'
      ? pairwise
      : plan.map((t): Debt<Id> => ({ debtor: t.from, creditor: t.to, amount: t.amount }));
  debts.sort(
    (a, b) =>
      b.amount.comparedTo(a.amount) || compareIds(a.debtor, b.debtor) || compareIds(a.creditor, b.creditor),
  );
  return { view, debts, nets, plan };
}

/** True when `plan` settles exactly these nets in at most `fewest` positive payments. */
function keepsPlan<Id extends PersonId>(
  plan: readonly Transfer<Id>[],
  nets: ReadonlyMap<Id, Decimal>,
  fewest: number,
): boolean {
  if (plan.length === 0 || plan.length > fewest) return false;
  const left = new Map<Id, number>();
  for (const [id, net] of nets) left.set(id, toCents(net));
  for (const t of plan) {
    const cents = toCents(t.amount);
    if (cents <= 0 || t.from === t.to) return false;
    left.set(t.from, (left.get(t.from) ?? 0) + cents);
    left.set(t.to, (left.get(t.to) ?? 0) - cents);
  }
  return [...left.values()].every((c) => c === 0);
}

/** What `debtor` owes `creditor` in these debts (negative: the other way round; zero: no line). */
export function owedBetween<Id extends PersonId>(
  debts: readonly Debt<Id>[],
  debtor: Id,
  creditor: Id,
): Decimal {
  let cents = 0;
  for (const d of debts) {
    if (d.debtor === debtor && d.creditor === creditor) cents += toCents(d.amount);
    else if (d.debtor === creditor && d.creditor === debtor) cents -= toCents(d.amount);
  }
  return fromCents(cents);
}

/**
 * The state of a group's balances a settle-up plan is computed from, as text: its non-zero pair
 * balances, lower id first, in id order ("3:7:-230.00,..."). Two states are equal exactly when
 * every pair balance is; hisaab_ledger_state (SQL) writes the same text from the table.
 */
export function ledgerStateText(
  rows: Iterable<{ lowUserId: number; highUserId: number; amount: Decimal }>,
): string {
  return [...rows]
    .filter((r) => !r.amount.isZero())
    .sort((a, b) => a.lowUserId - b.lowUserId || a.highUserId - b.highUserId)
    .map((r) => `${r.lowUserId}:${r.highUserId}:${r.amount.toFixed(2)}`)
    .join(',');
}
