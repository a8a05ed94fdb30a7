// A settle-up plan: transfers that bring every net balance to zero.
//
// - People whose amounts are exact opposites are paired first: one transfer settles both.
// - The rest are matched greedily, the largest remaining debtor paying the largest remaining
//   creditor as much as both allow; whoever is left with a remainder goes back into the running.
// Every transfer settles at least one person (and the last settles two), so n people with a
// non-zero net need at most n-1 transfers; and since a transfer never exceeds either side's
// remaining amount, nobody pays more than they owe in net nor receives more than they are owed.
// Ties are broken by id (compareIds), so the plan is deterministic and does not reshuffle from one
// look to the next.
import { compareIds } from './balances.js';
import { type Decimal, fromCents, toCents } from './money.js';
import type { PersonId } from './split.js';

export interface Transfer<Id extends PersonId> {
  from: Id;
  to: Id;
  amount: Decimal;
}

interface Party<Id extends PersonId> {
  id: Id;
  cents: number;
}

/** Larger amounts first, then lower ids. */
function before<Id extends PersonId>(a: Party<Id>, b: Party<Id>): boolean {
  return a.cents !== b.cents ? a.cents > b.cents : compareIds(a.id, b.id) < 0;
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

/**
 * Transfers that settle the whole group, from each person's net (positive: owed to them; negative:
 * they owe). The same id given twice is summed. Nets must be whole paise and sum to zero; anything
 * else is a programming error and throws.
 */
export function settleUpPlan<Id extends PersonId>(
  nets: ReadonlyMap<Id, Decimal> | Iterable<readonly [Id, Decimal]>,
): Transfer<Id>[] {
  const byId = new Map<Id, number>();
  let sum = 0;
  for (const [id, net] of nets) {
    const cents = toCents(net);
    sum += cents;
    byId.set(id, (byId.get(id) ?? 0) + cents);
  }
  if (sum !== 0) throw new Error(`net balances must sum to zero, not ${fromCents(sum).toFixed(2)}`);

  const debtors: Party<Id>[] = [];
  const creditors: Party<Id>[] = [];
  for (const [id, cents] of byId) {
    if (cents < 0) debtors.push({ id, cents: -cents });
    else if (cents > 0) creditors.push({ id, cents });
  }
  const order = (a: Party<Id>, b: Party<Id>) => b.cents - a.cents || compareIds(a.id, b.id);
  debtors.sort(order);
  creditors.sort(order);

  const transfers: Transfer<Id>[] = [];
  // Exact opposites first, largest first, lowest ids first.
  const waiting = new Map<number, Party<Id>[]>();
  for (const c of creditors) {
    const list = waiting.get(c.cents);
    if (list) list.push(c);
    else waiting.set(c.cents, [c]);
  }
  const nextInLine = new Map<number, number>(); // position of the next unmatched creditor per amount
  for (const d of debtors) {
    const list = waiting.get(d.cents);
    const at = nextInLine.get(d.cents) ?? 0;
    const match = list?.[at];
    if (match === undefined) continue;
    nextInLine.set(d.cents, at + 1);
    transfers.push({ from: d.id, to: match.id, amount: fromCents(d.cents) });
    d.cents = 0;
    match.cents = 0;
  }

  const owing = new Heap<Id>();
  const owed = new Heap<Id>();
  for (const d of debtors) if (d.cents > 0) owing.push(d);
  for (const c of creditors) if (c.cents > 0) owed.push(c);
  for (;;) {
    const d = owing.pop();
    const c = owed.pop();
    if (d === undefined || c === undefined) break; // both run out together, as the nets sum to zero
    const pay = Math.min(d.cents, c.cents);
    transfers.push({ from: d.id, to: c.id, amount: fromCents(pay) });
    d.cents -= pay;
    c.cents -= pay;
    if (d.cents > 0) owing.push(d);
    if (c.cents > 0) owed.push(c);
  }
  return transfers;
}
