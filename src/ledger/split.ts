// Splitting one expense into shares that add up EXACTLY to its amount.
//
// All four split types reduce to one rule, largest remainder in paise: each person's exact share
// (amount × weight ÷ total weight) is rounded down to the paisa, and the paise left over go one
// each to the people whose rounding cut the most, so no share is more than a paisa from its exact
// value. EQUAL uses weight 1 each, PERCENT the percentage in hundredths, SHARES the typed number of
// shares in hundredths (`me 2 @ravi 1` is 200 and 100), EXACT needs no rounding.
//
// Tie-break, and why it rotates: equal remainders (always the case in an equal split) are broken by
// position in the participant list, starting from position `seed % n` and wrapping around. Callers
// pass a per-expense seed (e.g. the Telegram message id), so the odd paisa of "100 among 3" does not
// always land on whoever is named first; for a given seed the result is fully deterministic.
//
// Inside this module money is integer paise in plain numbers (see centsOf in money.ts for why that
// is exact): an amount is at most 10^9 paise and amount × hundredths-of-a-percent at most 10^13,
// far below 2^53. That keeps a 1000-person split well under a millisecond; inputs and outputs are
// Decimals.
import { LedgerError } from './errors.js';
import {
  centsOf,
  type Decimal,
  formatAmount,
  formatPercent,
  fromCents,
  MAX_PARTICIPANTS,
  MAX_WEIGHT,
} from './money.js';

export type SplitType = 'EQUAL' | 'EXACT' | 'PERCENT' | 'SHARES';
export type PersonId = string | number;

export type SplitRequest<Id extends PersonId> =
  | {
      type: 'EQUAL';
      amount: Decimal;
      participants: readonly Id[];
      /**
       * `+200 @ravi -100 @meera`: taken off (or added) first, the rest shared equally; each must be
       * one of the participants, and every share stays above zero.
       */
      adjustments?: readonly { participant: Id; amount: Decimal }[];
    }
  | { type: 'EXACT'; amount: Decimal; shares: readonly { participant: Id; amount: Decimal }[] }
  | { type: 'PERCENT'; amount: Decimal; shares: readonly { participant: Id; percent: Decimal }[] }
  | { type: 'SHARES'; amount: Decimal; shares: readonly { participant: Id; weight: Decimal }[] };

export interface Share<Id extends PersonId> {
  participant: Id;
  share: Decimal;
  /**
   * What was typed for this person: the exact amount (EXACT), the percentage (PERCENT), the shares
   * (SHARES), or the adjustment of an equal split (EQUAL: `+200`, `-100`).
   */
  typed?: Decimal;
}

const MAX_CENTS = 1_000_000_000; // MAX_AMOUNT in paise

function checkAmount(amount: Decimal, participant?: PersonId): number {
  const who: Record<string, string> = participant === undefined ? {} : { participant: String(participant) };
  if (!amount.isFinite()) throw new LedgerError('AMOUNT_NOT_A_NUMBER', { text: amount.toString(), ...who });
  const text = { text: amount.toFixed(), ...who };
  const cents = centsOf(amount);
  if (cents === null) {
    // Not whole paise: too many decimals, or a number too large to be held exactly.
    throw new LedgerError(amount.decimalPlaces() > 2 ? 'AMOUNT_TOO_PRECISE' : 'AMOUNT_TOO_LARGE', text);
  }
  if (cents <= 0) {
    throw participant === undefined
      ? new LedgerError('AMOUNT_NOT_POSITIVE', text)
      : new LedgerError('SHARE_NOT_POSITIVE', { ...who, typed: formatAmount(amount) });
  }
  if (cents > MAX_CENTS) throw new LedgerError('AMOUNT_TOO_LARGE', text);
  return cents;
}

function checkParticipants(count: number, idAt: (i: number) => PersonId): void {
  if (count === 0) throw new LedgerError('NO_PARTICIPANTS');
  if (count > MAX_PARTICIPANTS) {
    throw new LedgerError('TOO_MANY_PARTICIPANTS', { limit: String(MAX_PARTICIPANTS), count: String(count) });
  }
  const seen = new Set<PersonId>();
  for (let i = 0; i < count; i++) {
    const id = idAt(i);
    if (seen.has(id)) throw new LedgerError('DUPLICATE_PARTICIPANT', { participant: String(id) });
    seen.add(id);
  }
}

/** The rotation start for `n` people: `seed % n`, for any integer-ish seed including negative ones. */
function rotationStart(seed: number | undefined, n: number): number {
  const s = seed !== undefined && Number.isFinite(seed) ? Math.trunc(seed) : 0;
  return ((s % n) + n) % n;
}

/**
 * Apportions `total` paise in proportion to positive integer `weights` by largest remainder, ties
 * going round from position `seed % n`. Returns integer paise per weight, summing exactly to
 * `total`. Requires total × max weight and total × sum of weights below 2^53.
 */
