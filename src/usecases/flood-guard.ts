// The flood guard's count: how many commands a user sent in their current one-minute window, kept in
// the database so that several instances count together (N instances must not allow N times the
// limit). One statement per command.
import { countCommandSql } from '../db/queries/flood.js';
import type { UseCaseDeps } from './deps.js';

export const FLOOD_WINDOW_MS = 60_000;

export async function countCommand(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  input: { telegramId: number },
): Promise<{ count: number; windowStartedAt: Date }> {
  const [row] = await deps.sql.run(countCommandSql, [
    String(input.telegramId),
    deps.clock().toISOString(),
    FLOOD_WINDOW_MS / 1000,
  ]);
  if (!row) throw new Error('the flood window was not counted');
  return { count: row.count, windowStartedAt: new Date(row.startedAt) };
}
