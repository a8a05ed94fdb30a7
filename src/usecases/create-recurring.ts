// /every as a use case: the /paid part is resolved and split now, exactly as /paid would, so a rule
// that could not be recorded is refused at once; then the rule is stored with its first due day in
// the group's time zone. Nothing is recorded until that day.
import { dueAt, type EveryIntent, firstDue } from '../commands/index.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import type { TelegramGroup, TelegramPerson } from './members.js';
import { byMembers } from './read-paid.js';
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
  // Plain words as names (`by Kabir`) are chosen by the members, as /paid chooses them.
  const intent = byMembers(input.every.intent, await deps.members.activeMembers(groupId));
  // An occurrence is recorded months later: at which rate? Rather than guess, a rule is kept in the
  // group's own currency.
  if ((intent.currency !== undefined && intent.currency !== currency) || intent.rate !== undefined)
    throw new UseCaseError('RECURRING_IN_OTHER_CURRENCY', { currency });
  // Not silently dropped: a rule with several payers or adjusted shares is refused in words.
  if (intent.payers?.length || intent.adjustments?.length) throw new UseCaseError('RECURRING_NEW_FORM');
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
      ...(intent.except?.length ? { except: intent.except } : {}),
    },
  );
  const group = await deps.prisma.group.findUniqueOrThrow({ where: { id: groupId } });
  const zone = zoneOf(group, input.defaultZone);
  const now = deps.clock();
  const next = firstDue(input.every.schedule, now, zone);
  const source = { sourceChatId: BigInt(input.source.chatId), sourceMessageId: input.source.messageId };
  await refuseSameRule(deps, {
    groupId,
    source,
    schedule: input.every.schedule,
    amount: intent.amount.toFixed(2),
    description: preview.description,
  });
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

/** An active rule of the group with the same schedule, amount and description: a second one would charge twice. */
async function refuseSameRule(
  deps: Pick<UseCaseDeps, 'prisma'>,
  rule: {
    groupId: number;
    source: { sourceChatId: bigint; sourceMessageId: number };
    schedule: unknown;
    amount: string;
    description: string;
  },
): Promise<void> {
  const rows = await deps.prisma.recurringRule.findMany({
    where: {
      groupId: rule.groupId,
      status: 'ACTIVE',
      amount: rule.amount,
      description: { equals: rule.description, mode: 'insensitive' },
      // The same /every delivered twice is the same rule, not a second one.
      NOT: rule.source,
    },
    select: { id: true, schedule: true },
    take: 20,
  });
  const same = rows.find((r) => JSON.stringify(r.schedule) === JSON.stringify(rule.schedule));
  if (same)
    throw new UseCaseError('RECURRING_DUPLICATE', { id: String(same.id), description: rule.description });
}
