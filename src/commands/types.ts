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

/**
 * How a command names someone; usernames are kept as typed, callers compare them lower-cased. A
 * `name` is a plain word such as `Meera` standing among the people: the group's members decide who
 * it is (a first or full name matching exactly one of them), so only the use case can resolve it.
 */
export type PersonRef =
  | { kind: 'username'; username: string }
  | { kind: 'name'; name: string }
  | { kind: 'user'; user: { id: number; first_name: string; last_name?: string; username?: string } };

export interface PaidParticipant {
  person: PersonRef;
  /** The exact amount (EXACT), percentage (PERCENT) or number of shares (SHARES); absent for EQUAL. */
  value?: Decimal;
}

/**
 * A plain word right after the people of an equal split (or after the amount when nobody is named)
 * that may be a member's name. The use case takes such words, in order, while each names exactly one
 * member; the description starts at the first that names nobody.
 */
export interface NameCandidate {
  /** One word, as typed (without trailing commas). */
  name: string;
  /** Whether the next candidate follows with nothing between, so the two may be a full name. */
  joinsNext: boolean;
  /** The description if this word, and every candidate before it, names someone. */
  descriptionAfter: string;
}

/** An expense's date as typed: days before today, or a calendar day (the year may be left out). */
export type SpentOn = { daysAgo: number } | { year?: number; month: number; day: number };

export interface PaidIntent {
  amount: Decimal;
  /** The amount as typed when it was not written plainly (`1.5k`, `250+180`, `५००`), to echo back. */
  amountTyped?: string;
  /**
   * Another currency the amount (and exact shares) were written in (`45 USD`, `$45`): ISO code. Absent
   * for the group's own (a bare number, ₹, Rs, INR).
   */
  currency?: string;
  /** `@ 83.20`: the rate for this expense (group currency per unit of `currency`). */
  rate?: Decimal;
  splitType: SplitType;
  /** Nobody named (or `everyone`): split equally among every known member of the group. */
  everyone: boolean;
  participants: PaidParticipant[];
  /** The description when none of the candidates names anyone. */
  description: string;
  /** Words that may be people (equal splits only; empty after an explicit `everyone`). */
  candidates: NameCandidate[];
  /** `by @ravi`: someone other than the sender paid (the sender still recorded it). */
  payer?: PersonRef;
  /** `equal everyone +200 @ravi -100 @meera`: signed adjustments of an equal split, taken first. */
  adjustments?: { person: PersonRef; amount: Decimal }[];
  /** `by me 2000 @ravi 1000`: several payers and what each paid (adding up to the amount). */
  payers?: { person: PersonRef; paid: Decimal }[];
  /** `yesterday`, `on 1 Mar`, `2026-03-01`: the day it was spent, when not the day it was recorded. */
  spentOn?: SpentOn;
  /** `everyone`, `all`, `sab` was written (not just nobody named): the whole group was meant. */
  everyoneWritten?: boolean;
  /** `everyone except kabir`: an everyone-split without these. */
  except?: PersonRef[];
  /**
   * Plain words this reading takes as people (`by Kabir`, `with ravi and meera`, `Meera @ravi`):
   * it stands when every one names a member. When none does, `fallback` is the reading (those words
   * in the description); when only some do, the unknown ones are refused.
   */
  tentative?: string[];
  fallback?: PaidIntent;
  /** Other ways the same words read (`1 500`: 1,500 or 1): the bot asks which was meant. */
  alternatives?: PaidAlternative[];
}

/** Why a /paid reads two ways, and the other reading. */
export interface PaidAlternative {
  /** `spaced-amount`: `1 500 …`; `perhaps-currency`: `500 bucks`; `currency-in-description`: `2000 momos nrs`. */
  why: 'spaced-amount' | 'perhaps-currency' | 'currency-in-description';
  intent: PaidIntent;
}

export interface SettleIntent {
  person: PersonRef;
  /** Absent: the whole debt. */
  amount?: Decimal;
  /** What followed the amount ("rent share"), spaces collapsed; absent when nothing did. */
  note?: string;
}
