// /timezone: the group's time zone, in which its recurring expenses fall due. The active rules'
// next due times move with it (the same day, 09:00 in the new zone).
import { canonicalTimeZone, dueAt, isTimeZone } from '../commands/index.js';
import type { UseCaseDeps } from './deps.js';

export async function setTimezone(
  deps: Pick<UseCaseDeps, 'prisma' | 'clock'>,
  input: { groupId: number; zone: string },
): Promise<{ zone: string }> {
  if (!isTimeZone(input.zone)) throw new Error(`not a time zone: ${input.zone}`);
  const zone = canonicalTimeZone(input.zone);
  const now = deps.clock();
  await deps.prisma.$transaction(async (tx) => {
    await tx.group.update({ where: { id: input.groupId }, data: { timezone: zone } });
    const rules = await tx.recurringRule.findMany({
      where: { groupId: input.groupId, status: { not: 'CANCELLED' } },
      select: { id: true, nextDueOn: true },
    });
    for (const rule of rules) {
      await tx.recurringRule.update({
        where: { id: rule.id },
        data: { nextDueAt: dueAt(rule.nextDueOn.toISOString().slice(0, 10), zone), updatedAt: now },
      });
    }
  });
  return { zone };
}

export async function groupTimezone(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; defaultZone: string },
): Promise<{ zone: string; own: boolean }> {
  const group = await deps.prisma.group.findUniqueOrThrow({ where: { id: input.groupId } });
  return { zone: group.timezone ?? input.defaultZone, own: group.timezone !== null };
}
