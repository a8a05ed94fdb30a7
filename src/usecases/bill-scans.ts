// A bill photo being read and offered (BillScan): one per person per chat, in the database, so the
// buttons under the bot's reading are checked against what is stored (the scan's id, chat, owner and
// step), a restart loses nothing, and a scan untouched for BILL_SCAN_TIMEOUT_MS is dropped, as the
// guided /paid's draft is. Times come from the use-case clock.
import { Prisma } from '../generated/prisma/client.js';
import { Decimal } from '../ledger/index.js';
import type { BillReading } from '../receipts/read-bill.js';
import type { UseCaseDeps } from './deps.js';
import { GUIDED_PAID_TIMEOUT_MS } from './paid-draft.js';
import type { ReceiptPhoto } from './receipts.js';

export const BILL_SCAN_TIMEOUT_MS = GUIDED_PAID_TIMEOUT_MS;

/**
 * reading: the reader has it · ready: buttons show `total` · amount: waiting for a typed amount ·
 * items: "Split by items" was pressed; the sender's next /bill keeps the photo as its receipt.
 */
export type ScanStep = 'reading' | 'ready' | 'amount' | 'items';

/** What was read, as stored (money as decimal strings). */
export interface StoredReading {
  merchant: string | null;
  date: string | null;
  confidence: BillReading['confidence'];
  items: { name: string; amount: string }[];
  taxes: { kind: string; amount: string }[];
}

export interface BillScanRow {
  id: number;
  chatId: bigint;
  telegramId: bigint;
  sourceMessageId: number;
  photo: ReceiptPhoto;
  step: ScanStep;
  total: Decimal | null;
  reading: StoredReading | null;
}

type Deps = Pick<UseCaseDeps, 'prisma' | 'clock'>;

/**
 * Starts reading a photo for its sender, replacing any scan they had in this chat. The same photo
 * message seen again (Telegram delivering an update twice) starts nothing: null.
 */
export async function startBillScan(
  deps: Deps,
  input: { chatId: number; telegramId: number; sourceMessageId: number; photo: ReceiptPhoto },
): Promise<BillScanRow | null> {
  const key = { chatId: BigInt(input.chatId), telegramId: BigInt(input.telegramId) };
  const same = await deps.prisma.billScan.findUnique({
    where: { chatId_sourceMessageId: { chatId: key.chatId, sourceMessageId: input.sourceMessageId } },
  });
  if (same) return null;
  const data = {
    sourceMessageId: input.sourceMessageId,
    fileId: input.photo.fileId,
    fileUniqueId: input.photo.fileUniqueId,
    step: 'reading',
    total: null,
    reading: Prisma.DbNull,
    updatedAt: deps.clock(),
  };
  const row = await deps.prisma.billScan.upsert({
    where: { chatId_telegramId: key },
    create: { ...key, ...data },
    update: data,
  });
  return toRow(row);
}

/** Stores what the reader found: `ready` with a total it is sure of, else waiting for the amount. */
export async function finishBillScan(
  deps: Deps,
  input: { id: number; reading: BillReading | null },
): Promise<BillScanRow | null> {
  const reading = input.reading;
  const sure = reading?.confidence === 'sure' && reading.total !== null;
  const stored: StoredReading | null = reading
    ? {
        merchant: reading.merchant,
        date: reading.date,
        confidence: reading.confidence,
        items: reading.items.map((i) => ({ name: i.name, amount: i.amount.toFixed(2) })),
        taxes: reading.taxes.map((t) => ({ kind: t.kind, amount: t.amount.toFixed(2) })),
      }
    : null;
  const { count } = await deps.prisma.billScan.updateMany({
    where: { id: input.id, step: 'reading' },
    data: {
      step: sure ? 'ready' : 'amount',
      // An unsure total is kept only to be offered on its own button; 'amount' waits for the typed one.
      total: reading?.total ? reading.total.toFixed(2) : null,
      ...(stored ? { reading: JSON.parse(JSON.stringify(stored)) } : {}),
      updatedAt: deps.clock(),
    },
  });
  return count === 0 ? null : findById(deps, input.id);
}

/** The sender's scan in this chat, if it is not abandoned (an abandoned one is deleted). */
export async function findBillScan(
  deps: Deps,
  key: { chatId: number; telegramId: number },
): Promise<BillScanRow | null> {
  const row = await deps.prisma.billScan.findUnique({
    where: { chatId_telegramId: { chatId: BigInt(key.chatId), telegramId: BigInt(key.telegramId) } },
  });
  if (!row) return null;
  if (deps.clock().getTime() - row.updatedAt.getTime() > BILL_SCAN_TIMEOUT_MS) {
    await deps.prisma.billScan.deleteMany({ where: { id: row.id, updatedAt: row.updatedAt } });
    return null;
  }
  return toRow(row);
}

