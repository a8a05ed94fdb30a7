// The shapes the command grammar reads and returns. Kept free of grammY's runtime types so the
// parser stays a pure function that tests (and a sandbox) can call with plain objects.
import type { Decimal, SplitType } from '../ledger/index.js';

/** The part of a Telegram user the grammar needs (a text mention's `user`, or the sender). */
export interface TelegramUserLike {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  is_bot?: boolean;
}

/** A Telegram message entity, as much of it as the grammar reads. Offsets are UTF-16 code units. */
export interface EntityLike {
  type: string;
  offset: number;
  length: number;
  user?: TelegramUserLike;
}

export interface CommandInput {
  text: string;
  entities?: readonly EntityLike[];
  sender: { id: number; username?: string; first_name: string; last_name?: string };
  botUsername: string;
}

/** How a command names someone; usernames are kept as typed, callers compare them lower-cased. */
export type PersonRef =
  | { kind: 'username'; username: string }
  | { kind: 'user'; user: { id: number; first_name: string; last_name?: string; username?: string } };

export interface PaidParticipant {
  person: PersonRef;
  /** The exact amount (EXACT) or percentage (PERCENT); absent for EQUAL. */
  value?: Decimal;
}

export interface PaidIntent {
  amount: Decimal;
  splitType: SplitType;
  /** Nobody named (or `everyone`): split equally among every known member of the group. */
  everyone: boolean;
  participants: PaidParticipant[];
  description: string;
}

export interface SettleIntent {
  person: PersonRef;
  /** Absent: the whole debt. */
  amount?: Decimal;
  /** What followed the amount ("rent share"), spaces collapsed; absent when nothing did. */
  note?: string;
}
