// Files people send (a receipt photo, a Splitwise CSV): fetched the Bot API's way, getFile for the
// path, then GET <api root>/file/bot<token>/<path>. Telegram serves bots files of at most 20 MB.
// Errors never carry the URL, which holds the bot token.
import type { Api } from 'grammy';
import type { PhotoSize } from 'grammy/types';
import type { ReceiptPhoto } from '../usecases/receipts.js';

/** The most a bot may download through the Bot API (getFile refuses bigger files). */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownloadError';
  }
}

export async function downloadFile(
  api: Api,
  apiRoot: string,
  token: string,
  fileId: string,
): Promise<{ bytes: Uint8Array; filePath: string; extension: string }> {
  const file = await api.getFile(fileId);
  if (!file.file_path) throw new DownloadError('Telegram gave no path for the file');
  let response: Response;
  try {
    response = await fetch(`${apiRoot.replace(/\/+$/, '')}/file/bot${token}/${file.file_path}`, {
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new DownloadError(`could not download the file (${(error as Error).name})`);
  }
  if (!response.ok) throw new DownloadError(`downloading the file failed with HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(file.file_path)?.[1]?.toLowerCase() ?? 'jpg';
  return { bytes, filePath: file.file_path, extension };
}

/** The photo of a message, at its largest size (Telegram lists sizes smallest first). */
export function largestPhoto(photo: readonly PhotoSize[] | undefined): ReceiptPhoto | undefined {
  const largest = photo?.at(-1);
  return largest ? { fileId: largest.file_id, fileUniqueId: largest.file_unique_id } : undefined;
}
