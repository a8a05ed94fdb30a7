// The recent expenses of a group, newest first, a page at a time (undone ones are shown as such).
import type { PrismaClient } from '../generated/prisma/client.js';
import { Decimal, type SplitType } from '../ledger/index.js';

export interface ExpenseListItem {
  id: number;
  at: Date;
  payerName: string;
  amount: Decimal;
  splitType: SplitType;
  description: string;
  participants: number;
  undone: boolean;
}

export async function listExpenses(
  prisma: PrismaClient,
  groupId: number,
  options: { page: number; pageSize?: number },
): Promise<{ items: ExpenseListItem[]; page: number; pages: number; total: number }> {
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
