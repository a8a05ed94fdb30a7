// A group admin erases the whole group: /erasegroup stores the request (GroupErasure) and the bot
// asks for a confirmation whose button carries only the request's id. A press is checked against the
// row (the chat, the presser: only the admin who asked, the age, and that nobody took it already);
// the bot checks again that the presser is still an admin and sends them the group's final export
// privately, and only once that was delivered is the group erased (hisaab_erase_group, one
// statement), then its receipts deleted from the bucket. Amounts of other groups are untouched.
import { eraseGroupSql } from '../db/queries/groups.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { GUIDED_PAID_TIMEOUT_MS } from './paid-draft.js';

export const ERASE_QUESTION_MS = GUIDED_PAID_TIMEOUT_MS;

type Deps = Pick<UseCaseDeps, 'prisma' | 'clock'>;

/**
 * Stores an admin's request to erase their group and returns its id. The caller has checked with
 * Telegram that the requester is an admin (`isAdmin`); the final export needs a private chat with
 * them, so one who never opened it is refused in one sentence.
 */
export async function askGroupErasure(
  deps: Deps,
  input: { groupId: number; chatId: number | bigint; requesterTelegramId: number | bigint; isAdmin: boolean },
): Promise<number> {
  if (!input.isAdmin) throw new UseCaseError('ERASE_GROUP_NOT_ADMIN');
  const telegramId = BigInt(input.requesterTelegramId);
  const requester = await deps.prisma.user.findUnique({
    where: { telegramId },
    select: { startedBot: true },
  });
  if (!requester?.startedBot) throw new UseCaseError('ERASE_GROUP_NO_PRIVATE_CHAT');
  const now = deps.clock();
  await deps.prisma.groupErasure.deleteMany({
    where: { groupId: input.groupId, createdAt: { lt: new Date(now.getTime() - ERASE_QUESTION_MS) } },
  });
  const row = await deps.prisma.groupErasure.create({
    data: { groupId: input.groupId, chatId: BigInt(input.chatId), telegramId, createdAt: now },
    select: { id: true },
  });
  return row.id;
}

export interface GroupToErase {
  id: number;
  title: string;
  currency: string;
}

export type GroupErasureAnswer =
  | { status: 'confirmed'; group: GroupToErase }
  | { status: 'cancelled' }
  | { status: 'expired' }
  | { status: 'gone' }
  | { status: 'not-yours'; ownerTelegramId: bigint };

/** A press on the confirmation (`erase` false for Keep). The first answer by the asker takes it. */
export async function answerGroupErasure(
  deps: Deps,
  press: { requestId: number; chatId: number | bigint; presserTelegramId: number | bigint; erase: boolean },
): Promise<GroupErasureAnswer> {
  const row = await deps.prisma.groupErasure.findUnique({
    where: { id: press.requestId },
    include: { group: { select: { id: true, title: true, currency: true } } },
  });
  if (!row || row.chatId !== BigInt(press.chatId)) return { status: 'gone' };
  if (row.telegramId !== BigInt(press.presserTelegramId)) {
    return { status: 'not-yours', ownerTelegramId: row.telegramId };
  }
  const { count } = await deps.prisma.groupErasure.deleteMany({ where: { id: row.id } });
  if (count === 0) return { status: 'gone' };
  if (deps.clock().getTime() - row.createdAt.getTime() > ERASE_QUESTION_MS) return { status: 'expired' };
  if (!press.erase) return { status: 'cancelled' };
  return { status: 'confirmed', group: row.group };
}

export interface ErasedGroup {
  expenses: number;
  payments: number;
  receipts: number;
}

/**
 * Erases the group and everything of it in one statement, then deletes its receipts from the bucket
 * through `removeStored` (when there is one).
 */
export async function eraseGroup(
  deps: Pick<UseCaseDeps, 'sql' | 'members'>,
  input: {
    groupId: number;
    chatIds: readonly (number | bigint)[];
    removeStored?: (keys: string[]) => Promise<void>;
  },
): Promise<ErasedGroup> {
  const [row] = await deps.sql.run(eraseGroupSql, [input.groupId]);
  deps.members.forgetChats([...input.chatIds]);
  const keys = Array.isArray(row?.receiptKeys) ? (row.receiptKeys as string[]) : [];
  if (keys.length > 0 && input.removeStored) await input.removeStored(keys);
  return { expenses: row?.expenses ?? 0, payments: row?.payments ?? 0, receipts: keys.length };
}
