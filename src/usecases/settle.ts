// Records a repayment: `from` paid `to`. Any real payment is accepted, including to someone `from`
// does not owe directly or more than the pairwise debt (the pair then flips). With no amount it
// settles exactly what `from` owes `to` in this group.
import type { PrismaClient } from '../generated/prisma/client.js';
import { Decimal } from '../ledger/index.js';
import { UseCaseError } from './errors.js';
import { applyLedgerMoves, lockPeople } from './ledger-writes.js';
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
  prisma: PrismaClient,
  input: RecordSettlementInput,
  clock: () => Date = () => new Date(),
): Promise<RecordedSettlement> {
  if (input.from.id === input.to.id) throw new UseCaseError('SETTLE_WITH_SELF');
  const at = clock();
  return prisma.$transaction(async (tx) => {
    const existing = await tx.settlement.findUnique({
      where: {
        sourceChatId_sourceMessageId: {
          sourceChatId: BigInt(input.source.chatId),
          sourceMessageId: input.source.messageId,
        },
      },
    });
    if (existing) {
      const owed = await owedBetween(tx, input.groupId, input.from.id, input.to.id);
      const amount = new Decimal(existing.amount.toString());
      return { id: existing.id, created: false, amount, owedBefore: owed.plus(amount), owedAfter: owed };
    }
    // Lock both people first so the debt we read cannot change before we write.
    const nets = await lockPeople(tx, [input.from.id, input.to.id, input.recordedById]);
    const owedBefore = await owedBetween(tx, input.groupId, input.from.id, input.to.id);
    const amount = input.amount ?? owedBefore;
    if (amount.lte(0)) {
      throw new UseCaseError('NOTHING_OWED', {
        name: displayName(input.to),
        example: input.to.username ?? 'name',
      });
    }
    const inserted = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO "Settlement" ("groupId", "fromUserId", "toUserId", "amount", "recordedById", "createdAt", "sourceChatId", "sourceMessageId")
      VALUES (${input.groupId}::int, ${input.from.id}::int, ${input.to.id}::int, ${amount.toFixed(2)}::numeric,
              ${input.recordedById}::int, ${at}::timestamp, ${BigInt(input.source.chatId)}::bigint, ${input.source.messageId}::int)
      ON CONFLICT ("sourceChatId", "sourceMessageId") DO NOTHING
      RETURNING id`;
    const id = inserted[0]?.id;
    if (id === undefined) throw new Error('settlement source message recorded concurrently');
    await applyLedgerMoves(tx, {
      groupId: input.groupId,
      source: { kind: 'SETTLEMENT', settlementId: id },
      // Paying someone is the mirror of an expense: the receiver now "owes back" what they received.
      pairs: [{ debtor: input.to.id, creditor: input.from.id, amount }],
      people: [
        { userId: input.from.id, paid: amount, share: new Decimal(0) },
        { userId: input.to.id, paid: new Decimal(0), share: amount },
      ],
      sign: 1,
      at,
      nets,
    });
    return { id, created: true, amount, owedBefore, owedAfter: owedBefore.minus(amount) };
  });
}

/** What `debtor` owes `creditor` in a group (negative when it is the other way round). */
export async function owedBetween(
  tx: Pick<PrismaClient, 'pairBalance'>,
  groupId: number,
  debtor: number,
  creditor: number,
): Promise<Decimal> {
  const low = Math.min(debtor, creditor);
  const high = Math.max(debtor, creditor);
  const row = await tx.pairBalance.findUnique({
    where: { groupId_lowUserId_highUserId: { groupId, lowUserId: low, highUserId: high } },
    select: { amount: true },
  });
  const lowOwesHigh = new Decimal(row ? row.amount.toString() : 0);
  return debtor === low ? lowOwesHigh : lowOwesHigh.neg();
}

function displayName(person: Person): string {
  return person.lastName ? `${person.firstName} ${person.lastName}` : person.firstName;
}