export function apportion(total: number, weights: readonly number[], seed = 0): number[] {
  const n = weights.length;
  let weightSum = 0;
  let allEqual = true;
  for (let i = 0; i < n; i++) {
    weightSum += weights[i] as number;
    if (weights[i] !== weights[0]) allEqual = false;
  }
  const cents = new Array<number>(n);
  const start = rotationStart(seed, n);
  if (allEqual) {
    // Equal weights leave equal remainders: the leftover paise go round from `start`.
    const base = Math.floor(total / n);
    const leftover = total - base * n;
    for (let i = 0; i < n; i++) cents[i] = base + ((i - start + n) % n < leftover ? 1 : 0);
    return cents;
  }
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
  const order = new Array<number>(n);
  for (let k = 0; k < n; k++) order[k] = (start + k) % n;
  // Array.prototype.sort is stable, so equal remainders keep the rotated order.
  order.sort((a, b) => (remainders[b] as number) - (remainders[a] as number));
  for (let k = 0; leftover > 0; k++, leftover--) {
    const index = order[k] as number;
    cents[index] = (cents[index] as number) + 1;
  }
  return cents;
}

/**
 * apportion for amounts of any size: `total` paise in proportion to non-negative bigint `weights`
 * (at least one positive), by largest remainder, ties going round from position `seed % n` as in
 * apportion. Each result is the exact proportional amount rounded down or up; they sum to `total`.
 * For weights that are not small integers (an itemised bill's shares of items are fractions over a
 * common denominator, src/ledger/bill.ts), where apportion's products would not be exact.
 */
export function apportionExact(total: bigint, weights: readonly bigint[], seed = 0): bigint[] {
  const n = weights.length;
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  if (weightSum <= 0n) throw new RangeError('the weights must add up to more than zero');
  const cents: bigint[] = [];
  const remainders: bigint[] = [];
  let leftover = total;
  for (const weight of weights) {
    const product = total * weight;
    const floor = product / weightSum;
    cents.push(floor);
    remainders.push(product - floor * weightSum);
    leftover -= floor;
  }
  const start = rotationStart(seed, n);
  const order = Array.from({ length: n }, (_, k) => (start + k) % n);
  // Stable: equal remainders keep the rotated order.
  order.sort((a, b) => {
    const d = (remainders[b] as bigint) - (remainders[a] as bigint);
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  });
  for (let k = 0; leftover > 0n; k++, leftover--) {
    const index = order[k] as number;
    cents[index] = (cents[index] as bigint) + 1n;
  }
  return cents;
}

/** Decimals are immutable, so one instance per distinct share is shared by everyone who has it. */
function decimalCache(): (cents: number) => Decimal {
  const cache = new Map<number, Decimal>();
  return (cents) => {
    let value = cache.get(cents);
    if (value === undefined) {
      value = fromCents(cents);
      cache.set(cents, value);
    }
    return value;
  };
}

/**
 * An equal split with adjustments: each adjustment first, then what is left shared equally (the
 * odd paisa by the same rotation as a plain equal split). Every share must stay above zero.
 */
function adjustedEqual<Id extends PersonId>(
  request: Extract<SplitRequest<Id>, { type: 'EQUAL' }>,
  total: number,
  seed: number | undefined,
): Share<Id>[] {
  const { participants } = request;
  const adjusted = new Map<Id, number>();
  for (const { participant, amount } of request.adjustments ?? []) {
    if (!participants.includes(participant))
      throw new LedgerError('ADJUSTMENT_OUTSIDE_SPLIT', { participant: String(participant) });
    if (adjusted.has(participant))
      throw new LedgerError('DUPLICATE_PARTICIPANT', { participant: String(participant) });
    const cents = checkAmount(amount.abs(), participant);
    adjusted.set(participant, amount.isNegative() ? -cents : cents);
  }
  const rest = total - [...adjusted.values()].reduce((a, b) => a + b, 0);
  if (rest < 0) throw new LedgerError('ADJUSTMENTS_OVER_AMOUNT', { amount: formatAmount(request.amount) });
  const equal = apportion(rest, new Array<number>(participants.length).fill(1), seed);
  const decimal = decimalCache();
  return participants.map((participant, i) => {
    const adjustment = adjusted.get(participant);
    const cents = (equal[i] as number) + (adjustment ?? 0);
    if (cents <= 0) throw new LedgerError('SHARE_NOT_POSITIVE', { participant: String(participant) });
    return {
      participant,
      share: decimal(cents),
      ...(adjustment === undefined ? {} : { typed: fromCents(adjustment) }),
    };
  });
}

/**
 * Splits an expense into one share per participant, in input order; the shares always add up
 * exactly to the amount. Throws LedgerError for anything a person could have typed wrong.
 */
