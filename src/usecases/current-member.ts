// Who may see a group's ledger outside the chat (the Mini App): a person who is a member of it now.
// Someone who left, or was never in it, is not, whatever link they hold.
import { currentMemberSql } from '../db/queries/miniapp.js';
import type { UseCaseDeps } from './deps.js';
import type { Person } from './members.js';

export async function currentMember(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: { groupId: number; telegramId: number | bigint },
): Promise<{ person: Person; groupTitle: string; viewVersion: number } | null> {
  const [row] = await deps.sql.run(currentMemberSql, [input.groupId, String(input.telegramId)]);
  if (!row) return null;
  return {
    person: {
      id: row.id,
      telegramId: BigInt(row.telegramId),
      firstName: row.firstName,
      lastName: row.lastName,
      username: row.username,
    },
    groupTitle: row.title,
    // Moves whenever the group's pages would read differently (migration *_miniapp_view_version).
    viewVersion: row.viewVersion,
  };
}
