// Reminder settings: a group's automatic nudges (`/reminders after 7 days`, `above 500`, `off`) and
// a person's weekly digest (muted by its button, back on with /reminders on in a private chat).
import { Decimal } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';

export interface GroupReminders {
  afterDays: number | null;
  above: Decimal | null;
}

export async function groupReminders(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number },
): Promise<GroupReminders> {
  const group = await deps.prisma.group.findUniqueOrThrow({ where: { id: input.groupId } });
  return {
    afterDays: group.remindAfterDays,
    above: group.remindAbove === null ? null : new Decimal(group.remindAbove.toString()),
  };
}

/** Sets what is given (keeping the other), or turns both off. */
export async function setGroupReminders(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { groupId: number } & ({ off: true } | { off?: false; afterDays?: number; above?: Decimal }),
): Promise<GroupReminders> {
  const data = input.off
    ? { remindAfterDays: null, remindAbove: null }
    : {
        ...(input.afterDays === undefined ? {} : { remindAfterDays: input.afterDays }),
        ...(input.above === undefined ? {} : { remindAbove: input.above.toFixed(2) }),
      };
  await deps.prisma.group.update({ where: { id: input.groupId }, data });
  return groupReminders(deps, input);
}

export async function setDigestMuted(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { telegramId: number | bigint; muted: boolean },
): Promise<void> {
  await deps.prisma.user.updateMany({
    where: { telegramId: BigInt(input.telegramId) },
    data: { digestMuted: input.muted },
  });
}

export async function digestMuted(
  deps: Pick<UseCaseDeps, 'prisma'>,
  input: { telegramId: number | bigint },
): Promise<boolean> {
  const user = await deps.prisma.user.findUnique({ where: { telegramId: BigInt(input.telegramId) } });
  return user?.digestMuted ?? false;
}
