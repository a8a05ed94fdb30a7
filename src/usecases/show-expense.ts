// One expense in full for `/expense 12`: who paid, how it was split (each share, and what was
// typed for it), who recorded it and when, its corrections (oldest first, each with what the
// expense was before it), and whether it was undone.
import type { Category } from '../commands/categories.js';
import { Decimal, type SplitType } from '../ledger/index.js';
import type { OriginalAmount } from './currency.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { type Person, toPerson } from './members.js';
import { asCategory } from './record-expense.js';
import { listRevisions } from './revise-expense.js';

export interface ExpenseShareLine {
  person: Person;
  share: Decimal;
  /** What was typed for this person: the exact amount or the percentage (null for equal splits). */
  typed: Decimal | null;
  /** An exact share typed in the expense's other currency, as typed. */
  typedOriginal?: Decimal;
}

/** A line of an itemised bill: an item and who had it, or a charge spread over the items. */
export interface ExpenseItemLine {
  description: string;
  amount: Decimal;
  /** Users who had it (their shares are among the expense's). Empty for a charge. */
  userIds: number[];
  /** A charge written as a percentage of the items. */
  percent: Decimal | null;
  charge: boolean;
}

/** One correction of the expense: when, by whom, and what the expense was before it. */
export interface ExpenseRevisionLine {
  at: Date;
  by: Person;
  before: {
    amount: Decimal;
    original?: OriginalAmount;
    splitType: SplitType;
    description: string;
    people: number;
  };
}

export interface ExpenseDetail {
  id: number;
  /** The group's number for it (#3). */
  number: number;
  at: Date;
  /** The day it was spent (YYYY-MM-DD, UTC). */
  spentOn: string;
  /** In the group's currency (`currency`). */
  amount: Decimal;
  currency: string;
  /** Typed in another currency: what was typed and the rate, frozen. */
  original?: OriginalAmount;
  splitType: SplitType;
  description: string;
  category: Category;
  /** The category was chosen by hand (else guessed from the description). */
  categoryByHand: boolean;
  payer: Person;
  /** Several payers: what each paid, most first (the ordinary expense: empty, `payer` paid it all). */
  payers: { person: Person; paid: Decimal }[];
  recordedBy: Person;
  shares: ExpenseShareLine[];
  revisions: ExpenseRevisionLine[];
  undone: { at: Date; by: Person | null } | null;
  /** An itemised bill (/bill): its lines in order, items (with who had each) then charges; else empty. */
  items: ExpenseItemLine[];
  /** The photo of the bill, when one is attached: Telegram's file id, and its copy's key in the bucket. */
  receipt: { fileId: string; storedKey: string | null } | null;
}

const person = toPerson;

export async function showExpense(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; expenseId: number },
): Promise<ExpenseDetail> {
  const { prisma } = deps;
  const row = await prisma.expense.findFirst({
    where: { id: input.expenseId, groupId: input.groupId },
    include: {
      payer: true,
      recordedBy: true,
      shares: { include: { user: true } },
      payers: { include: { user: true } },
      receipt: true,
      group: true,
      items: { orderBy: { position: 'asc' } },
    },
  });
  if (!row) throw new UseCaseError('EXPENSE_NOT_FOUND', { id: String(input.expenseId) });
  const undoneBy =
    row.deletedById === null ? null : await prisma.user.findUnique({ where: { id: row.deletedById } });
  const typedOriginal = new Map(
    ((row.originalShares ?? []) as { userId: number; typed: string }[]).map((s) => [
      s.userId,
      new Decimal(s.typed),
    ]),
  );
  const shares = row.shares
    .map((s) => {
      const original = typedOriginal.get(s.userId);
      return {
        person: person(s.user),
        share: new Decimal(s.share.toString()),
        typed: s.typed === null ? null : new Decimal(s.typed.toString()),
        ...(original === undefined ? {} : { typedOriginal: original }),
      };
    })
    // Largest share first, then by name: the order a person scans a bill in.
    .sort((a, b) => b.share.comparedTo(a.share) || a.person.firstName.localeCompare(b.person.firstName));
  return {
    id: row.id,
    number: row.number,
    at: row.createdAt,
    spentOn: row.spentOn.toISOString().slice(0, 10),
    amount: new Decimal(row.amount.toString()),
    currency: row.group.currency,
    ...(row.originalCurrency !== null && row.originalAmount !== null && row.rate !== null
      ? {
          original: {
            currency: row.originalCurrency,
            amount: new Decimal(row.originalAmount.toString()),
            rate: new Decimal(row.rate.toString()),
          },
        }
      : {}),
    splitType: row.splitType,
    description: row.description,
    category: asCategory(row.category),
    categoryByHand: row.categoryByHand,
    payer: person(row.payer),
    payers: row.payers
      .map((p) => ({ person: person(p.user), paid: new Decimal(p.paid.toString()) }))
      .sort((a, b) => b.paid.comparedTo(a.paid) || a.person.firstName.localeCompare(b.person.firstName)),
    recordedBy: person(row.recordedBy),
    shares,
    revisions: (await listRevisions(deps, { expenseId: row.id })).map((r) => ({
      at: r.revisedAt,
      by: r.revisedBy,
      before: {
        amount: r.before.amount,
        ...(r.before.original ? { original: r.before.original } : {}),
        splitType: r.before.splitType,
        description: r.before.description,
        people: r.before.shares.length,
      },
    })),
    undone: row.deletedAt ? { at: row.deletedAt, by: undoneBy ? person(undoneBy) : null } : null,
    items: row.items.map((i) => ({
      description: i.description,
      amount: new Decimal(i.amount.toString()),
      userIds: i.userIds,
      percent: i.percent === null ? null : new Decimal(i.percent.toString()),
      charge: i.charge,
    })),
    receipt: row.receipt ? { fileId: row.receipt.fileId, storedKey: row.receipt.storedKey } : null,
  };
}
