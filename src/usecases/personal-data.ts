// A person's data, theirs (India's DPDP Act 2023: access and erasure). myData gathers everything
// stored about one person; forgetPerson erases who they are: their name, username, email, mobile
// and UPI id are gone and they become "Former member N" in every group (N their row's number),
// their Telegram id is replaced so nothing links the row to them, the receipts they attached are
// deleted (from the bucket too), and so are the updates of theirs the inbox still holds, their
// /profile conversation, unfinished guided /paid, open /paid questions, bill photos being read and
// flood-guard window. Amounts stay (shares, payers' parts, debts, passbook lines, nets, plans): the
// others' balances are made of them, and they name the person only by a row id.
import { planTransfers } from './balances.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';

/** The words a former member is shown by, everywhere. */
export function formerMemberName(userId: number): string {
  return `Former member ${userId}`;
}

type Prisma = Pick<UseCaseDeps, 'prisma'>['prisma'];
type UserRow = NonNullable<Awaited<ReturnType<Prisma['user']['findUnique']>>>;

/** Everything stored about one person, as plain JSON (amounts as text, exact). */
export async function myData(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { telegramId: number | bigint },
): Promise<Record<string, unknown> | null> {
  const user = await deps.prisma.user.findUnique({ where: { telegramId: BigInt(input.telegramId) } });
  if (!user) return null;
  const [ledger, severalPayers, plans, pending] = await Promise.all([
    ledgerSections(deps.prisma, user.id),
    severalPayerSections(deps.prisma, user.id),
    settleUpSections(deps.prisma, user.id),
    pendingSections(deps.prisma, user.telegramId),
  ]);
  return {
    about: "Everything Hisaab stores about you. Amounts are in each group's currency.",
    profile: profileSection(user),
    ...ledger,
    ...severalPayers,
    ...plans,
    ...pending,
  };
}

function profileSection(user: UserRow): Record<string, unknown> {
  return {
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
  };
}

/** Groups, expenses, shares, payments, receipts, recurring expenses and nets per currency. */
async function ledgerSections(prisma: Prisma, id: number): Promise<Record<string, unknown>> {
  const [memberships, paid, shares, payments, receipts, rules, nets] = await Promise.all([
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
    prisma.userNet.findMany({ where: { userId: id }, orderBy: { currency: 'asc' } }),
  ]);
  return {
    groups: memberships.map((m) => ({
      title: m.group.title,
      joinedAt: m.joinedAt.toISOString(),
      leftAt: m.leftAt?.toISOString() ?? null,
    })),
    netByCurrency: nets.map((n) => ({ currency: n.currency, net: n.net.toString() })),
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

/** Expenses with several payers: what you paid of each, and who owes whom in it where you are one. */
async function severalPayerSections(prisma: Prisma, id: number): Promise<Record<string, unknown>> {
  const [payers, debts] = await Promise.all([
    prisma.expensePayer.findMany({ where: { userId: id }, orderBy: { expenseId: 'asc' } }),
    prisma.expenseDebt.findMany({
      where: { OR: [{ debtorId: id }, { creditorId: id }] },
      orderBy: [{ expenseId: 'asc' }, { debtorId: 'asc' }, { creditorId: 'asc' }],
    }),
  ]);
  return {
    yourPartsOfExpensesWithSeveralPayers: payers.map((p) => ({
      expenseId: p.expenseId,
      paid: p.paid.toString(),
    })),
    debtsInExpensesWithSeveralPayers: debts.map((d) => ({
      expenseId: d.expenseId,
      youOwe: d.debtorId === id,
      otherMemberId: d.debtorId === id ? d.creditorId : d.debtorId,
      amount: d.amount.toString(),
    })),
  };
}

/** /settleup plans that name you (only the payments you make or receive), and their pay offers. */
async function settleUpSections(prisma: Prisma, id: number): Promise<Record<string, unknown>> {
  const [plans, offers] = await Promise.all([
    prisma.settleUpPlan.findMany({
      where: {
        OR: [
          { transfers: { array_contains: [{ from: id }] } },
          { transfers: { array_contains: [{ to: id }] } },
        ],
      },
      orderBy: { id: 'asc' },
    }),
    prisma.settleUpOffer.findMany({
      where: { OR: [{ fromUserId: id }, { toUserId: id }] },
      orderBy: { id: 'asc' },
    }),
  ]);
  return {
    settleUpPlansNamingYou: plans.map((p) => ({
      id: p.id,
      groupId: p.groupId,
      createdAt: p.createdAt.toISOString(),
      yourPayments: planTransfers(p.transfers)
        .filter((t) => t.from === id || t.to === id)
        .map((t) => ({
          youPay: t.from === id,
          otherMemberId: t.from === id ? t.to : t.from,
          amount: t.amount.toFixed(2),
        })),
    })),
    payOffers: offers.map((o) => ({
      id: o.id,
      groupId: o.groupId,
      youPay: o.fromUserId === id,
      amount: o.amount.toString(),
      paid: o.settlementId !== null,
    })),
  };
}

/** What is waiting for your button: /paid questions and bill photos being read. */
async function pendingSections(prisma: Prisma, telegramId: bigint): Promise<Record<string, unknown>> {
  const [questions, corrections, scans, drafts] = await Promise.all([
    prisma.paidQuestion.findMany({ where: { telegramId }, orderBy: { id: 'asc' } }),
    prisma.correctionQuestion.findMany({ where: { telegramId }, orderBy: { id: 'asc' } }),
    prisma.billScan.findMany({ where: { telegramId }, orderBy: { id: 'asc' } }),
    prisma.paidDraft.findMany({ where: { telegramId } }),
  ]);
  return {
    questionsWaitingForYou: questions.map((q) => ({
      chatId: q.chatId.toString(),
      askedAt: q.createdAt.toISOString(),
      answers: Array.isArray(q.options) ? q.options.map((o) => (o as { label?: unknown }).label) : [],
    })),
    correctionsWaitingForYou: corrections.map((c) => ({
      expenseId: c.expenseId,
      askedAt: c.createdAt.toISOString(),
      edit: (c.edit as { text?: unknown } | null)?.text ?? null,
    })),
    billPhotosBeingRead: scans.map((b) => ({
      chatId: b.chatId.toString(),
      step: b.step,
      total: b.total?.toString() ?? null,
      reading: b.reading,
      updatedAt: b.updatedAt.toISOString(),
    })),
    unfinishedGuidedPaid: drafts.map((d) => ({ chatId: d.chatId.toString(), step: d.step, data: d.data })),
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
    // What waits for their button: /paid questions and bill photos being read (a photo is only a
    // Telegram file id until an expense records it; then it is a receipt, deleted above).
    await tx.paidQuestion.deleteMany({ where: { telegramId } });
    await tx.correctionQuestion.deleteMany({ where: { telegramId } });
    await tx.billScan.deleteMany({ where: { telegramId } });
    await tx.floodWindow.deleteMany({ where: { telegramId } });
    return { receipts, groups: groups.count, updates: updates.count };
  });
  deps.members.forgetUser(telegramId);
  const keys = result.receipts.flatMap((r) => (r.storedKey ? [r.storedKey] : []));
  if (keys.length > 0 && input.removeStored) await input.removeStored(keys);
  return { name, groups: result.groups, receipts: result.receipts.length, updates: result.updates };
}