export function splitExpense<Id extends PersonId>(
  request: SplitRequest<Id>,
  options: { seed?: number } = {},
): Share<Id>[] {
  const total = checkAmount(request.amount);
  switch (request.type) {
    case 'EQUAL': {
      const { participants } = request;
      const n = participants.length;
      checkParticipants(n, (i) => participants[i] as Id);
      if (total < n) {
        throw new LedgerError('SHARE_NOT_POSITIVE', {
          amount: formatAmount(request.amount),
          count: String(n),
        });
      }
      if (request.adjustments?.length) return adjustedEqual(request, total, options.seed);
      const decimal = decimalCache();
      const cents = apportion(total, new Array<number>(n).fill(1), options.seed);
      return participants.map((participant, i) => ({ participant, share: decimal(cents[i] as number) }));
    }
    case 'EXACT': {
      const { shares } = request;
      checkParticipants(shares.length, (i) => (shares[i] as { participant: Id }).participant);
      let sum = 0;
      for (const s of shares) sum += checkAmount(s.amount, s.participant);
      if (sum !== total) {
        throw new LedgerError('EXACT_TOTAL_MISMATCH', {
          total: formatAmount(fromCents(sum)),
          typed: formatAmount(request.amount),
          amount: formatAmount(request.amount),
          gap: formatAmount(fromCents(Math.abs(total - sum))),
          direction: sum < total ? 'short' : 'over',
        });
      }
      // The typed Decimal is already whole paise and immutable: it is the share as it stands.
      return shares.map((s) => ({ participant: s.participant, share: s.amount, typed: s.amount }));
    }
    case 'PERCENT': {
      const { shares } = request;
      checkParticipants(shares.length, (i) => (shares[i] as { participant: Id }).participant);
      const weights = hundredths(
        shares.map((s) => ({ participant: s.participant, value: s.percent })),
        PERCENT_CODES,
        10_000,
      );
      const sum = weights.reduce((a, b) => a + b, 0);
      if (sum !== 10_000)
        throw new LedgerError('PERCENT_TOTAL_MISMATCH', { total: formatPercent(fromCents(sum)) });
      const cents = apportion(total, weights, options.seed);
      const decimal = decimalCache();
      return shares.map((s, i) => {
        const c = cents[i] as number;
        if (c === 0) {
          throw new LedgerError('SHARE_NOT_POSITIVE', {
            participant: String(s.participant),
            percent: formatPercent(s.percent),
            amount: formatAmount(request.amount),
          });
        }
        return { participant: s.participant, share: decimal(c), typed: s.percent };
      });
    }
    case 'SHARES': {
      const { shares } = request;
      checkParticipants(shares.length, (i) => (shares[i] as { participant: Id }).participant);
      const weights = hundredths(
        shares.map((s) => ({ participant: s.participant, value: s.weight })),
        WEIGHT_CODES,
        MAX_WEIGHT * 100,
      );
      const cents = apportion(total, weights, options.seed);
      const decimal = decimalCache();
      return shares.map((s, i) => {
        const c = cents[i] as number;
        if (c === 0) {
          throw new LedgerError('SHARE_NOT_POSITIVE', {
            participant: String(s.participant),
            weight: s.weight.toFixed(),
            amount: formatAmount(request.amount),
          });
        }
        return { participant: s.participant, share: decimal(c), typed: s.weight };
      });
    }
  }
}

const PERCENT_CODES = {
  notANumber: 'PERCENT_NOT_A_NUMBER',
  tooPrecise: 'PERCENT_TOO_PRECISE',
  tooLarge: 'PERCENT_TOO_LARGE',
  notPositive: 'PERCENT_NOT_POSITIVE',
} as const;

const WEIGHT_CODES = {
  notANumber: 'WEIGHT_NOT_A_NUMBER',
  tooPrecise: 'WEIGHT_TOO_PRECISE',
  tooLarge: 'WEIGHT_TOO_LARGE',
  notPositive: 'WEIGHT_NOT_POSITIVE',
} as const;

/**
 * Percentages or weights as integer hundredths (the apportioning weights), each checked: a finite
 * number, at most two decimals, above zero, at most `max` hundredths. Refusals name the person.
 */
function hundredths<Id extends PersonId>(
  values: readonly { participant: Id; value: Decimal }[],
  codes: typeof PERCENT_CODES | typeof WEIGHT_CODES,
  max: number,
): number[] {
  return values.map(({ participant, value }) => {
    const who = { participant: String(participant), text: value.toFixed() };
    const weight = centsOf(value);
    if (weight === null) {
      const code = !value.isFinite()
        ? codes.notANumber
        : value.decimalPlaces() > 2
          ? codes.tooPrecise
          : codes.tooLarge;
      throw new LedgerError(code, who);
    }
    if (weight <= 0) throw new LedgerError(codes.notPositive, who);
    if (weight > max) throw new LedgerError(codes.tooLarge, who);
    return weight;
  });
}
