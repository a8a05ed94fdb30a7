// A group's story for /expenses: its expenses and settlements together, newest first, a page at a
// time. Undone entries are left out unless asked for (`all`); how many were left out is counted so
// the reply can say so.
import { historyCountsSql, historyPageSql } from '../db/queries/history.js';
import { Decimal, type SplitType } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';

interface Common {
  id: number;
  /** The group's number: #3 for an expense, P3 for a payment. */
  number: number;
  at: Date;
  amount: Decimal;
  undone: boolean;
}

export type HistoryItem =
  | (Common & {
      kind: 'expense';
      payerName: string;
      splitType: SplitType;
      description: string;
      participants: number;
      /** The day it was spent (YYYY-MM-DD, UTC). */
      spentOn: string | null;
    })
  | (Common & { kind: 'settlement'; fromName: string; toName: string; note: string });

export interface HistoryPage {
  items: HistoryItem[];
  page: number;
  pages: number;
  /** Entries on all pages (with `all`, undone ones included). */
  total: number;
  /** Undone entries not shown (0 with `all`). */
  hidden: number;
}

const fullName = (first: string | null, last: string | null) =>
  last ? `${first ?? ''} ${last}` : (first ?? '');

export async function listHistory(
  deps: Pick<UseCaseDeps, 'sql'>,
  options: { groupId: number; page: number; all?: boolean; pageSize?: number },
): Promise<HistoryPage> {
  const { groupId } = options;
  const all = options.all ?? false;
  const pageSize = options.pageSize ?? 10;
  const [counts] = await deps.sql.run(historyCountsSql, [groupId]);
  const undone = (counts?.undoneExpenses ?? 0) + (counts?.undoneSettlements ?? 0);
  const everything = (counts?.expenses ?? 0) + (counts?.settlements ?? 0);
  const total = all ? everything : everything - undone;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, options.page), pages);
  const rows = await deps.sql.run(historyPageSql, [groupId, all, pageSize, (page - 1) * pageSize]);
  const items = rows.map((row): HistoryItem => {
    const common = {
      id: row.id,
      number: row.number,
      at: new Date(row.at),
      amount: new Decimal(row.amount),
      undone: row.undone,
    };
    return row.kind === 'settlement'
      ? {
          ...common,
          kind: 'settlement',
          fromName: fullName(row.fromFirstName, row.fromLastName),
          toName: fullName(row.toFirstName, row.toLastName),
          note: row.text,
        }
      : {
          ...common,
          kind: 'expense',
          payerName: fullName(row.fromFirstName, row.fromLastName),
          splitType: (row.split ?? 'EQUAL') as SplitType,
          description: row.text,
          participants: row.participants,
          spentOn: row.spentOn,
        };
  });
  return { items, page, pages, total, hidden: all ? 0 : undone };
}
