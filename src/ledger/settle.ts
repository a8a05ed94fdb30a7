// A settle-up plan: transfers that bring every net balance to zero, in at most n-1 transfers for n
// people with a non-zero net, never asking anyone to pay more than they owe in net nor anyone to
// receive more than they are owed. People whose amounts match exactly are paired first (one
// transfer settles both); the rest are matched largest debtor to largest creditor. Ties are broken
// by id, so the plan does not reshuffle from one look to the next.
import { compareIds } from './balances.js';
import type { Decimal } from './money.js';
import { fromCents, type PersonId, toCents } from './split.js';

export interface Transfer<Id extends PersonId> {
  from: Id;
  to: Id;
  amount: Decimal;
}

export function settleUpPlan<Id extends PersonId>(
  nets: ReadonlyMap<Id, Decimal> | Iterable<readonly [Id, Decimal]>,
): Transfer<Id>[] {
  const debtors: { id: Id; cents: number }[] = [];
  const creditors: { id: Id; cents: number }[] = [];
  let sum = 0;
  for (const [id, net] of nets) {
    const cents = toCents(net);
    sum += cents;
    if (cents < 0) debtors.push({ id, cents: -cents });
    else if (cents > 0) creditors.push({ id, cents });
  }
  if (sum !== 0) throw new Error(`net balances must sum to zero, not ${fromCents(sum).toFixed(2)}`);
  const byLargest = (a: { id: Id; cents: number }, b: { id: Id; cents: number }) =>
    b.cents - a.cents || compareIds(a.id, b.id);
  debtors.sort(byLargest);
  creditors.sort(byLargest);

  const transfers: Transfer<Id>[] = [];
  // Exact matches first: each settles two people with one transfer.
  const waiting = new Map<number, { id: Id; cents: number }[]>();
  for (const c of creditors) {
    const list = waiting.get(c.cents);
    if (list) list.push(c);
    else waiting.set(c.cents, [c]);
  }
  for (const d of debtors) {
    const match = waiting.get(d.cents)?.shift();
    if (match) {
      transfers.push({ from: d.id, to: match.id, amount: fromCents(d.cents) });
      d.cents = 0;
      match.cents = 0;
    }
  }
  const owing = debtors.filter((d) => d.cents > 0);
  const owed = creditors.filter((c) => c.cents > 0);
  let i = 0;
  let j = 0;
  while (i < owing.length && j < owed.length) {
    const d = owing[i] as { id: Id; cents: number };
    const c = owed[j] as { id: Id; cents: number };
    const pay = Math.min(d.cents, c.cents);
    transfers.push({ from: d.id, to: c.id, amount: fromCents(pay) });
    d.cents -= pay;
    c.cents -= pay;
    if (d.cents === 0) i++;
    if (c.cents === 0) j++;
  }
  return transfers;
}
