// /remind @ravi: one person who owes the asker in this group is nudged privately, at most once a
// day per (group, asker, debtor). The day is claimed before the message is sent, so a restart or a
// second instance never sends it twice; a nudge that could not be delivered (they never opened a
// chat with the bot) releases its claim, so the asker can try again once they have.
import {
  claimReminderSql,
  claimRemindersSql,
  releaseReminderSql,
  reminderDeliveredSql,
  remindersDeliveredSql,
} from '../db/queries/reminders.js';
import { Decimal } from '../ledger/index.js';
import { debtsOf, type OwedLine } from './debts-of-people.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { displayName, type Person, type PersonRef, type TelegramGroup } from './members.js';

export interface ClaimedReminder {
  claimId: number;
  debtor: Person;
  owed: Decimal;
  /** The debt as /balances and the digest show it (the same read), with its age. */
  line: OwedLine;
  /** The asker's UPI id, for a pay link in a group that keeps INR (null: none, or another currency). */
  upiId: string | null;
}

export async function claimRemind(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'members' | 'clock'>,
  input: { group: TelegramGroup; groupId: number; asker: Person; debtor: PersonRef; day: string },
): Promise<ClaimedReminder> {
  const [debtor] = await deps.members.resolve(input.group, [input.debtor]);
  if (!debtor) throw new Error('resolve returned nobody');
  if (debtor.id === input.asker.id) throw new UseCaseError('REMIND_SELF');
  // One read, the group's view (usecases/balances.ts): the figure named is the one /balances shows.
  const [debts] = await debtsOf(deps, [debtor.id], { groupIds: [input.groupId] });
  const line = debts?.lines.find((l) => l.groupId === input.groupId && l.creditor.id === input.asker.id);
  const owed = line?.amount ?? new Decimal(0);
  if (!line || !owed.gt(0)) throw new UseCaseError('REMIND_NOT_OWED', { name: displayName(debtor) });
  const [claim] = await deps.sql.run(claimReminderSql, [
    'remind',
    input.day,
    input.groupId,
    input.asker.id,
    debtor.id,
    deps.clock().toISOString(),
  ]);
  if (!claim) throw new UseCaseError('REMINDED_TODAY', { name: displayName(debtor) });
  const asker = await deps.prisma.user.findUnique({ where: { id: input.asker.id }, select: { upiId: true } });
  const upiId = line.currency === 'INR' ? (asker?.upiId ?? null) : null;
  return { claimId: claim.id, debtor, owed, line, upiId };
}

/**
 * After sending: a delivered reminder is marked so; an undelivered /remind is released (the others,
 * digests and automatic nudges, keep their claim: they are not retried within their period).
 */
export async function finishReminder(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  input: { claimId: number; delivered: boolean; release: boolean },
): Promise<void> {
  if (input.delivered) await deps.sql.run(reminderDeliveredSql, [input.claimId, deps.clock().toISOString()]);
  else if (input.release) await deps.sql.run(releaseReminderSql, [input.claimId]);
}

/** Claims a digest or automatic nudge; false when it was claimed already (by this run, another, or before a restart). */
export async function claimReminder(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  input: {
    kind: 'digest' | 'auto' | 'digest-run' | 'auto-run';
    period: string;
    groupId?: number;
    toUserId: number;
  },
): Promise<number | null> {
  const [claim] = await deps.sql.run(claimReminderSql, [
    input.kind,
    input.period,
    input.groupId ?? 0,
    0,
    input.toUserId,
    deps.clock().toISOString(),
  ]);
  return claim?.id ?? null;
}

/** Claims a page of digests or nudges at once; returns the claim id of each newly claimed (group, person). */
export async function claimReminders(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  input: {
    kind: 'digest' | 'auto';
    period: string;
    targets: readonly { groupId: number; toUserId: number }[];
  },
): Promise<Map<string, number>> {
  if (input.targets.length === 0) return new Map();
  const rows = await deps.sql.run(claimRemindersSql, [
    input.kind,
    input.period,
    input.targets.map((t) => t.groupId),
    input.targets.map((t) => t.toUserId),
    deps.clock().toISOString(),
  ]);
  return new Map(rows.map((r) => [`${r.groupId}:${r.toUserId}`, r.id]));
}

/** Marks reminders delivered, many at once. */
export async function remindersDelivered(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  input: { claimIds: readonly number[] },
): Promise<void> {
  if (input.claimIds.length > 0) {
    await deps.sql.run(remindersDeliveredSql, [input.claimIds, deps.clock().toISOString()]);
  }
}

/** Whether a run of this kind and period (a whole digest or nudge run, toUserId 0) was claimed. */
export async function isRunClaimed(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { kind: string; period: string },
): Promise<boolean> {
  const row = await deps.prisma.sentReminder.findFirst({
    where: { kind: input.kind, period: input.period, toUserId: 0 },
  });
  return row !== null;
}
