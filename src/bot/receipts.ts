// Handing a receipt photo to the copier (usecases/receipts.ts) with a download that goes through
// Telegram (bot/files.ts). Nothing happens without an S3 bucket: the photo then stays on Telegram.

import type { ReceiptPhoto } from '../usecases/receipts.js';
import type { BotContext } from './context.js';
import { downloadFile } from './files.js';

export function copyReceipt(ctx: BotContext, expenseId: number, photo: ReceiptPhoto): void {
  const { receipts, config } = ctx.services;
  const groupId = ctx.groupId;
  if (!receipts || groupId === undefined) return;
  const api = ctx.api;
  receipts.copy({
    groupId,
    expenseId,
    fileUniqueId: photo.fileUniqueId,
    download: () => downloadFile(api, config.telegramApiRoot, config.botToken, photo.fileId),
  });
}
