// How one Splitwise row becomes Hisaab's records, exactly. A Splitwise row gives only each person's
// net for it (paid minus share), which is all that moves balances; the records made from it move
// each person's net by exactly that amount, so the group's nets after an import equal the file's
// Total balance row to the paisa.
//
// - A payment (Category "Payment"): the person with + paid the person with −; one settlement (a
//   payment between several people, which Splitwise does not write, pairs them off in column order).
// - An expense with one payer (one +): an exact split paid by them of the row's cost. Each person
//   with − owes what their net says; the payer's own share is the rest of the cost (cost − their
//   net), so the expense keeps its real amount. A cost below the payer's net (a hand-edited file)
//   makes the amount the net, with no share for the payer.
// - An expense with several payers (several +): one expense with its payers. Each person with −
//   shares what they owe; the rest of the cost (cost − what they owe) is the payers' own shares, in
//   proportion to their nets (Splitwise does not say more), and each payer paid their net plus their
//   share. A cost below what is owed makes the amount what is owed, with no share for the payers.
// - A row where every net is zero (someone paid only for themselves) moves no money: nothing.
import { Decimal, fromCents, toCents } from './money.js';

export type RowRecord =
  | {
      kind: 'expense';
      /** Index of the paying person in the row's nets. */
      payer: number;
      amount: Decimal;
      /** Shares by person index, adding up to `amount` exactly. */
      shares: { person: number; share: Decimal }[];
      /** Several payers: what each paid (the first is `payer`), adding up to `amount` exactly. */
      payers?: { person: number; paid: Decimal }[];
    }
  | { kind: 'settlement'; from: number; to: number; amount: Decimal };

export function splitwiseRowRecords(row: {
  nets: readonly Decimal[];
  cost: Decimal;
  payment: boolean;
}): RowRecord[] {
  const creditors = row.nets.flatMap((net, person) =>
    net.isPositive() && !net.isZero() ? [{ person, net }] : [],
  );
  const debtors = row.nets.flatMap((net, person) =>
    net.isNegative() && !net.isZero() ? [{ person, owed: net.neg() }] : [],
  );
  if (creditors.length === 0) return [];
  const pairs = pairOff(creditors, debtors);
  if (row.payment) {
    return pairs.flatMap(({ creditor, parts }) =>
      parts.map((part) => ({
        kind: 'settlement' as const,
        from: creditor,
        to: part.person,
        amount: part.amount,
      })),
    );
  }
  if (creditors.length === 1) {
    const [only] = creditors as [{ person: number; net: Decimal }];
    const payerShare = Decimal.max(row.cost.minus(only.net), 0);
    const shares = debtors.map((d) => ({ person: d.person, share: d.owed }));
    if (payerShare.isPositive() && !payerShare.isZero())
      shares.push({ person: only.person, share: payerShare });
    shares.sort((a, b) => a.person - b.person);
    return [{ kind: 'expense', payer: only.person, amount: only.net.plus(payerShare), shares }];
  }
  return [severalPayers(row.cost, creditors, debtors)];
}

/** One expense paid by several people (see the header): nets exact, payers' shares by their nets. */
function severalPayers(
  cost: Decimal,
  creditors: readonly { person: number; net: Decimal }[],
  debtors: readonly { person: number; owed: Decimal }[],
): RowRecord {
  const owed = debtors.reduce((sum, d) => sum.plus(d.owed), new Decimal(0));
  const rest = Decimal.max(cost.minus(owed), 0);
  const own = byLargestRemainder(
    BigInt(toCents(rest)),
    creditors.map((c) => BigInt(toCents(c.net))),
  ).map((cents) => fromCents(Number(cents)));
  const shares = [
    ...debtors.map((d) => ({ person: d.person, share: d.owed })),
    ...creditors.flatMap((c, i) =>
      (own[i] as Decimal).isZero() ? [] : [{ person: c.person, share: own[i] as Decimal }],
    ),
  ].sort((a, b) => a.person - b.person);
  const payers = creditors.map((c, i) => ({ person: c.person, paid: c.net.plus(own[i] as Decimal) }));
  return {
    kind: 'expense',
    payer: (creditors[0] as { person: number }).person,
    amount: owed.plus(rest),
    shares,
    payers,
  };
}

/** Each creditor's net, covered by the debtors in order: who owes how much to whom. */
function pairOff(
  creditors: readonly { person: number; net: Decimal }[],
  debtors: readonly { person: number; owed: Decimal }[],
): { creditor: number; parts: { person: number; amount: Decimal }[] }[] {
  const left = debtors.map((d) => ({ ...d }));
  let next = 0;
  return creditors.map(({ person, net }) => {
    const parts: { person: number; amount: Decimal }[] = [];
    let due = net;
    while (due.gt(0) && next < left.length) {
      const debtor = left[next] as { person: number; owed: Decimal };
      const take = Decimal.min(due, debtor.owed);
      parts.push({ person: debtor.person, amount: take });
      due = due.minus(take);
      debtor.owed = debtor.owed.minus(take);
      if (debtor.owed.isZero()) next++;
    }
    return { creditor: person, parts };
  });
}

/** `total` paise in proportion to positive `weights`, largest remainders first (exact in bigint). */
function byLargestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  const floors = weights.map((w) => (total * w) / sum);
  let left = total - floors.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, remainder: (total * w) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    floors[i] = (floors[i] as bigint) + 1n;
    left--;
  }
  return floors;
}
