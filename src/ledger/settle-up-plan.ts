// A settle-up plan: the fewest transfers that bring every net balance to zero.
//
// The minimum is a partition problem. If the people with a non-zero net split into g groups that
// each sum to zero, each group of k settles on its own in k-1 transfers, n-g in all; and no plan
// does better, since the people a plan connects form groups that sum to zero. So the fewest
// transfers come from the most zero-sum groups:
//
// 1. Exact opposites are paired first, one transfer each. This never costs optimality: if x and -x
//    sat in different groups, swapping them into {x, -x} and the two remainders' union keeps the
//    count; if in one larger group, {x, -x} splits off and the count grows.
// 2. The rest, up to a bound (EXACT_WORK: about 20 people), go through a dynamic program over
//    subsets: best[S] is the most disjoint zero-sum groups inside S, best[S] = max over i in S of
//    best[S - i], plus one when S itself sums to zero (an ordering of S whose zero-sum prefixes
//    mark the group boundaries). Its cost is people × 2^people steps, known before it starts; the
//    bound is that work, not milliseconds, so a slow or busy machine never changes the plan.
// 3. Beyond the bound, the largest remaining debtor pays the largest remaining creditor as much as
//    both allow, whoever keeps a remainder going back into the running (the plan before the exact
//    search; within a group the same greedy settles what direct debts did not, see 4).
// 4. Within a group, payments along existing debts come first (the debtor already owes that
//    creditor, so the payment reads as paying back): among them, the largest possible transfer,
//    then lower ids. Every transfer settles at least one person, so a group of k still takes k-1.
//
// Guarantees: everyone ends at zero; n people with a non-zero net need at most n-1 transfers; a
// transfer never exceeds either side's remaining amount, so nobody pays more than they owe in net
// nor receives more than they are owed. Ties are broken by id (compareIds) and the inputs are put
// in id order first, so the plan is deterministic: the same balances give the same plan, whatever
// order they come in, and it does not reshuffle from one look to the next.
//
// Money is integer paise in plain numbers (see centsOf in money.ts): every net is a safe integer,
// and the exact search runs only when the sum of all absolute nets is a safe integer too, so every
// subset sum it forms (held in a Float64Array) is exact.
import { compareIds, type Debt } from './balances.js';
import { type Decimal, fromCents, toCents } from './money.js';
import type { PersonId } from './split.js';

export interface Transfer<Id extends PersonId> {
  from: Id;
  to: Id;
  amount: Decimal;
}

export interface SettleUpOptions {
  /**
   * The most work the exact search may do, in steps of its dynamic program (people left after
   * pairing opposites × 2^people); beyond it, the greedy. The default allows 20 people (15-35 ms
   * on a shared 2-core machine, BENCHMARKS.md); 0 turns the exact search off.
   */
  exactWork?: number;
}

/** 20 people: 20 × 2^20 steps, 9 MB of tables. */
export const EXACT_WORK = 20 * 2 ** 20;
// Whatever the budget, no more than this many people (2^22 × 9 bytes = 38 MB of tables).
const EXACT_PEOPLE_LIMIT = 22;

interface Party<Id extends PersonId> {
  id: Id;
  /** What is left to pay (a debtor) or to receive (a creditor), in paise, never negative. */
  cents: number;
  /** Position in id order: the tie-break, and the key of direct debts. */
  at: number;
}

/** Larger amounts first, then lower ids. */
function before<Id extends PersonId>(a: Party<Id>, b: Party<Id>): boolean {
  return a.cents !== b.cents ? a.cents > b.cents : a.at < b.at;
}

// A binary max-heap: the greedy phase re-picks the largest after every transfer, and at 1000 people
// re-sorting each time would cost O(n² log n).
class Heap<Id extends PersonId> {
  private readonly items: Party<Id>[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: Party<Id>): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent] as Party<Id>)) break;
      items[i] = items[parent] as Party<Id>;
      i = parent;
    }
    items[i] = item;
  }

  pop(): Party<Id> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && before(items[right] as Party<Id>, items[left] as Party<Id>) ? right : left;
      if (!before(items[child] as Party<Id>, last)) break;
      items[i] = items[child] as Party<Id>;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

