// Private notes of changes (/notify on): when someone else records, corrects or undoes an expense or
// a payment that involves a person who asked for notes, they are told its effect on them. Read from
// the passbook (every change to anyone's balance is a line there), after the fact, by a sweep: the
// /paid path pays nothing for it, and several changes within minutes come as one message.
import { claimChangeNotesSql } from '../db/queries/notify.js';
import { Decimal } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';

export interface ChangeNote {
  telegramId: bigint;
  kind: 'EXPENSE' | 'EXPENSE_UNDONE' | 'EXPENSE_REVISED' | 'SETTLEMENT' | 'SETTLEMENT_UNDONE';
  /** Who made the change (first name). */
  actor: string;
  group: string;
  expenseNumber: number | null;
  description: string | null;
  amount: Decimal | null;
  fromName: string | null;
  toName: string | null;
  /** The change to the person's balance: positive, they are owed more. */
  delta: Decimal;
  currency: string;
}

/** At most this many passbook lines are read per sweep. */
const BATCH = 1_000;

/**
 * Claims the passbook lines posted before `gatheredBefore` that no sweep has read, and returns the
 * notes among them, by person (in order).
 */
export async function claimChangeNotes(
  deps: Pick<UseCaseDeps, 'sql'>,
  options: { gatheredBefore: Date },
): Promise<Map<bigint, ChangeNote[]>> {
  const rows = await deps.sql.run(claimChangeNotesSql, [options.gatheredBefore.toISOString(), BATCH]);
  const byPerson = new Map<bigint, ChangeNote[]>();
  for (const row of rows) {
    const telegramId = BigInt(row.telegramId);
    const notes = byPerson.get(telegramId) ?? [];
    notes.push({
      telegramId,
      kind: row.kind as ChangeNote['kind'],
      actor: row.actor,
      group: row.title,
      expenseNumber: row.expenseNumber,
      description: row.description,
      amount: row.amount === null ? null : new Decimal(row.amount),
      fromName: row.fromName,
      toName: row.toName,
      delta: new Decimal(row.delta),
      currency: row.currency,
    });
    byPerson.set(telegramId, notes);
  }
  return byPerson;
}

/** `/notify on|off`: whether the person gets notes; returns the setting now in force. */
export async function setChangeNotes(
  deps: Pick<UseCaseDeps, 'prisma'>,
  options: { telegramId: number; on?: boolean },
): Promise<boolean> {
  const where = { telegramId: BigInt(options.telegramId) };
  const user =
    options.on === undefined
      ? await deps.prisma.user.findUnique({ where, select: { notify: true } })
      : await deps.prisma.user.update({ where, data: { notify: options.on }, select: { notify: true } });
  return user?.notify ?? false;
}
