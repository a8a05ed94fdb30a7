// /paid as a use case: resolve the people a command names, split the amount with the ledger engine,
// and record the expense with its shares. Called by the bot; knows nothing of Telegram messages.
import type { Sql } from '../db/sql.js';
import {
  type Decimal,
  type Share,
  type SplitRequest,
  type SplitType,
  splitExpense,
} from '../ledger/index.js';
import { UseCaseError } from './errors.js';
import type { MemberDirectory, Person, PersonRef, TelegramGroup, TelegramPerson } from './members.js';
import { type RecordedExpense, recordExpense, type SourceMessage } from './record-expense.js';

export interface AddExpenseInput {
  group: TelegramGroup;
  payer: TelegramPerson;
  amount: Decimal;
  splitType: SplitType;
  /** Split among every current member of the group (nobody named with EQUAL). */
  everyone: boolean;
  participants: readonly { person: PersonRef; value?: Decimal }[];
  description: string;
  source: SourceMessage;
}

export interface AddedExpense extends RecordedExpense {
  payer: Person;
  amount: Decimal;
  splitType: SplitType;
  shares: (Share<number> & { person: Person })[];
}

export async function addExpense(
  deps: { sql: Sql; members: MemberDirectory; clock?: () => Date },
  input: AddExpenseInput,
): Promise<AddedExpense> {
  const { groupId, person: payer } = await deps.members.learnMember(input.group, input.payer);
  const people = input.everyone
    ? await deps.members.activeMembers(groupId)
    : await deps.members.resolve(
        input.group,
        input.participants.map((p) => p.person),
      );
  if (input.everyone && !people.some((p) => p.id !== payer.id)) throw new UseCaseError('NO_MEMBERS');

  const request = splitRequest(input, people);
  // Seeded by the message so the odd paisa lands on a different person from one expense to the next.
  const shares = splitExpense(request, { seed: input.source.messageId });
  const recorded = await recordExpense(
    deps.sql,
    {
      groupId,
      payerId: payer.id,
      recordedById: payer.id,
      amount: input.amount,
      splitType: input.splitType,
      description: input.description,
      shares,
      source: input.source,
    },
    deps.clock,
  );
  const byId = new Map(people.map((p) => [p.id, p]));
  return {
    ...recorded,
    payer,
    amount: input.amount,
    splitType: input.splitType,
    shares: shares.map((s) => ({ ...s, person: byId.get(s.participant) as Person })),
  };
}

function splitRequest(input: AddExpenseInput, people: readonly Person[]): SplitRequest<number> {
  const ids = people.map((p) => p.id);
  switch (input.splitType) {
    case 'EQUAL':
      return { type: 'EQUAL', amount: input.amount, participants: ids };
    case 'EXACT':
      return {
        type: 'EXACT',
        amount: input.amount,
        shares: ids.map((id, i) => ({ participant: id, amount: valueAt(input, i) })),
      };
    case 'PERCENT':
      return {
        type: 'PERCENT',
        amount: input.amount,
        shares: ids.map((id, i) => ({ participant: id, percent: valueAt(input, i) })),
      };
  }
}

function valueAt(input: AddExpenseInput, index: number): Decimal {
  const value = input.participants[index]?.value;
  // The command parser guarantees a value per participant for EXACT and PERCENT.
  if (value === undefined) throw new Error(`missing value for participant ${index}`);
  return value;
}