/** Transfers that settle the whole group, from each person's net; see the top of this module. */
export function settleUpPlan<Id extends PersonId>(
  nets: ReadonlyMap<Id, Decimal> | Iterable<readonly [Id, Decimal]>,
  /**
   * Who owes whom directly now (pairwise balances): among plans of equal length, payments along
   * these come first. Debts between people outside the plan are ignored.
   */
  debts: Iterable<Debt<Id>> = [],
  options: SettleUpOptions = {},
): Transfer<Id>[] {
  const byId = new Map<Id, number>();
  let sum = 0;
  for (const [id, net] of nets) {
    const cents = toCents(net);
    sum += cents;
    byId.set(id, (byId.get(id) ?? 0) + cents);
  }
  if (sum !== 0) throw new Error(`net balances must sum to zero, not ${fromCents(sum).toFixed(2)}`);

  // Everyone with a non-zero net, in id order: what follows depends only on this list.
  const people = [...byId].filter(([, cents]) => cents !== 0).sort(([a], [b]) => compareIds(a, b));
  const n = people.length;
  const parties: Party<Id>[] = people.map(([id, cents], at) => ({ id, cents: Math.abs(cents), at }));
  const isDebtor = people.map(([, cents]) => cents < 0);
  const position = new Map<Id, number>(people.map(([id], at) => [id, at]));
  // Direct debts from someone who owes in net to someone owed in net, keyed debtor × n + creditor.
  const direct = new Set<number>();
  for (const { debtor, creditor } of debts) {
    const from = position.get(debtor);
    const to = position.get(creditor);
    if (from !== undefined && to !== undefined && isDebtor[from] && !isDebtor[to]) direct.add(from * n + to);
  }

  const transfers: Transfer<Id>[] = [];
  const pay = (from: Party<Id>, to: Party<Id>, cents: number) => {
    transfers.push({ from: from.id, to: to.id, amount: fromCents(cents) });
    from.cents -= cents;
    to.cents -= cents;
  };

  pairOpposites(parties, isDebtor, direct, pay);
  const rest = parties.filter((p) => p.cents > 0);
  const groups = zeroSumGroups(rest, isDebtor, options.exactWork ?? EXACT_WORK);
  if (groups === null) {
    greedy(rest, isDebtor, pay);
  } else {
    for (const group of groups) {
      payAlongDebts(group, isDebtor, direct, n, pay);
      greedy(group, isDebtor, pay);
    }
  }
  return transfers;
}

type Pay<Id extends PersonId> = (from: Party<Id>, to: Party<Id>, cents: number) => void;

/**
 * Step 1: a debtor and a creditor with the same amount settle each other, larger amounts first.
 * Within one amount, pairs that owe each other directly are matched first, then the rest in id
 * order.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
function pairOpposites<Id extends PersonId>(
  parties: Party<Id>[],
  isDebtor: readonly boolean[],
  direct: ReadonlySet<number>,
  pay: Pay<Id>,
): void {
  const n = parties.length;
  const byAmount = new Map<number, { debtors: Party<Id>[]; creditors: Party<Id>[] }>();
  for (const p of parties) {
    let same = byAmount.get(p.cents);
    if (!same) {
      same = { debtors: [], creditors: [] };
      byAmount.set(p.cents, same);
    }
    (isDebtor[p.at] ? same.debtors : same.creditors).push(p);
  }
  const amounts = [...byAmount.keys()].sort((a, b) => b - a);
  for (const amount of amounts) {
    const { debtors, creditors } = byAmount.get(amount) as { debtors: Party<Id>[]; creditors: Party<Id>[] };
    if (debtors.length === 0 || creditors.length === 0) continue;
    const pairs: [Party<Id>, Party<Id>][] = [];
    if (direct.size > 0) {
      for (const d of debtors) {
        const c = creditors.find((c) => c.cents > 0 && direct.has(d.at * n + c.at));
        if (c === undefined) continue;
        pairs.push([d, c]);
        d.cents = 0; // matched; paid below, in debtor order
        c.cents = 0;
      }
    }
    let next = 0;
    for (const d of debtors) {
      if (d.cents === 0) continue;
      while (next < creditors.length && (creditors[next] as Party<Id>).cents === 0) next++;
      const c = creditors[next];
      if (c === undefined) break;
      pairs.push([d, c]);
      d.cents = 0;
      c.cents = 0;
    }
    pairs.sort(([a], [b]) => a.at - b.at);
    for (const [d, c] of pairs) {
      d.cents = amount;
      c.cents = amount;
      pay(d, c, amount);
    }
  }
}

/**
 * Step 2: the most zero-sum groups the parties split into, each in id order, the groups ordered by
 * their first member; or null when the search would take more than `work` steps (or its sums
 * might not be exact).
 */
