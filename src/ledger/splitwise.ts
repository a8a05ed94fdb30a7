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
// - An expense with several payers (several +): Hisaab's expense has one payer, so the row becomes
//   one part per payer, in column order, each of exactly that payer's net, shared by the people with
//   − taken in column order (a person may straddle two parts). The parts' nets add up to the row's.
// - A row where every net is zero (someone paid only for themselves) moves no money: nothing.
import { Decimal } from './money.js';

export type RowRecord =
  | {
      kind: 'expense';
      /** Index of the paying person in the row's nets. */
      payer: number;
      amount: Decimal;
      /** Shares by person index, adding up to `amount` exactly. */
      shares: { person: number; share: Decimal }[];
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
  return pairs.map(({ creditor, parts }) => ({
    kind: 'expense' as const,
    payer: creditor,
    amount: parts.reduce((sum, p) => sum.plus(p.amount), new Decimal(0)),
    shares: parts.map((p) => ({ person: p.person, share: p.amount })),
  }));
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
