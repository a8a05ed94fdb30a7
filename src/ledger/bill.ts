// An itemised bill split by who had what: each item is shared equally among the people who had it,
// and the charges (`+5% GST`, `+40 tip`, `-50 discount`) are spread over the items in proportion to
// their amounts, so each person pays the bill's total × (their part of the items ÷ all the items).
//
// Exact to the paisa in one step: a person's part of the items is Σ amount ÷ people over the items
// they had, a fraction; over a common denominator (the least common multiple of the items' head
// counts) every part is an integer, and the total is apportioned over those integers by largest
// remainder (apportionExact, in bigint so the products are exact at any size). So the shares add
// up to the total and each is within a paisa of its proportional value, however many items there are
// (rounding item by item would let a person drift a paisa per item).
//
// A percentage charge is a percentage of the items' sum (not of the items plus other charges, as
// Indian bills print GST and service on the food), rounded to the paisa, half up.
import { LedgerError } from './errors.js';
import { type Decimal, formatAmount, formatPercent, fromCents, MAX_PARTICIPANTS, toCents } from './money.js';
import { apportionExact, type PersonId, type Share } from './split.js';

const MAX_CENTS = 1_000_000_000n; // MAX_AMOUNT in paise

export interface BillItemLine<Id extends PersonId> {
  /** Positive, at most two decimals. */
  amount: Decimal;
  /** Who had it, each once; shared equally among them. */
  people: readonly Id[];
}

/** A charge or discount line: a signed percentage of the items' sum, or a signed amount. */
export type BillChargeLine = { percent: Decimal; line?: number } | { amount: Decimal; line?: number };

export interface BillRequest<Id extends PersonId> {
  items: readonly BillItemLine<Id>[];
  charges: readonly BillChargeLine[];
  /** The total written on the bill's first line, to be checked against the lines. */
  total?: Decimal;
}

export interface BillSplit<Id extends PersonId> {
  /** The items' sum. */
  subtotal: Decimal;
  /** Each charge line's amount in paise made Decimal, signed, in the order given. */
  charges: Decimal[];
  /** The items plus the charges: what was paid. */
  total: Decimal;
  /** One per person, in the order they first appear on the items; they add up to `total`. */
  shares: Share<Id>[];
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** A charge line in signed paise: a percentage of `subtotal` paise rounded half up, or the amount. */
export function chargeCents(charge: BillChargeLine, subtotal: bigint): bigint {
  if ('amount' in charge) return BigInt(toCents(charge.amount));
  const hundredths = BigInt(toCents(charge.percent)); // 5% is 500
  const product = subtotal * (hundredths < 0n ? -hundredths : hundredths);
  const rounded = (product + 5_000n) / 10_000n;
  return hundredths < 0n ? -rounded : rounded;
}

/**
 * Each person's part of the items as integer weights over a common denominator: Σ amount × (L ÷ n)
 * over the items they had, L the least common multiple of the items' head counts.
 */
export function itemWeights<Id extends PersonId>(
  items: readonly BillItemLine<Id>[],
): { people: Id[]; weights: bigint[] } {
  let lcm = 1n;
  for (const item of items) {
    const n = BigInt(item.people.length);
    lcm = (lcm / gcd(lcm, n)) * n;
  }
  const index = new Map<Id, number>();
  const people: Id[] = [];
  const weights: bigint[] = [];
  for (const item of items) {
    const part = BigInt(toCents(item.amount)) * (lcm / BigInt(item.people.length));
    for (const person of item.people) {
      let at = index.get(person);
      if (at === undefined) {
        at = people.length;
        index.set(person, at);
        people.push(person);
        weights.push(0n);
      }
      weights[at] = (weights[at] as bigint) + part;
    }
  }
  return { people, weights };
}

/**
 * Splits an itemised bill; the shares add up exactly to the items plus the charges. Throws
 * LedgerError when the total written on the first line differs from that, when the charges take the
 * bill to zero or below or above the limit, or when someone's share would be less than a paisa.
 */
export function splitBill<Id extends PersonId>(
  request: BillRequest<Id>,
  options: { seed?: number } = {},
): BillSplit<Id> {
  if (request.items.length === 0) throw new LedgerError('NO_PARTICIPANTS');
  const subtotal = request.items.reduce((sum, item) => sum + BigInt(toCents(item.amount)), 0n);
  const charges = request.charges.map((charge) => chargeCents(charge, subtotal));
  const total = charges.reduce((sum, c) => sum + c, subtotal);
  checkTotal(request, subtotal, charges, total);
  const { people, weights } = itemWeights(request.items);
  if (people.length > MAX_PARTICIPANTS) {
    throw new LedgerError('TOO_MANY_PARTICIPANTS', {
      limit: String(MAX_PARTICIPANTS),
      count: String(people.length),
    });
  }
  const cents = apportionExact(total, weights, options.seed);
  const shares = people.map((participant, i) => {
    const share = cents[i] as bigint;
    if (share <= 0n) throw new LedgerError('SHARE_NOT_POSITIVE', { participant: String(participant) });
    return { participant, share: fromCents(Number(share)) };
  });
  return {
    subtotal: fromCents(Number(subtotal)),
    charges: charges.map((c) => fromCents(Number(c))),
    total: fromCents(Number(total)),
    shares,
  };
}

function checkTotal<Id extends PersonId>(
  request: BillRequest<Id>,
  subtotal: bigint,
  charges: readonly bigint[],
  total: bigint,
): void {
  if (total <= 0n) {
    const last = [...request.charges].reverse().find((c) => ('percent' in c ? c.percent : c.amount).lt(0));
    throw new LedgerError('BILL_NOT_POSITIVE', {
      total: formatAmount(fromCents(Number(total))),
      items: formatAmount(fromCents(Number(subtotal))),
      ...(last?.line === undefined ? {} : { line: String(last.line) }),
    });
  }
  if (total > MAX_CENTS) throw new LedgerError('AMOUNT_TOO_LARGE', {});
  const typed = request.total;
  if (typed === undefined) return;
  const written = BigInt(toCents(typed));
  if (written === total) return;
  const gap = written > total ? written - total : total - written;
  throw new LedgerError('BILL_TOTAL_MISMATCH', {
    typed: formatAmount(typed),
    total: formatAmount(fromCents(Number(total))),
    gap: formatAmount(fromCents(Number(gap))),
    direction: total < written ? 'short' : 'over',
    charges: charges.length > 0 ? 'yes' : '',
  });
}

/** "5%" or "-10%": how a percentage charge line is shown. */
export function chargePercentShown(percent: Decimal): string {
  return `${percent.isNegative() ? '-' : '+'}${formatPercent(percent.abs())}%`;
}
