// How a person's running net (across all their groups, as the passbook shows it) moved: its value
// at the end of each day they had a passbook line, for the latest `days` such days.
import { netByDaySql } from '../db/queries/miniapp.js';
import { Decimal } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';

export async function netHistory(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: { userId: number; days?: number },
): Promise<{ day: string; net: Decimal }[]> {
  const rows = await deps.sql.run(netByDaySql, [input.userId, input.days ?? 365]);
  return rows.map((r) => ({ day: r.day, net: new Decimal(r.net) }));
}
