// Automatic nudges: in groups that asked for them, each debt older than the group's days or larger
// than its amount, grouped per debtor, a page of groups at a time.
import { nudgingGroupsSql } from '../db/queries/reminders.js';
import { Decimal } from '../ledger/index.js';
import { type DebtorLines, debtsOf } from './debts-of-people.js';
import type { UseCaseDeps } from './deps.js';

const DAY_MS = 86_400_000;

export async function debtsToNudge(
  deps: Pick<UseCaseDeps, 'sql' | 'prisma' | 'clock'>,
  input: { afterGroupId: number; limit: number },
): Promise<{ nudges: (DebtorLines & { groupId: number })[]; nextAfter: number | null }> {
  const groups = await deps.sql.run(nudgingGroupsSql, [input.afterGroupId, input.limit]);
  const now = deps.clock().getTime();
  const nudges: (DebtorLines & { groupId: number })[] = [];
  for (const group of groups) {
    const members = await deps.prisma.membership.findMany({
      where: { groupId: group.id },
      select: { userId: true },
    });
    const above = group.remindAbove === null ? null : new Decimal(group.remindAbove);
    for (const debtor of await debtsOf(
      deps,
      members.map((m) => m.userId),
    )) {
      const lines = debtor.lines.filter(
        (line) =>
          line.groupId === group.id &&
          ((above !== null && line.amount.gt(above)) ||
            (group.remindAfterDays !== null &&
              line.since !== null &&
              now - line.since.getTime() >= group.remindAfterDays * DAY_MS)),
      );
      if (lines.length > 0) nudges.push({ debtor: debtor.debtor, lines, groupId: group.id });
    }
  }
  const last = groups[groups.length - 1];
  return { nudges, nextAfter: groups.length < input.limit || !last ? null : last.id };
}
