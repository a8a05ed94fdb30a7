// Records a repayment: `from` paid `to`. Any real payment is accepted, including to someone `from`
// does not owe directly or more than the pairwise debt (the pair then flips). With no amount it
// settles exactly what `from` owes `to` in this group. One statement (hisaab_record_settlement):
// the debt is read under the people's locks, and a redelivered message records nothing new.
import { recordSettlementSql } from '../db/queries/ledger.js';
import { Decimal } from '../ledger/index.js';
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
  created: boolean;
  amount: Decimal;
  /** What `from` owed `to` before and after (negative: `to` owes `from`). */
  owedBefore: Decimal;
  owedAfter: Decimal;
}

export async function recordSettlement(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  input: RecordSettlementInput,
): Promise<RecordedSettlement> {
  if (input.from.id === input.to.id) throw new UseCaseError('SETTLE_WITH_SELF');
  const [row] = await deps.sql.run(recordSettlementSql, [
    input.groupId,
    input.from.id,
    input.to.id,
    input.amount === undefined ? null : input.amount.toFixed(2),
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
  const owedBefore = new Decimal(row.owedBefore);
  return {
    id: row.settlementId,
    created: row.created,
    amount,
    owedBefore,
    owedAfter: owedBefore.minus(amount),
  };
}

function displayName(person: Person): string {
  return person.lastName ? `${person.firstName} ${person.lastName}` : person.firstName;
}
