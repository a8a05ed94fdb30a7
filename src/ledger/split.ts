// Splitting one expense into shares that add up EXACTLY to its amount.
//
// All three split types reduce to one rule, largest remainder in paise: each person's exact share
// (amount × weight ÷ total weight) is rounded down to the paisa, and the paise left over go one
// each to the people whose rounding cut the most. Ties (always, for an equal split) are broken by
// position in the participant list, starting from `seed % n` and wrapping around: callers pass a
// per-expense seed (the message id), so the odd paisa does not always land on the same person.
//
// Inside this module money is held as integer paise in plain numbers: an amount is at most
// 1,00,00,000.00 = 10^9 paise, and amount × percentage-in-hundredths ≤ 10^13, both far below 2^53,
// so the arithmetic is exact, and fast enough for 1000 participants in well under a millisecond.
import { LedgerError } from './errors.js';
import { Decimal, formatAmount, formatPercent, MAX_AMOUNT, MAX_PARTICIPANTS } from './money.js';

export type SplitType = 'EQUAL' | 'EXACT' | 'PERCENT';
export type PersonId = string | number;

export type SplitRequest<Id extends PersonId> =
  | { type: 'EQUAL'; amount: Decimal; participants: readonly Id[] }
  | { type: 'EXACT'; amount: Decimal; shares: readonly { participant: Id; amount: Decimal }[] }
  | { type: 'PERCENT'; amount: Decimal; shares: readonly { participant: Id; percent: Decimal }[] };

export interface Share<Id extends PersonId> {
  participant: Id;
  share: Decimal;
  /** What was typed for this person: the exact amount (EXACT) or the percentage (PERCENT). */
  typed?: Decimal;
}

/** Integer paise (or hundredths of a percent) of a Decimal with at most two decimals. */
export function toCents(value: Decimal): number {
  // Exact for two-decimal values up to 10^13: the float's error is far below half a paisa.
  return Math.round(value.toNumber() * 100);
}

export function fromCents(cents: number): Decimal {
  // Built from text: much faster than Decimal division, and exact.
  const abs = Math.abs(cents);
  const paise = abs % 100;
  return new Decimal(`${cents < 0 ? '-' : ''}${(abs - paise) / 100}.${paise < 10 ? '0' : ''}${paise}`);
}

function checkAmount(amount: Decimal): number {
  if (amount.decimalPlaces() > 2) throw new LedgerError('AMOUNT_TOO_PRECISE', { text: amount.toString() });
  if (amount.lte(0)) throw new LedgerError('AMOUNT_NOT_POSITIVE', { text: amount.toString() });
  if (amount.gt(MAX_AMOUNT)) throw new LedgerError('AMOUNT_TOO_LARGE', { text: amount.toString() });
  return toCents(amount);
}

function checkParticipants<Id extends PersonId>(ids: readonly Id[]): void {
  if (ids.length === 0) throw new LedgerError('NO_PARTICIPANTS');
  if (ids.length > MAX_PARTICIPANTS) {
    throw new LedgerError('TOO_MANY_PARTICIPANTS', {
      limit: String(MAX_PARTICIPANTS),
      count: String(ids.length),
    });
  }
  const seen = new Set<Id>();
  for (const id of ids) {
    if (seen.has(id)) throw new LedgerError('DUPLICATE_PARTICIPANT', { participant: String(id) });
    seen.add(id);
  }
}

/**
 * Apportions `total` cents in proportion to integer `weights` (largest remainder, rotating ties).
 * Returns integer cents per weight, summing exactly to `total`.
 */
export function apportion(total: number, weights: readonly number[], seed = 0): number[] {
  const n = weights.length;
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const cents = new Array<number>(n);
  const remainders = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const product = total * (weights[i] as number);
    const floor = Math.floor(product / weightSum);
    cents[i] = floor;
    remainders[i] = product - floor * weightSum;
    given += floor;
  }
  let leftover = total - given;
  if (leftover === 0) return cents;
  const start = ((seed % n) + n) % n;
  const order = Array.from({ length: n }, (_, k) => (start + k) % n);
  // Stable sort keeps the rotated order among equal remainders.
  order.sort((a, b) => (remainders[b] as number) - (remainders[a] as number));
  for (const index of order) {
    if (leftover === 0) break;
    cents[index] = (cents[index] as number) + 1;
    leftover--;
  }
  return cents;
}

export function splitExpense<Id extends PersonId>(
  request: SplitRequest<Id>,
  options: { seed?: number } = {},
): Share<Id>[] {
  const total = checkAmount(request.amount);
  const seed = options.seed ?? 0;
  switch (request.type) {
    case 'EQUAL': {
      checkParticipants(request.participants);
      const n = request.participants.length;
      if (total < n) {
        throw new LedgerError('SHARE_NOT_POSITIVE', {
          amount: formatAmount(request.amount),
          count: String(n),
        });
      }
      const cents = apportion(total, new Array<number>(n).fill(1), seed);
      return request.participants.map((participant, i) => ({
        participant,
        share: fromCents(cents[i] as number),
      }));
    }
    case 'EXACT': {
      checkParticipants(request.shares.map((s) => s.participant));
      let sum = 0;
      for (const s of request.shares) {
        if (s.amount.decimalPlaces() > 2)
          throw new LedgerError('AMOUNT_TOO_PRECISE', { text: s.amount.toString() });
        if (s.amount.lte(0))
          throw new LedgerError('SHARE_NOT_POSITIVE', { participant: String(s.participant) });
        sum += toCents(s.amount);
      }
      if (sum !== total) {
        const gap = Math.abs(total - sum);
        throw new LedgerError('EXACT_TOTAL_MISMATCH', {
          total: formatAmount(fromCents(sum)),
          amount: formatAmount(request.amount),
          gap: formatAmount(fromCents(gap)),
          direction: sum < total ? 'short' : 'over',
        });
      }
      return request.shares.map((s) => ({
        participant: s.participant,
        share: fromCents(toCents(s.amount)),
        typed: s.amount,
      }));
    }
    case 'PERCENT': {
      checkParticipants(request.shares.map((s) => s.participant));
      const weights = request.shares.map((s) => {
        if (s.percent.decimalPlaces() > 2)
          throw new LedgerError('PERCENT_TOO_PRECISE', { text: s.percent.toString() });
        if (s.percent.isNegative() || s.percent.isZero()) {
          throw new LedgerError('PERCENT_NOT_POSITIVE', { text: s.percent.toString() });
        }
        return toCents(s.percent);
      });
      const sum = weights.reduce((a, w) => a + w, 0);
      if (sum !== 10_000)
        throw new LedgerError('PERCENT_TOTAL_MISMATCH', { total: formatPercent(fromCents(sum)) });
      const cents = apportion(total, weights, seed);
      return request.shares.map((s, i) => {
        if (cents[i] === 0) {
          throw new LedgerError('SHARE_NOT_POSITIVE', { participant: String(s.participant) });
        }
        return { participant: s.participant, share: fromCents(cents[i] as number), typed: s.percent };
      });
    }
  }
}
