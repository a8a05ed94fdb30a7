// Pause, resume or cancel a recurring expense: its creator or a group admin (the bot asks Telegram
// who is an admin and passes the answer in). Resuming starts from the next due day after now: the
// occurrences that fell due while it was paused are not recorded.
import { dueAt, firstDue, type Schedule } from '../commands/index.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { displayName } from './members.js';
import { dateOf, type RuleView, ruleView, zoneOf } from './recurring-rules.js';

export type RuleAction = 'pause' | 'resume' | 'cancel';

export async function changeRecurring(
  deps: Pick<UseCaseDeps, 'prisma' | 'clock'>,
  input: {
    groupId: number;
    ruleId: number;
    action: RuleAction;
    byUserId: number;
    isAdmin: boolean;
    defaultZone: string;
  },
): Promise<{ rule: RuleView; changed: boolean }> {
  const row = await deps.prisma.recurringRule.findFirst({
    where: { id: input.ruleId, groupId: input.groupId },
    include: { createdBy: true, group: true },
  });
  if (!row) throw new UseCaseError('RULE_NOT_FOUND', { id: String(input.ruleId) });
  if (row.createdById !== input.byUserId && !input.isAdmin) {
    throw new UseCaseError('NOT_ALLOWED_TO_CHANGE_RULE', {
      id: String(row.id),
      name: displayName(row.createdBy),
    });
  }
  if (row.status === 'CANCELLED') throw new UseCaseError('RULE_CANCELLED', { id: String(row.id) });
  const now = deps.clock();
  const target = input.action === 'pause' ? 'PAUSED' : input.action === 'resume' ? 'ACTIVE' : 'CANCELLED';
  if (row.status === target) return { rule: ruleView(row), changed: false };
  const zone = zoneOf(row.group, input.defaultZone);
  const next = input.action === 'resume' ? firstDue(row.schedule as Schedule, now, zone) : undefined;
  const updated = await deps.prisma.recurringRule.update({
    where: { id: row.id },
    data: {
      status: target,
      updatedAt: now,
      ...(input.action === 'resume' ? { pausedReason: null } : {}),
      ...(next === undefined ? {} : { nextDueOn: dateOf(next), nextDueAt: dueAt(next, zone) }),
    },
    include: { createdBy: true },
  });
  return { rule: ruleView(updated), changed: true };
}
