// The group's currency and its rates for others (/currency, /rate), and turning an expense typed in
// another currency into the group's: the rate is the one typed with it, else (for a correction)
// the one the expense was recorded at when the currency is the same, else the group's; with none,
// the expense is refused with a sentence saying how to give one. Nothing is fetched from the network.

import { groupRateSql } from '../db/queries/currency.js';
import {
  convertExpense,
  convertShares,
  Decimal,
  exampleRate,
  formatForeign,
  isLedgerCurrency,
  LedgerError,
  minorUnits,
} from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { type Person, toPerson } from './members.js';

/** What was typed in another currency, kept with the expense. */
export interface OriginalAmount {
  currency: string;
  amount: Decimal;
  /** Units of the group's currency per unit of `currency`. */
  rate: Decimal;
  /** Exact splits: each person's share as typed, by user id. */
  shares?: readonly { userId: number; typed: Decimal }[];
}

export interface PricedExpense {
  /** The amount in the group's currency. */
  amount: Decimal;
  /** Exact splits typed in the other currency: each share converted (adding up to `amount`). */
  values?: Decimal[];
  original?: OriginalAmount;
  groupCurrency: string;
}

/**
 * The expense in the group's currency. `typed` is the amount and exact values as the command gave
 * them; `fallbackRate` is the rate a corrected expense was recorded at (for the same currency).
 */
export async function priceExpense(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: {
    groupId: number;
    amount: Decimal;
    currency?: string;
    rate?: Decimal;
    splitType: string;
    values: readonly (Decimal | undefined)[];
    fallback?: { currency: string; rate: Decimal };
  },
): Promise<PricedExpense> {
  if (input.currency === undefined) return { amount: input.amount, groupCurrency: 'INR' };
  const [row] = await deps.sql.run(groupRateSql, [input.groupId, input.currency]);
  const groupCurrency = row?.currency ?? 'INR';
  if (input.currency === groupCurrency) return { amount: input.amount, groupCurrency };
  const rate =
    input.rate ??
    (input.fallback?.currency === input.currency ? input.fallback.rate : undefined) ??
    (row?.rate ? new Decimal(row.rate) : undefined);
  if (rate === undefined) {
    throw new UseCaseError('NO_RATE', {
      currency: input.currency,
      group: groupCurrency,
      // The figure in the hint is that currency's own (not the dollar's), from the one table.
      example: exampleRate(input.currency, groupCurrency) ?? '1.00',
    });
  }
  const amount = convertExpense(input.amount, input.currency, rate);
  const original: OriginalAmount = { currency: input.currency, amount: input.amount, rate };
  if (input.splitType !== 'EXACT') return { amount, original, groupCurrency };
  const typed = input.values.map((v) => v ?? new Decimal(0));
  const sum = typed.reduce((a, b) => a.plus(b), new Decimal(0));
  if (!sum.equals(input.amount)) {
    const digits = minorUnits(input.currency);
    throw new LedgerError('EXACT_TOTAL_MISMATCH', {
      currency: input.currency,
      total: sum.toFixed(digits),
      typed: input.amount.toFixed(digits),
      gap: sum.minus(input.amount).abs().toFixed(digits),
      direction: sum.lt(input.amount) ? 'short' : 'over',
    });
  }
  const converted = convertShares(
    typed.map((t, i) => ({ participant: i, amount: t })),
    rate,
    amount,
  );
  return { amount, values: converted.map((c) => c.share), original, groupCurrency };
}

/** The original shares as stored (jsonb text), for exact splits typed in another currency. */
export function originalSharesJson(
  original: OriginalAmount | undefined,
  userIds: readonly number[],
  typed: readonly (Decimal | undefined)[] | undefined,
): string | null {
  if (!original || !typed) return null;
  const digits = minorUnits(original.currency);
  return JSON.stringify(
    userIds.map((userId, i) => ({ userId, typed: (typed[i] as Decimal).toFixed(digits) })),
  );
}

/** `USD 45.00 at 83.2`. */
export function describeOriginal(original: Pick<OriginalAmount, 'currency' | 'amount' | 'rate'>): string {
  return `${formatForeign(original.amount, original.currency)} at ${original.rate.toFixed()}`;
}

export interface GroupRateView {
  currency: string;
  rate: Decimal;
  setBy: Person;
  setAt: Date;
}

/** The group's currency and its rates, most recently set first. */
export async function listRates(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number },
): Promise<{ currency: string; rates: GroupRateView[] }> {
  const group = await deps.prisma.group.findUniqueOrThrow({
    where: { id: input.groupId },
    include: { rates: { include: { setBy: true }, orderBy: [{ setAt: 'desc' }, { currency: 'asc' }] } },
  });
  return {
    currency: group.currency,
    rates: group.rates.map((r) => ({
      currency: r.currency,
      rate: new Decimal(r.rate.toString()),
      setBy: toPerson(r.setBy),
      setAt: r.setAt,
    })),
  };
}

/** Sets the group's rate for another currency (replacing the previous one). */
export async function setRate(
  deps: Pick<UseCaseDeps, 'prisma' | 'clock'>,
  input: { groupId: number; currency: string; rate: Decimal; setById: number },
): Promise<{ previous: Decimal | null; groupCurrency: string; setAt: Date }> {
  const group = await deps.prisma.group.findUniqueOrThrow({ where: { id: input.groupId } });
  if (group.currency === input.currency) {
    throw new UseCaseError('RATE_FOR_OWN_CURRENCY', { currency: input.currency });
  }
  const at = deps.clock();
  const key = { groupId_currency: { groupId: input.groupId, currency: input.currency } };
  const previous = await deps.prisma.groupRate.findUnique({ where: key });
  const data = { rate: input.rate.toFixed(), setById: input.setById, setAt: at };
  await deps.prisma.groupRate.upsert({
    where: key,
    create: { groupId: input.groupId, currency: input.currency, ...data },
    update: data,
  });
  return {
    previous: previous ? new Decimal(previous.rate.toString()) : null,
    groupCurrency: group.currency,
    setAt: at,
  };
}

/**
 * Sets the group's own currency, only while nothing is recorded in it (no expense or payment, even
 * undone ones: their amounts are in the old currency). The old rates were in the old currency too,
 * so they are cleared. Only currencies with two decimals: the ledger keeps two.
 */
export async function setGroupCurrency(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; currency: string },
): Promise<{ changed: boolean; previous: string }> {
  if (!isLedgerCurrency(input.currency)) {
    throw new UseCaseError('CURRENCY_NOT_FOR_LEDGER', {
      currency: input.currency,
      decimals: String(minorUnits(input.currency)),
    });
  }
  const group = await deps.prisma.group.findUniqueOrThrow({ where: { id: input.groupId } });
  if (group.currency === input.currency) return { changed: false, previous: group.currency };
  // One conditional update: the currency changes only while the group has recorded nothing.
  const { count } = await deps.prisma.group.updateMany({
    where: { id: input.groupId, currency: group.currency, expenses: { none: {} }, settlements: { none: {} } },
    data: { currency: input.currency },
  });
  if (count === 0) throw new UseCaseError('CURRENCY_IN_USE', { currency: group.currency });
  await deps.prisma.groupRate.deleteMany({ where: { groupId: input.groupId } });
  return { changed: true, previous: group.currency };
}
