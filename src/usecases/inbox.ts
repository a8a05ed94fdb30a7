// The inbox of Telegram updates: each fetched update is stored before its offset is confirmed to
// Telegram and marked once handled. A crash therefore loses nothing (stored updates are replayed
// on start) and repeats nothing (handled ones are skipped when Telegram sends them again).
import type { PrismaClient } from '../generated/prisma/client.js';

export interface InboundUpdate {
  update_id: number;
}

export class UpdateInbox {
  constructor(private readonly prisma: PrismaClient) {}

  async store(updates: readonly InboundUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await this.prisma.inboundUpdate.createMany({
      data: updates.map((update) => ({
        updateId: BigInt(update.update_id),
        chatId: chatIdOf(update),
        payload: JSON.parse(JSON.stringify(update)),
      })),
      skipDuplicates: true,
    });
  }

  async isHandled(updateId: number): Promise<boolean> {
    const row = await this.prisma.inboundUpdate.findUnique({
      where: { updateId: BigInt(updateId) },
      select: { handledAt: true },
    });
    return row?.handledAt != null;
  }

  async markHandled(updateId: number, at: Date = new Date()): Promise<void> {
    await this.prisma.inboundUpdate.updateMany({
      where: { updateId: BigInt(updateId), handledAt: null },
      data: { handledAt: at },
    });
  }

  /** Updates stored but never handled (the process stopped mid-batch), oldest first. */
  async unhandled<U extends InboundUpdate>(): Promise<U[]> {
    const rows = await this.prisma.inboundUpdate.findMany({
      where: { handledAt: null },
      orderBy: { updateId: 'asc' },
      select: { payload: true },
    });
    return rows.map((row) => row.payload as unknown as U);
  }

  /** Forgets handled updates older than `before`; Telegram never resends an update after a day. */
  async prune(before: Date): Promise<number> {
    const { count } = await this.prisma.inboundUpdate.deleteMany({ where: { handledAt: { lt: before } } });
    return count;
  }
}

function chatIdOf(update: InboundUpdate): bigint | null {
  const u = update as {
    message?: { chat: { id: number } };
    edited_message?: { chat: { id: number } };
    callback_query?: { message?: { chat: { id: number } } };
    chat_member?: { chat: { id: number } };
    my_chat_member?: { chat: { id: number } };
  };
  const id =
    u.message?.chat.id ??
    u.edited_message?.chat.id ??
    u.callback_query?.message?.chat.id ??
    u.chat_member?.chat.id ??
    u.my_chat_member?.chat.id;
  return id === undefined ? null : BigInt(id);
}
