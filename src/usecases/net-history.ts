// How a person's running net in one currency (across all their groups that keep it, as the
// passbook shows it) moved. A long
// history is one point per day (its value at the end of each day with a passbook line, the latest
// `days` of them); a short one, of a few days, is one point per line, so it still draws as a line.
import { netByDaySql, netByEntrySql } from '../db/queries/miniapp.js';
import { Decimal } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';

const FEW_DAYS = 8;
const SHORT_HISTORY_LINES = 200;

export async function netHistory(
  deps: Pick<UseCaseDeps, 'sql'>,
  input: { userId: number; currency?: string; days?: number },
): Promise<{ at: string; net: Decimal }[]> {
  const days = await deps.sql.run(netByDaySql, [input.userId, input.days ?? 365, input.currency ?? 'INR']);
  if (days.length >= FEW_DAYS) return days.map((r) => ({ at: r.day, net: new Decimal(r.net) }));
  const lines = await deps.sql.run(netByEntrySql, [
    input.userId,
    SHORT_HISTORY_LINES,
    input.currency ?? 'INR',
  ]);
  return lines.map((r) => ({ at: r.at, net: new Decimal(r.net) }));
}
