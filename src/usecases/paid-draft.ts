// The guided /paid's unfinished state: one draft per person per chat, in PostgreSQL (PaidDraft), so
// a restart in the middle loses nothing and two people can each have one going. A draft untouched
// for GUIDED_PAID_TIMEOUT_MS is abandoned: the next look at it deletes it, and nothing is recorded.
// Times come from the use-case clock, so tests move time instead of sleeping.
import type { SplitType } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';

export const GUIDED_PAID_TIMEOUT_MS = 10 * 60_000;

export type DraftStep = 'amount' | 'people' | 'how' | 'values' | 'description' | 'confirm';

/** Someone the draft may split with (a member when the people step was shown). */
export interface DraftPerson {
  telegramId: string;
  firstName: string;
  lastName: string | null;
  username: string | null;
}

/** What has been chosen so far. Money and percentages are kept as decimal strings. */
export interface DraftData {
  amount?: string;
  /** The amount as typed when not plain (1.5k), echoed in the confirmation. */
  amountTyped?: string;
  /** The group's members when the people step was shown, in the order of its buttons. */
  offered?: DraftPerson[];
  /** Telegram ids of those ticked. */
  chosen?: string[];
  splitType?: SplitType;
  /** Per chosen person, in the order of `offered`: the exact amount or the percentage. */
  values?: string[];
  description?: string;
}

export interface DraftKey {
  chatId: number | bigint;
  telegramId: number | bigint;
}

export interface Draft {
  step: DraftStep;
  data: DraftData;
}

export type DraftLookup = { draft: Draft } | { draft: null; abandoned: boolean };

function where(key: DraftKey) {
  return { chatId_telegramId: { chatId: BigInt(key.chatId), telegramId: BigInt(key.telegramId) } };
}

/** The person's draft in this chat; an abandoned one is deleted and reported as such. */
export async function findPaidDraft(
  deps: Pick<UseCaseDeps, 'prisma' | 'clock'>,
  key: DraftKey,
): Promise<DraftLookup> {
  const row = await deps.prisma.paidDraft.findUnique({ where: where(key) });
  if (!row) return { draft: null, abandoned: false };
  if (deps.clock().getTime() - row.updatedAt.getTime() > GUIDED_PAID_TIMEOUT_MS) {
    // Only this exact row: a draft started again meanwhile (a newer updatedAt) stays.
    await deps.prisma.paidDraft.deleteMany({
      where: { ...where(key).chatId_telegramId, updatedAt: row.updatedAt },
    });
    return { draft: null, abandoned: true };
  }
  // The row holds only what savePaidDraft stored.
  return { draft: { step: row.step as DraftStep, data: row.data as DraftData } };
}

/** Stores the draft at `step` (creating or replacing it) and restarts its timeout. */
export async function savePaidDraft(
  deps: Pick<UseCaseDeps, 'prisma' | 'clock'>,
  key: DraftKey,
  draft: Draft,
): Promise<void> {
  const data = JSON.parse(JSON.stringify(draft.data));
  const updatedAt = deps.clock();
  await deps.prisma.paidDraft.upsert({
    where: where(key),
    create: { ...where(key).chatId_telegramId, step: draft.step, data, updatedAt },
    update: { step: draft.step, data, updatedAt },
  });
}

/** Deletes the person's draft here; true when there was one. */
export async function dropPaidDraft(deps: Pick<UseCaseDeps, 'prisma'>, key: DraftKey): Promise<boolean> {
  const { count } = await deps.prisma.paidDraft.deleteMany({ where: where(key).chatId_telegramId });
  return count > 0;
}
