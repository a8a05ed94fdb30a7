// /every as a use case: the /paid part is resolved and split now, exactly as /paid would, so a rule
// that could not be recorded is refused at once; then the rule is stored with its first due day in
// the group's time zone. Nothing is recorded until that day.
import { dueAt, type EveryIntent, firstDue } from '../commands/index.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import type { TelegramGroup, TelegramPerson } from './members.js';
import { type PreparedExpense, prepareExpense } from './record-expense.js';
import { dateOf, type RuleView, ruleView, zoneOf } from './recurring-rules.js';

export interface CreateRecurringInput {
  group: TelegramGroup;
  creator: TelegramPerson;
  every: EveryIntent;
  /** The operator's zone, for a group that has not set its own. */
  defaultZone: string;
  /** The /every message: delivered twice, it sets up one rule (the second answer names the same). */
  source: { chatId: number; messageId: number };
}

export async function createRecurring(
  deps: Pick<UseCaseDeps, 'prisma' | 'members' | 'clock'>,
  input: CreateRecurringInput,
): Promise<{ rule: RuleView; zone: string; preview: PreparedExpense }> {
  const { groupId, person: sender, currency } = await deps.members.learnMember(input.group, input.creator);
  const { intent } = input.every;
  // An occurrence is recorded months later: at which rate? Rather than guess, a rule is kept in the
  // group's own currency.
  if ((intent.currency !== undefined && intent.currency !== currency) || intent.rate !== undefined)
    throw new UseCaseError('RECURRING_IN_OTHER_CURRENCY', { currency });
  const preview = await prepareExpense(
    deps,
    { groupId, sender, seed: 0 },
    {
      group: input.group,
      ...(intent.payer === undefined ? {} : { paidBy: intent.payer }),
      amount: intent.amount,
      splitType: intent.splitType,
      everyone: intent.everyone,
      participants: intent.participants,
      description: intent.description,
      candidates: intent.candidates,
    },
  );
  const group = await deps.prisma.group.findUniqueOrThrow({ where: { id: groupId } });
  const zone = zoneOf(group, input.defaultZone);
  const now = deps.clock();
  const next = firstDue(input.every.schedule, now, zone);
  const source = { sourceChatId: BigInt(input.source.chatId), sourceMessageId: input.source.messageId };
  const row = await deps.prisma.recurringRule.upsert({
    where: { sourceChatId_sourceMessageId: source },
    update: {},
    create: {
      ...source,
      groupId,
      createdById: sender.id,
      schedule: input.every.schedule,
      paidText: input.every.paid.text,
      paidEntities: input.every.paid.entities as object[],
      amount: intent.amount.toFixed(2),
      description: preview.description,
      nextDueOn: dateOf(next),
      nextDueAt: dueAt(next, zone),
      createdAt: now,
      updatedAt: now,
    },
    include: { createdBy: true },
  });
  return { rule: ruleView(row), zone, preview };
}
