// A person's data, theirs (India's DPDP Act 2023: access and erasure). myData gathers everything
// stored about one person; forgetPerson erases who they are: their name, username, email, mobile
// and UPI id are gone and they become "Former member N" in every group (N their row's number),
// their Telegram id is replaced so nothing links the row to them, the receipts they attached are
// deleted (from the bucket too), and so are the updates of theirs the inbox still holds and their
// /profile conversation and unfinished guided /paid. Amounts stay: the others' balances are made
// of them.
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';

/** The words a former member is shown by, everywhere. */
export function formerMemberName(userId: number): string {
  return `Former member ${userId}`;
}

/** Everything stored about one person, as plain JSON (amounts as text, exact). */
export async function myData(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { telegramId: number | bigint },
): Promise<Record<string, unknown> | null> {
  const { prisma } = deps;
  const user = await prisma.user.findUnique({ where: { telegramId: BigInt(input.telegramId) } });
  if (!user) return null;
  const id = user.id;
  const [memberships, paid, shares, payments, receipts, rules] = await Promise.all([
    prisma.membership.findMany({ where: { userId: id }, include: { group: true } }),
    prisma.expense.findMany({
      where: { OR: [{ payerId: id }, { recordedById: id }] },
      orderBy: { id: 'asc' },
    }),
    prisma.expenseShare.findMany({ where: { userId: id }, orderBy: { expenseId: 'asc' } }),
    prisma.settlement.findMany({
      where: { OR: [{ fromUserId: id }, { toUserId: id }, { recordedById: id }] },
      orderBy: { id: 'asc' },
    }),
    prisma.expenseReceipt.findMany({ where: { attachedById: id }, orderBy: { expenseId: 'asc' } }),
    prisma.recurringRule.findMany({ where: { createdById: id }, orderBy: { id: 'asc' } }),
  ]);
  return {
    about: "Everything Hisaab stores about you. Amounts are in each group's currency.",
    profile: {
      telegramId: user.telegramId.toString(),
      firstName: user.firstName,
      lastName: user.lastName,
      username: user.username,
      email: user.email,
      mobile: user.mobile,
      upiId: user.upiId,
      openedPrivateChat: user.startedBot,
      weeklyReminderMuted: user.digestMuted,
      net: user.net.toString(),
      firstSeen: user.createdAt.toISOString(),
    },
    groups: memberships.map((m) => ({
      title: m.group.title,
      joinedAt: m.joinedAt.toISOString(),
      leftAt: m.leftAt?.toISOString() ?? null,
    })),
    expensesPaidOrRecorded: paid.map((e) => ({
      id: e.id,
      groupId: e.groupId,
      amount: e.amount.toString(),
      description: e.description,
      spentOn: e.spentOn.toISOString().slice(0, 10),
      youPaid: e.payerId === id,
      youRecorded: e.recordedById === id,
      undone: e.deletedAt !== null,
    })),
    yourShares: shares.map((s) => ({ expenseId: s.expenseId, share: s.share.toString() })),
    payments: payments.map((s) => ({
      id: s.id,
      groupId: s.groupId,
      amount: s.amount.toString(),
      youPaid: s.fromUserId === id,
      youReceived: s.toUserId === id,
      note: s.note,
      undone: s.deletedAt !== null,
    })),
    receiptsYouAttached: receipts.map((r) => ({
      expenseId: r.expenseId,
      attachedAt: r.attachedAt.toISOString(),
      copiedToBucket: r.storedKey !== null,
    })),
    recurringExpensesYouSetUp: rules.map((r) => ({
      id: r.id,
      groupId: r.groupId,
      amount: r.amount.toString(),
    })),
  };
}

export interface Forgotten {
  name: string;
  groups: number;
  receipts: number;
  updates: number;
}

/**
 * Erases a person's identity (see the module comment) in one transaction, then deletes the bucket
 * copies of their receipts through `removeStored` (when there is a bucket). A person we never
 * stored is refused in one sentence.
 */
export async function forgetPerson(
  deps: Pick<UseCaseDeps, 'prisma' | 'clock' | 'members'>,
  input: { telegramId: number | bigint; removeStored?: (keys: string[]) => Promise<void> },
): Promise<Forgotten> {
  const telegramId = BigInt(input.telegramId);
  const user = await deps.prisma.user.findUnique({ where: { telegramId } });
  if (!user) throw new UseCaseError('NOTHING_STORED');
  const name = formerMemberName(user.id);
  const now = deps.clock();
  const result = await deps.prisma.$transaction(async (tx) => {
    const receipts = await tx.expenseReceipt.findMany({ where: { attachedById: user.id } });
    await tx.expenseReceipt.deleteMany({ where: { attachedById: user.id } });
    await tx.user.update({
      where: { id: user.id },
      data: {
        // Telegram ids are positive: a negative one can never be someone's, and is unique.
        telegramId: -BigInt(user.id),
        firstName: name,
        lastName: null,
        username: null,
        usernameKey: null,
        email: null,
        mobile: null,
        upiId: null,
        startedBot: false,
        digestMuted: true,
      },
    });
    const groups = await tx.membership.updateMany({
      where: { userId: user.id, leftAt: null },
      data: { leftAt: now },
    });
    // The updates of theirs the inbox still holds (handled ones: an unhandled one is still to run).
    const updates = await tx.inboundUpdate.deleteMany({
      where: {
        handledAt: { not: null },
        OR: ['message', 'edited_message', 'callback_query', 'chat_member', 'my_chat_member'].map((kind) => ({
          payload: { path: [kind, 'from', 'id'], equals: Number(telegramId) },
        })),
      },
    });
    await tx.conversationState.deleteMany({ where: { key: `profile:${telegramId}` } });
    await tx.paidDraft.deleteMany({ where: { telegramId } });
    return { receipts, groups: groups.count, updates: updates.count };
  });
  deps.members.forgetUser(telegramId);
  const keys = result.receipts.flatMap((r) => (r.storedKey ? [r.storedKey] : []));
  if (keys.length > 0 && input.removeStored) await input.removeStored(keys);
  return { name, groups: result.groups, receipts: result.receipts.length, updates: result.updates };
}
