// /recurring: a group's recurring expenses that are not cancelled, oldest first.
import type { UseCaseDeps } from './deps.js';
import { type RuleView, ruleView, zoneOf } from './recurring-rules.js';

export async function listRecurring(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; defaultZone: string },
): Promise<{ rules: RuleView[]; zone: string }> {
  const group = await deps.prisma.group.findUniqueOrThrow({ where: { id: input.groupId } });
  const rows = await deps.prisma.recurringRule.findMany({
    where: { groupId: input.groupId, status: { not: 'CANCELLED' } },
    include: { createdBy: true },
    orderBy: { id: 'asc' },
    take: 50,
  });
  return { rules: rows.map(ruleView), zone: zoneOf(group, input.defaultZone) };
}
