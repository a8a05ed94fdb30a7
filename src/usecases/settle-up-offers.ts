// UPI pay links in /settleup: each proposed payment whose payee has a UPI id becomes an offer (its
// amount frozen, so the pay link and what the "Paid" button records agree), and the payer's press
// records it through recordSettlement, keyed by the offer: the settlement's source message id is
// the offer's id negated, which no Telegram message has, so double taps, a redelivered press and
// two instances record it once (hisaab_record_settlement is idempotent per source).
import { Decimal, type Transfer } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { type Person, toPerson } from './members.js';
import { type RecordedSettlement, recordSettlement } from './record-settlement.js';

/** Most payments of one /settleup that get a pay link and a button (Telegram keyboards are small). */
export const MAX_OFFERS = 20;

export interface SettleUpOffer {
  id: number;
  transfer: Transfer<number>;
  /** The payee's UPI id. */
  upiId: string;
}

/** Offers for the transfers whose payee has a UPI id (at most MAX_OFFERS), in the plan's order. */
export async function offerSettleUp(
  deps: Pick<UseCaseDeps, 'prisma' | 'clock'>,
  input: { groupId: number; transfers: readonly Transfer<number>[] },
): Promise<SettleUpOffer[]> {
  const payees = [...new Set(input.transfers.map((t) => t.to))];
  if (payees.length === 0) return [];
  const withUpi = await deps.prisma.user.findMany({
    where: { id: { in: payees }, upiId: { not: null } },
    select: { id: true, upiId: true },
  });
  const upi = new Map(withUpi.map((u) => [u.id, u.upiId as string]));
  const offered = input.transfers.filter((t) => upi.has(t.to)).slice(0, MAX_OFFERS);
  if (offered.length === 0) return [];
  const at = deps.clock();
  const rows = await deps.prisma.settleUpOffer.createManyAndReturn({
    data: offered.map((t) => ({
      groupId: input.groupId,
      fromUserId: t.from,
      toUserId: t.to,
      amount: t.amount.toFixed(2),
      createdAt: at,
    })),
    select: { id: true },
  });
  // createManyAndReturn keeps the order of `data`.
  return offered.map((transfer, i) => ({
    id: (rows[i] as { id: number }).id,
    transfer,
    upiId: upi.get(transfer.to) as string,
  }));
}

export interface PaidOffer extends RecordedSettlement {
  from: Person;
  to: Person;
}

/**
 * The payer says they paid an offer: records it (once) as their payment to the payee. Only the
 * payer may (the button carries their Telegram id; this checks the person too).
 */
export async function payOffer(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'clock'>,
  input: { groupId: number; offerId: number; payerId: number; chatId: number | bigint },
): Promise<PaidOffer> {
  const offer = await deps.prisma.settleUpOffer.findFirst({
    where: { id: input.offerId, groupId: input.groupId },
  });
  if (!offer) throw new UseCaseError('SETTLE_OFFER_GONE');
  const [from, to] = await Promise.all(
    [offer.fromUserId, offer.toUserId].map((id) => deps.prisma.user.findUniqueOrThrow({ where: { id } })),
  );
  if (!from || !to) throw new UseCaseError('SETTLE_OFFER_GONE');
  if (from.id !== input.payerId) {
    throw new UseCaseError('NOT_THE_PAYER', { name: from.firstName });
  }
  const record = () =>
    recordSettlement(deps, {
      groupId: input.groupId,
      from: toPerson(from),
      to: toPerson(to),
      amount: new Decimal(offer.amount.toString()),
      recordedById: from.id,
      source: { chatId: input.chatId, messageId: -offer.id },
      note: 'UPI',
    });
  let recorded: RecordedSettlement;
  try {
    recorded = await record();
  } catch (error) {
    // Two presses at once (two instances on PostgreSQL): hisaab_record_settlement looks for the
    // source before it locks, so the later one can meet the earlier one's row at its insert. The
    // unique source refused the second row; asked again, it finds the first and records nothing.
    if (!isDuplicateSource(error)) throw error;
    recorded = await record();
  }
  return { ...recorded, from: toPerson(from), to: toPerson(to) };
}

function isDuplicateSource(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  return (
    e?.code === '23505' &&
    (e.constraint === 'Settlement_sourceChatId_sourceMessageId_key' ||
      String(e.message).includes('Settlement_sourceChatId_sourceMessageId_key'))
  );
}
