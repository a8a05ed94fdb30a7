// Records a repayment: `from` paid `to`. Any real payment is accepted, including to someone `from`
// does not owe directly or more than the pairwise debt (the pair then flips). With no amount it
// settles exactly what `from` owes `to` in this group as /balances shows it (with cycles of debts
// cancelled, see balances.ts), and where the pair stands afterwards is read the same way, so /settle
// agrees with /balances and /settleup. The write is one statement (hisaab_record_settlement), and a
// redelivered message records nothing new.
import { recordSettlementSql } from '../db/queries/ledger.js';
import { Decimal } from '../ledger/index.js';
import { owedInGroup } from './balances.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import type { Person } from './members.js';
import type { SourceMessage } from './record-expense.js';

export interface RecordSettlementInput {
  groupId: number;
  from: Person;
  to: Person;
  /** Omitted: the whole of what `from` owes `to` here. */
  amount?: Decimal;
  recordedById: number;
  source: SourceMessage;
  /** What the recorder wrote after the amount ("rent share"); empty when nothing. */
  note?: string;
}

export interface RecordedSettlement {
  id: number;
  /** The group's payment number (P3): what people read and type. */
  number: number;
  created: boolean;
  amount: Decimal;
  /**
   * What `from` owed `to` before and after, as /balances shows it (negative: `to` owes `from`). For
   * a redelivered message, before is after plus the amount.
   */
  owedBefore: Decimal;
  owedAfter: Decimal;
}

export async function recordSettlement(
  deps: Pick<UseCaseDeps, 'sql' | 'clock' | 'prisma'>,
  input: RecordSettlementInput,
): Promise<RecordedSettlement> {
  if (input.from.id === input.to.id) throw new UseCaseError('SETTLE_WITH_SELF');
  const pair = { groupId: input.groupId, debtorId: input.from.id, creditorId: input.to.id };
  // The whole debt is what /balances shows now (read outside the write's locks: a payment someone
  // makes is of what they saw). Nothing owed is passed as 0, which the statement records only as a
  // redelivery of a message it already recorded.
  const owedNow = await owedInGroup(deps, pair);
  const amountArg = input.amount ?? (owedNow.isPositive() ? owedNow : new Decimal(0));
  const [row] = await deps.sql.run(recordSettlementSql, [
    input.groupId,
    input.from.id,
    input.to.id,
    amountArg.toFixed(2),
    input.recordedById,
    String(input.source.chatId),
    input.source.messageId,
    deps.clock().toISOString(),
    input.note ?? '',
  ]);
  if (!row) throw new Error('hisaab_record_settlement returned no row');
  if (row.settlementId === null || row.amount === null) {
    // Said from the recorder's side: /settle (they paid) or /received (the other person paid them).
    if (input.recordedById === input.to.id) {
      throw new UseCaseError('NOTHING_OWED_TO_YOU', {
        name: displayName(input.from),
        example: input.from.username ?? 'name',
      });
    }
    throw new UseCaseError('NOTHING_OWED', {
      name: displayName(input.to),
      example: input.to.username ?? 'name',
    });
  }
  const amount = new Decimal(row.amount);
  const owedAfter = await owedInGroup(deps, pair);
  return {
    id: row.settlementId,
    number: row.number ?? 0,
    created: row.created,
    amount,
    owedBefore: row.created ? owedNow : owedAfter.plus(amount),
    owedAfter,
  };
}

function displayName(person: Person): string {
  return person.lastName ? `${person.firstName} ${person.lastName}` : person.firstName;
}
