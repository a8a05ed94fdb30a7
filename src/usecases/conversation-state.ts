// What an unfinished /profile holds between messages (the conversations plugin's state), kept in the
// database so a restart or another instance continues it: read with its version, written only over
// the version read (a second writer loses and is told), and dropped after CONVERSATION_TTL_MS, since
// it may hold what someone typed (an email, a number).
import type { UseCaseDeps } from './deps.js';

/** How long an unfinished /profile is kept. */
export const CONVERSATION_TTL_MS = 60 * 60_000;

type Deps = Pick<UseCaseDeps, 'prisma'>;

/**
 * The state under `key` and the version it was read at (null: none). Anyone's state older than the
 * TTL is dropped first.
 */
export async function readConversation(
  deps: Deps,
  input: { key: string; now: Date },
): Promise<{ value: unknown; version: number } | null> {
  await deps.prisma.conversationState.deleteMany({
    where: { updatedAt: { lt: new Date(input.now.getTime() - CONVERSATION_TTL_MS) } },
  });
  const row = await deps.prisma.conversationState.findUnique({ where: { key: input.key } });
  return row ? { value: row.value, version: row.version } : null;
}

/** Writes the state over the version read (null: there was none); false when another writer won. */
export async function writeConversation(
  deps: Deps,
  input: { key: string; value: unknown; version: number | null },
): Promise<boolean> {
  const json = JSON.parse(JSON.stringify(input.value));
  const { key, version } = input;
  const written =
    version === null
      ? (
          await deps.prisma.conversationState.createMany({
            data: [{ key, value: json }],
            skipDuplicates: true,
          })
        ).count
      : (
          await deps.prisma.conversationState.updateMany({
            where: { key, version },
            data: { value: json, version: { increment: 1 } },
          })
        ).count;
  return written > 0;
}

export async function deleteConversation(deps: Deps, input: { key: string }): Promise<void> {
  await deps.prisma.conversationState.deleteMany({ where: { key: input.key } });
}