/** The amount typed by the sender (or taken from the unsure reading's button): the buttons show it. */
export async function setBillScanTotal(deps: Deps, input: { id: number; total: Decimal }): Promise<void> {
  await deps.prisma.billScan.update({
    where: { id: input.id },
    data: { step: 'ready', total: input.total.toFixed(2), updatedAt: deps.clock() },
  });
}

export async function askBillScanAmount(deps: Deps, id: number): Promise<void> {
  await deps.prisma.billScan.update({ where: { id }, data: { step: 'amount', updatedAt: deps.clock() } });
}

/** "Split by items": the offer becomes a /bill to fill in; the sender's next /bill takes the photo. */
export async function offerBillItems(deps: Deps, id: number): Promise<void> {
  await deps.prisma.billScan.update({ where: { id }, data: { step: 'items', updatedAt: deps.clock() } });
}

/** A read bill as the lines of an itemised bill: items, then charges that make up the rest of the total. */
export interface ScanLines {
  merchant: string | null;
  total: Decimal;
  items: { name: string; amount: Decimal }[];
  /** Signed amounts: the taxes read (when the items alone are not the total), then what is left. */
  charges: { label: string; amount: Decimal }[];
}

/**
 * The lines of a bill as read, adding up to the total shown: the items; when they are not the whole
 * total, the taxes read; and whatever is still left as `other charges` (or `round off` when the
 * lines come to more). The person checks them and says who had each item.
 */
export function scanLines(scan: Pick<BillScanRow, 'total' | 'reading'>): ScanLines {
  const total = scan.total ?? new Decimal(0);
  const items = (scan.reading?.items ?? []).map((i) => ({ name: i.name, amount: new Decimal(i.amount) }));
  const charges: ScanLines['charges'] = [];
  let left = items.reduce((sum, item) => sum.minus(item.amount), total);
  if (!left.isZero()) {
    for (const tax of scan.reading?.taxes ?? []) {
      charges.push({
        label: tax.kind === 'SERVICE' ? 'service charge' : tax.kind,
        amount: new Decimal(tax.amount),
      });
      left = left.minus(tax.amount);
    }
  }
  if (left.gt(0)) charges.push({ label: 'other charges', amount: left });
  if (left.lt(0)) charges.push({ label: 'round off', amount: left });
  return { merchant: scan.reading?.merchant ?? null, total, items, charges };
}

/**
 * The sender's scan in the group's chat, if it is `id` and has its lines to offer (read and shown,
 * or Split by items pressed): what the Mini App's Split a bill page is filled in from, and takes the
 * photo of. Anyone else's, an old one or one still being read is null.
 */
export async function scanForPage(
  deps: Deps,
  input: { groupId: number; telegramId: number; id: number },
): Promise<BillScanRow | null> {
  const group = await deps.prisma.group.findUnique({ where: { id: input.groupId } });
  if (!group) return null;
  const scan = await findBillScan(deps, { chatId: Number(group.chatId), telegramId: input.telegramId });
  return scan && scan.id === input.id && (scan.step === 'ready' || scan.step === 'items') ? scan : null;
}

/** Ends a scan (recorded, cancelled, or unreadable and abandoned). */
export async function dropBillScan(deps: Pick<UseCaseDeps, 'prisma'>, id: number): Promise<void> {
  await deps.prisma.billScan.deleteMany({ where: { id } });
}

async function findById(deps: Deps, id: number): Promise<BillScanRow | null> {
  const row = await deps.prisma.billScan.findUnique({ where: { id } });
  return row ? toRow(row) : null;
}

function toRow(row: {
  id: number;
  chatId: bigint;
  telegramId: bigint;
  sourceMessageId: number;
  fileId: string;
  fileUniqueId: string;
  step: string;
  total: { toString(): string } | null;
  reading: unknown;
}): BillScanRow {
  return {
    id: row.id,
    chatId: row.chatId,
    telegramId: row.telegramId,
    sourceMessageId: row.sourceMessageId,
    photo: { fileId: row.fileId, fileUniqueId: row.fileUniqueId },
    step: row.step as ScanStep,
    total: row.total === null ? null : new Decimal(row.total.toString()),
    // The row holds only what finishBillScan stored.
    reading: (row.reading as StoredReading | null) ?? null,
  };
}
