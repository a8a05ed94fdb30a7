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

/** A file bigger than the caller's limit: it was not read past the limit. */
export class DownloadTooBigError extends DownloadError {
  constructor(limit: number) {
    super(`the file is bigger than ${limit} bytes`);
    this.name = 'DownloadTooBigError';
  }
}

export async function downloadFile(
  api: Api,
  apiRoot: string,
  token: string,
  fileId: string,
  maxBytes = TELEGRAM_DOWNLOAD_LIMIT,
): Promise<{ bytes: Uint8Array; filePath: string; extension: string }> {
  const file = await api.getFile(fileId);
  if (!file.file_path) throw new DownloadError('Telegram gave no path for the file');
  if ((file.file_size ?? 0) > maxBytes) throw new DownloadTooBigError(maxBytes);
  let response: Response;
  try {
    response = await fetch(`${apiRoot.replace(/\/+$/, '')}/file/bot${token}/${file.file_path}`, {
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new DownloadError(`could not download the file (${(error as Error).name})`);
  }
  if (!response.ok) throw new DownloadError(`downloading the file failed with HTTP ${response.status}`);
  const bytes = await readAtMost(response, maxBytes);
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(file.file_path)?.[1]?.toLowerCase() ?? 'jpg';
  return { bytes, filePath: file.file_path, extension };
}

/** The photo of a message, at its largest size (Telegram lists sizes smallest first). */
export function largestPhoto(photo: readonly PhotoSize[] | undefined): ReceiptPhoto | undefined {
  const largest = photo?.at(-1);
  return largest ? { fileId: largest.file_id, fileUniqueId: largest.file_unique_id } : undefined;
}

/** The body, refused (and the download cancelled) as soon as it passes `maxBytes`. */
async function readAtMost(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new DownloadTooBigError(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw new DownloadTooBigError(maxBytes);
    }
    chunks.push(part.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