function zeroSumGroups<Id extends PersonId>(
  parties: readonly Party<Id>[],
  isDebtor: readonly boolean[],
  work: number,
): Party<Id>[][] | null {
  const n = parties.length;
  if (n === 0) return [];
  if (n > EXACT_PEOPLE_LIMIT || n * 2 ** n > work) return null;
  const values = parties.map((p) => (isDebtor[p.at] ? -p.cents : p.cents));
  if (!Number.isSafeInteger(values.reduce((s, v) => s + Math.abs(v), 0))) return null;

  const size = 2 ** n;
  const sums = new Float64Array(size); // the sum of each subset, from the subset without its lowest member
  const best = new Uint8Array(size); // at most n/2 groups
  for (let mask = 1; mask < size; mask++) {
    const low = mask & -mask;
    const sum = (sums[mask ^ low] as number) + (values[31 - Math.clz32(low)] as number);
    sums[mask] = sum;
    // Removing one member loses at most one group, so any two of the subsets without one member
    // differ by at most one: the first that beats the one without the lowest member is the best.
    let most = best[mask ^ low] as number;
    for (let rest = mask ^ low; rest !== 0; rest &= rest - 1) {
      const without = best[mask ^ (rest & -rest)] as number;
      if (without > most) {
        most = without;
        break;
      }
    }
    best[mask] = sum === 0 ? most + 1 : most;
  }

  // Walk back from everyone: each step drops a member whose removal keeps the count (the lowest
  // such), and a subset that sums to zero closes a group.
  const groups: Party<Id>[][] = [];
  let group: Party<Id>[] = [];
  for (let mask = size - 1; mask !== 0; ) {
    if (sums[mask] === 0 && group.length > 0) {
      groups.push(group);
      group = [];
    }
    const target = (best[mask] as number) - (sums[mask] === 0 ? 1 : 0);
    let rest = mask;
    while ((best[mask ^ (rest & -rest)] as number) !== target) rest &= rest - 1;
    const low = rest & -rest;
    group.push(parties[31 - Math.clz32(low)] as Party<Id>);
    mask ^= low;
  }
  groups.push(group);
  for (const g of groups) g.sort((a, b) => a.at - b.at);
  return groups.sort((a, b) => (a[0] as Party<Id>).at - (b[0] as Party<Id>).at);
}

/**
 * Step 4, first half: within one zero-sum group, while some debtor still owes a creditor directly
 * and both have something left, the largest such transfer (then lower ids) is made. Each settles
 * at least one of the two, so the group still takes no more than its size minus one.
 */
function payAlongDebts<Id extends PersonId>(
  group: readonly Party<Id>[],
  isDebtor: readonly boolean[],
  direct: ReadonlySet<number>,
  n: number,
  pay: Pay<Id>,
): void {
  if (direct.size === 0) return;
  const debtors = group.filter((p) => isDebtor[p.at]);
  const creditors = group.filter((p) => !isDebtor[p.at]);
  for (;;) {
    let from: Party<Id> | undefined;
    let to: Party<Id> | undefined;
    let most = 0;
    for (const d of debtors) {
      if (d.cents === 0) continue;
      for (const c of creditors) {
        const cents = Math.min(d.cents, c.cents);
        if (cents > most && direct.has(d.at * n + c.at)) {
          most = cents;
          from = d;
          to = c;
        }
      }
    }
    if (from === undefined || to === undefined) return;
    pay(from, to, most);
  }
}

/** Step 3 (and step 4's second half): largest debtor pays largest creditor, until all are settled. */
function greedy<Id extends PersonId>(
  parties: readonly Party<Id>[],
  isDebtor: readonly boolean[],
  pay: Pay<Id>,
): void {
  const owing = new Heap<Id>();
  const owed = new Heap<Id>();
  for (const p of parties) if (p.cents > 0) (isDebtor[p.at] ? owing : owed).push(p);
  for (;;) {
    const d = owing.pop();
    const c = owed.pop();
    if (d === undefined || c === undefined) return; // both run out together, as the amounts sum to zero
    pay(d, c, Math.min(d.cents, c.cents));
    if (d.cents > 0) owing.push(d);
    if (c.cents > 0) owed.push(c);
  }
}
