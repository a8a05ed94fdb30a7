// /settleup plans and their Paid buttons. Each /settleup is kept as a plan (SettleUpPlan): its
// payments and the state of the group's balances they were computed from. Each payment whose payee
// has a UPI id becomes an offer (its amount frozen, so the pay link and what the Paid button records
// agree). A press goes through hisaab_pay_offer, one statement that trusts nothing the button
// carries: the offer must be in the group, the presser its payer, and the balances still in the
// plan's state (else nothing is recorded and the presser gets the current plan). It locks the plan,
// so two presses (twice, or two instances at once) record one payment; the payment's source message
// id is the offer's id negated, which no Telegram message has.
import { payOfferSql } from '../db/queries/ledger.js';
import { Decimal, type Transfer } from '../ledger/index.js';
import { owedInGroup, peopleById, planTransfers } from './balances.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { type Person, toPerson } from './members.js';

/** Most payments of one /settleup that get a pay link and a button (Telegram keyboards are small). */
export const MAX_OFFERS = 20;

export interface SettleUpOffer {
  id: number;
  transfer: Transfer<number>;
  /** The payee's UPI id. */
  upiId: string;
  /** The payment its button recorded, if it was pressed. */
  settlementId: number | null;
  /** That payment's P number in the group. */
  paymentNumber?: number | null;
}

export interface KeptPlan {
  planId: number;
  transfers: Transfer<number>[];
  offers: SettleUpOffer[];
}

/**
 * Keeps a /settleup's plan, tied to the balances' state it was computed from, with offers for the
 * payments whose payee has a UPI id (at most MAX_OFFERS; none when `upi` is false), in plan order.
 */
export async function offerSettleUp(
  deps: Pick<UseCaseDeps, 'prisma' | 'clock'>,
  input: { groupId: number; transfers: readonly Transfer<number>[]; state: string; upi?: boolean },
): Promise<KeptPlan> {
  const at = deps.clock();
  const plan = await deps.prisma.settleUpPlan.create({
    data: {
      groupId: input.groupId,
      state: input.state,
      createdAt: at,
      transfers: input.transfers.map((t) => ({ from: t.from, to: t.to, amount: t.amount.toFixed(2) })),
    },
    select: { id: true },
  });
  // The simplified view keeps the latest plan's rows: the Mini App's cached pages follow it.
  await deps.prisma.group.update({ where: { id: input.groupId }, data: { viewVersion: { increment: 1 } } });
  const payees = [...new Set(input.transfers.map((t) => t.to))];
  const withUpi =
    input.upi === false || payees.length === 0
      ? []
      : await deps.prisma.user.findMany({
          where: { id: { in: payees }, upiId: { not: null } },
          select: { id: true, upiId: true },
        });
  const upi = new Map(withUpi.map((u) => [u.id, u.upiId as string]));
  const offered = input.transfers.filter((t) => upi.has(t.to)).slice(0, MAX_OFFERS);
  const rows =
    offered.length === 0
      ? []
      : await deps.prisma.settleUpOffer.createManyAndReturn({
          data: offered.map((t) => ({
            groupId: input.groupId,
            planId: plan.id,
            fromUserId: t.from,
            toUserId: t.to,
            amount: t.amount.toFixed(2),
            createdAt: at,
          })),
          select: { id: true },
        });
  // createManyAndReturn keeps the order of `data`.
  const offers = offered.map((transfer, i) => ({
    id: (rows[i] as { id: number }).id,
    transfer,
    upiId: upi.get(transfer.to) as string,
    settlementId: null,
  }));
  return { planId: plan.id, transfers: [...input.transfers], offers };
}

/** A kept plan as it stands: its payments, and its offers with what their buttons recorded. */
export async function keptPlan(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; planId: number },
): Promise<(KeptPlan & { people: Map<number, Person> }) | null> {
  const plan = await deps.prisma.settleUpPlan.findFirst({
    where: { id: input.planId, groupId: input.groupId },
    include: { offers: { orderBy: { id: 'asc' } } },
  });
  if (!plan) return null;
  const transfers = planTransfers(plan.transfers);
  const payees = await deps.prisma.user.findMany({
    where: { id: { in: plan.offers.map((o) => o.toUserId) } },
    select: { id: true, upiId: true },
  });
  const upi = new Map(payees.map((p) => [p.id, p.upiId ?? '']));
  const paidIds = plan.offers.flatMap((o) => (o.settlementId === null ? [] : [o.settlementId]));
  const payments = await deps.prisma.settlement.findMany({
    where: { id: { in: paidIds } },
    select: { id: true, number: true },
  });
  const numbers = new Map(payments.map((s) => [s.id, s.number]));
  const offers = plan.offers.flatMap((o) => {
    const transfer = transfers.find((t) => t.from === o.fromUserId && t.to === o.toUserId);
    const paymentNumber = o.settlementId === null ? null : (numbers.get(o.settlementId) ?? null);
    return transfer
      ? [
          {
            id: o.id,
            transfer,
            upiId: upi.get(o.toUserId) ?? '',
            settlementId: o.settlementId,
            paymentNumber,
          },
        ]
      : [];
  });
  const people = await peopleById(deps, [...new Set(transfers.flatMap((t) => [t.from, t.to]))]);
  return { planId: plan.id, transfers, offers, people };
}

export type PaidOffer =
  | {
      outcome: 'recorded' | 'already';
      id: number;
      /** P number within the group. */
      number: number;
      amount: Decimal;
      from: Person;
      to: Person;
      planId: number | null;
      /** What `from` owes `to` now, as the group's view shows it (negative: the other way). */
      owedAfter: Decimal;
    }
  | { outcome: 'stale' };

/** The payer says they paid a row of a plan: records it once, while the plan is still right. */
export async function payOffer(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'clock'>,
  input: { groupId: number; offerId: number; payerId: number; chatId: number | bigint },
): Promise<PaidOffer> {
  const [row] = await deps.sql.run(payOfferSql, [
    input.offerId,
    input.groupId,
    input.payerId,
    String(input.chatId),
    deps.clock().toISOString(),
  ]);
  if (!row || row.outcome === 'gone') throw new UseCaseError('SETTLE_OFFER_GONE');
  if (row.outcome === 'not_payer') {
    const offer = await deps.prisma.settleUpOffer.findUniqueOrThrow({ where: { id: input.offerId } });
    const payer = await deps.prisma.user.findUniqueOrThrow({ where: { id: offer.fromUserId } });
    throw new UseCaseError('NOT_THE_PAYER', { name: payer.firstName });
  }
  if (row.outcome === 'stale' || row.settlementId === null) return { outcome: 'stale' };
  const settlement = await deps.prisma.settlement.findUniqueOrThrow({
    where: { id: row.settlementId },
    include: { from: true, to: true },
  });
  return {
    outcome: row.outcome === 'recorded' ? 'recorded' : 'already',
    id: settlement.id,
    number: settlement.number,
    amount: new Decimal(settlement.amount.toString()),
    from: toPerson(settlement.from),
    to: toPerson(settlement.to),
    planId: row.planId,
    owedAfter: await owedInGroup(deps, {
      groupId: input.groupId,
      debtorId: settlement.fromUserId,
      creditorId: settlement.toUserId,
    }),
  };
}
