// Cancelling cycles of debts. When A owes B, B owes C and C owes A, taking the same amount off all
// three changes nobody's net (each person on the cycle owes that much less and is owed that much
// less), so what people are shown need not keep it. Without this, a group whose nets are all zero can
// still show debts (after people pay what /settleup proposed, which is computed from nets), and be
// told they owe although they did what they were told.
//
// What comes out is a cycle-free reduction with the same nets:
// - every net is unchanged, and no cycle remains (so when every net is zero nothing remains: debts
//   that balance everyone out always form cycles);
// - only debts that lie on some cycle change, and each only goes down: no new pair appears, no pair
//   flips, a debt that is on no cycle is kept exactly (so debts without a cycle, such as the brief's
//   worked example, come out as they went in);
// - it is deterministic: the same debts, in whatever order, give the same result.
//
// How: a depth-first search over people in id order (compareIds), each person's creditors in id
// order. A debt back to someone on the search path closes a cycle; the cycle's smallest debt is
// taken off every debt on it (so at least that one reaches zero), the search backs up to just before
// the first debt that reached zero, and goes on. Each cancellation removes at least one debt, so it
// runs in O(debts × people) at worst and in one ordinary search when there is no cycle.
// This is not the smallest possible total change (finding that is a hard optimisation problem); it
// is the simple, explainable one: a cycle found is cancelled by its smallest debt.
import { compareIds, type Debt } from './balances.js';
import { fromCents, toCents } from './money.js';
import type { PersonId } from './split.js';

interface Edge {
  to: number;
  cents: number;
}

const WHITE = 0;
const ON_PATH = 1;
const DONE = 2;

/** The debts with every cycle cancelled; see the top of this module. Ordered by debtor, then creditor. */
export function cancelCycles<Id extends PersonId>(debts: Iterable<Debt<Id>>): Debt<Id>[] {
  const { ids, edges } = debtGraph(sumDebts(debts));
  const state = new Uint8Array(ids.length);
  const path: SearchPath = { people: [], next: [], depth: new Int32Array(ids.length) };
  for (let root = 0; root < ids.length; root++) {
    if (state[root] === WHITE) searchFrom(root, path, edges, state);
  }
  const result: Debt<Id>[] = [];
  for (const [debtor, out] of edges.entries()) {
    for (const e of out) {
      if (e.cents > 0) {
        result.push({ debtor: ids[debtor] as Id, creditor: ids[e.to] as Id, amount: fromCents(e.cents) });
      }
    }
  }
  return result;
}

/** Same-direction lines of one pair added up, in paise; opposite directions stay two (a cycle of two). */
function sumDebts<Id extends PersonId>(debts: Iterable<Debt<Id>>): Map<Id, Map<Id, number>> {
  const summed = new Map<Id, Map<Id, number>>();
  for (const d of debts) {
    const cents = toCents(d.amount);
    if (cents < 0) throw new RangeError('a debt must not be negative');
    if (cents === 0 || d.debtor === d.creditor) continue;
    let row = summed.get(d.debtor);
    if (!row) {
      row = new Map();
      summed.set(d.debtor, row);
    }
    row.set(d.creditor, (row.get(d.creditor) ?? 0) + cents);
  }
  return summed;
}

/** People in id order, and each one's debts by creditor in that order (indexes into `ids`). */
function debtGraph<Id extends PersonId>(summed: Map<Id, Map<Id, number>>): { ids: Id[]; edges: Edge[][] } {
  const ids = [
    ...new Set([...summed.keys(), ...[...summed.values()].flatMap((row) => [...row.keys()])]),
  ].sort(compareIds);
  const index = new Map<Id, number>(ids.map((id, i) => [id, i]));
  const edges: Edge[][] = ids.map(() => []);
  for (const [debtor, row] of summed) {
    const out = edges[index.get(debtor) as number] as Edge[];
    for (const [creditor, cents] of row) out.push({ to: index.get(creditor) as number, cents });
    out.sort((a, b) => a.to - b.to);
  }
  return { ids, edges };
}

/** The depth-first search path: people, and for each the position of the edge it is following. */
interface SearchPath {
  people: number[];
  next: number[];
  /** Where a person on the path sits in it. */
  depth: Int32Array;
}

/** Searches from `root` (the path empty), cancelling every cycle it meets; everyone reached ends DONE. */
function searchFrom(root: number, path: SearchPath, edges: Edge[][], state: Uint8Array): void {
  path.people.push(root);
  path.next.push(0);
  path.depth[root] = 0;
  state[root] = ON_PATH;
  while (path.people.length > 0) {
    const top = path.people.length - 1;
    const node = path.people[top] as number;
    const out = edges[node] as Edge[];
    let at = path.next[top] as number;
    while (at < out.length && ((out[at] as Edge).cents === 0 || state[(out[at] as Edge).to] === DONE)) at++;
    path.next[top] = at;
    const edge = out[at];
    if (!edge) {
      // Everyone reachable from here is done and cycle-free; removing debts later keeps it so.
      state[node] = DONE;
      path.people.pop();
      path.next.pop();
    } else if (state[edge.to] === WHITE) {
      state[edge.to] = ON_PATH;
      path.depth[edge.to] = path.people.length;
      path.people.push(edge.to);
      path.next.push(0);
    } else {
      // A debt back to someone on the path: the path from them to here, and this debt, is a cycle.
      cancelCycle(path, path.depth[edge.to] as number, edges, state);
    }
  }
}

/**
 * Takes the smallest debt of the cycle from path position `from` to the top off every debt on it,
 * then backs up to the person whose debt reached zero first; those after them go back to unvisited.
 */
function cancelCycle(path: SearchPath, from: number, edges: Edge[][], state: Uint8Array): void {
  const top = path.people.length - 1;
  const onCycle = (i: number) => (edges[path.people[i] as number] as Edge[])[path.next[i] as number] as Edge;
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = from; i <= top; i++) smallest = Math.min(smallest, onCycle(i).cents);
  let firstZero = -1;
  for (let i = from; i <= top; i++) {
    const e = onCycle(i);
    e.cents -= smallest;
    if (e.cents === 0 && firstZero === -1) firstZero = i;
  }
  while (path.people.length - 1 > firstZero) {
    state[path.people.pop() as number] = WHITE;
    path.next.pop();
  }
}
