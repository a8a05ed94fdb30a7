// A group's chat moved: Telegram upgraded it to a supergroup, which has a new chat id. The ledger
// follows (hisaab_move_group, one statement): expenses, settlements, members, balances and passbook
// lines belong to the new chat, a group the new chat already had is merged in, and the old chat id
// keeps resolving to the same group for updates still on their way. Both of the upgrade's service
// messages call this, in either order and maybe twice: the move happens once.
import { moveGroupSql } from '../db/queries/groups.js';
import type { UseCaseDeps } from './deps.js';

export interface MoveGroupInput {
  fromChatId: number | bigint;
  toChatId: number | bigint;
  /** The new chat's title, when known (the supergroup's service message carries it). */
  title?: string;
}

export interface MovedGroup {
  groupId: number;
  /** False when it had moved before (the other service message, or the same one again). */
  moved: boolean;
  /** The group the new chat had of its own, merged into this one and gone. */
  mergedGroupId: number | null;
}

export async function moveGroup(
  deps: Pick<UseCaseDeps, 'sql' | 'members' | 'clock'>,
  input: MoveGroupInput,
): Promise<MovedGroup> {
  if (BigInt(input.fromChatId) === BigInt(input.toChatId)) {
    throw new Error(`a group cannot move to the chat it is in (${input.toChatId})`);
  }
  try {
    const [row] = await deps.sql.run(moveGroupSql, [
      String(input.fromChatId),
      String(input.toChatId),
      input.title ?? null,
      deps.clock().toISOString(),
    ]);
    if (!row) throw new Error('hisaab_move_group returned no row');
    return { groupId: row.groupId, moved: row.moved, mergedGroupId: row.mergedGroupId };
  } finally {
    // Both chats may be cached as another group (or as none): the next update looks again.
    deps.members.forgetChats([input.fromChatId, input.toChatId]);
  }
}
