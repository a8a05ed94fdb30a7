// Receipts: a photo of the bill kept with an expense. The photo stays on Telegram (its file_id is
// what the bot sends it again with); when an S3 bucket is configured, a copy goes there too, under
// receipts/<group>/<expense>.<ext>, so it outlives the chat. The copy is made after the expense is
// recorded and confirmed, in the background, with a few retries; a copy that still fails is logged
// and the receipt keeps working from Telegram (ExpenseReceipt.storedKey stays empty).
import { attachReceiptSql, markReceiptStoredSql } from '../db/queries/receipts.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';

export interface ReceiptPhoto {
  fileId: string;
  fileUniqueId: string;
}

/** Where copies of receipts go (an S3 bucket: src/export/receipt-store.ts). */
export interface ReceiptStore {
  /** The object key for an expense's receipt, with the bucket's prefix. */
  keyFor(groupId: number, expenseId: number, extension: string): string;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Deletes copies (a person erased with /forget): gone from the bucket, not only from the ledger. */
  remove(keys: string[]): Promise<void>;
}

/** `/receipt 12` (a reply to a photo, or a photo's caption): its payer, recorder or a group admin. */
export async function attachReceipt(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'clock'>,
  input: { groupId: number; expenseId: number; byId: number; byAdmin: boolean; photo: ReceiptPhoto },
): Promise<{ expenseId: number; number: number; copied: boolean }> {
  const expense = await deps.prisma.expense.findFirst({
    where: { id: input.expenseId, groupId: input.groupId },
  });
  if (!expense) throw new UseCaseError('EXPENSE_NOT_FOUND', { id: String(input.expenseId) });
  const allowed = input.byAdmin || expense.payerId === input.byId || expense.recordedById === input.byId;
  if (!allowed) throw new UseCaseError('NOT_ALLOWED_TO_ATTACH', { id: String(expense.number) });
  const [row] = await deps.sql.run(attachReceiptSql, [
    expense.id,
    input.photo.fileId,
    input.photo.fileUniqueId,
    input.byId,
    deps.clock().toISOString(),
  ]);
  return { expenseId: expense.id, number: expense.number, copied: Boolean(row?.storedKey) };
}

export interface CopyJob {
  groupId: number;
  expenseId: number;
  fileUniqueId: string;
  /** Downloads the photo (from Telegram); `extension` from its file path (jpg). */
  download: () => Promise<{ bytes: Uint8Array; extension: string }>;
}

/**
 * Copies receipts to the store in the background, a few tries each with backoff, and marks each
 * copied. The bot only queues jobs; stopping waits (bounded) for the copies under way.
 */
export class ReceiptCopier {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
    private readonly store: ReceiptStore,
    private readonly options: {
      onFailure: (job: CopyJob, error: unknown) => void;
      attempts?: number;
      backoffMs?: number;
    },
  ) {}

  /** Deletes receipts' copies from the bucket, once the copies still being made are done. */
  async remove(keys: string[]): Promise<void> {
    await Promise.allSettled([...this.running]);
    await this.store.remove(keys);
  }

  copy(job: CopyJob): void {
    const work = this.attempt(job).catch((error) => this.options.onFailure(job, error));
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Copies still under way. */
  pending(): number {
    return this.running.size;
  }

  async drain(timeoutMs: number): Promise<void> {
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.running]).then(() => undefined), timeout]);
  }

  private async attempt(job: CopyJob): Promise<void> {
    const attempts = this.options.attempts ?? 3;
    const backoffMs = this.options.backoffMs ?? 2_000;
    for (let attempt = 1; ; attempt++) {
      try {
        const { bytes, extension } = await job.download();
        const key = this.store.keyFor(job.groupId, job.expenseId, extension);
        await this.store.put(key, bytes, contentTypeOf(extension));
        await this.deps.sql.run(markReceiptStoredSql, [
          job.expenseId,
          job.fileUniqueId,
          key,
          this.deps.clock().toISOString(),
        ]);
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
      }
    }
  }
}

function contentTypeOf(extension: string): string {
  switch (extension.toLowerCase()) {
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg';
    case 'png':
      return 'image/png';
    case 'webp':
      return 'image/webp';
    default:
      return 'application/octet-stream';
  }
}
