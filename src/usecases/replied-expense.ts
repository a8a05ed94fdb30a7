// "This one": a command sent as a reply to an expense's confirmation, or to the /paid message that
// recorded it, acts on that expense. The expense is found by the message replied to, in this group
// only (confirmationMessageId, or the source message).
import type { UseCaseDeps } from './deps.js';

export async function findRepliedExpense(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number; chatId: number | bigint; messageId: number },
): Promise<{ id: number } | null> {
  return deps.prisma.expense.findFirst({
    where: {
      groupId: input.groupId,
      OR: [
        { confirmationMessageId: input.messageId },
        { sourceChatId: BigInt(input.chatId), sourceMessageId: input.messageId },
      ],
    },
    orderBy: { id: 'desc' },
    select: { id: true },
  });
}
