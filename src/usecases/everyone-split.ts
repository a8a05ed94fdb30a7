// "Everyone" changes as people join: each split among everyone moves a marker on its group, and its
// confirmation names the people in it who joined since the group's previous everyone-split, so a new
// member joining the next one is never a silent surprise.
import { markEveryoneSplitSql } from '../db/queries/groups.js';
import type { UseCaseDeps } from './deps.js';

/** Moves the group's marker to `at`; returns the ids among `userIds` who joined since the previous one. */
export async function markEveryoneSplit(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: { groupId: number; at: Date; userIds: readonly number[] },
): Promise<number[]> {
  const rows = await deps.sql.run(markEveryoneSplitSql, [
    input.groupId,
    input.at.toISOString(),
    input.userIds,
  ]);
  return rows.map((row) => row.userId);
}
