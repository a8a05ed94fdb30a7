// The recent expenses of a group, newest first, a page at a time (undone ones are shown as such).
import { Decimal, type SplitType } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';

export interface ExpenseListItem {
  id: number;
  /** The group's number for it (#3). */
  number: number;
  at: Date;
  payerName: string;
  amount: Decimal;
  splitType: SplitType;
  description: string;
  participants: number;
  undone: boolean;
}

export async function listExpenses(
  deps: Pick<UseCaseDeps, 'prisma'>,
  options: { groupId: number; page: number; pageSize?: number },
): Promise<{ items: ExpenseListItem[]; page: number; pages: number; total: number }> {
  const { prisma } = deps;
  const { groupId } = options;
  const pageSize = options.pageSize ?? 10;
  const total = await prisma.expense.count({ where: { groupId } });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, options.page), pages);
  const rows = await prisma.expense.findMany({
    where: { groupId },
    orderBy: { id: 'desc' },
    skip: (page - 1) * pageSize,
    take: pageSize,
    include: { payer: true, _count: { select: { shares: true } } },
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      number: row.number,
      at: row.createdAt,
      payerName: row.payer.lastName ? `${row.payer.firstName} ${row.payer.lastName}` : row.payer.firstName,
      amount: new Decimal(row.amount.toString()),
      splitType: row.splitType,
      description: row.description,
      participants: row._count.shares,
      undone: row.deletedAt !== null,
    })),
    page,
    pages,
    total,
  };
}
