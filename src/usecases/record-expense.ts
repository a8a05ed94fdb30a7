// /paid as a use case: resolve the people a command names, split the amount with the ledger engine,
// and record the expense with its shares in one statement (hisaab_record_expense, which posts it
// through the one ledger writer). Idempotent per source message: Telegram may deliver the same
// message twice, and the second delivery records nothing new. Knows nothing of Telegram messages.
import { CATEGORY_KEYS, type Category, guessCategory } from '../commands/categories.js';
import { recordForeignExpenseSql } from '../db/queries/currency.js';
import { recordExpenseSql, recordSeveralPayersSql } from '../db/queries/ledger.js';
import { attachReceiptSql, recordExpenseWithReceiptSql } from '../db/queries/receipts.js';
import {
  Decimal,
  formatMoney,
  LedgerError,
  type PairDebt,
  payerDebts,
  type Share,
  type SplitRequest,
  type SplitType,
  splitExpense,
} from '../ledger/index.js';
import { type OriginalAmount, originalSharesJson, priceExpense } from './currency.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import {
  displayName,
  leadingNames,
  type NameCandidate,
  type Person,
  type PersonRef,
  type TelegramGroup,
  type TelegramPerson,
} from './members.js';
import type { ReceiptPhoto } from './receipts.js';

export interface SourceMessage {
  chatId: number | bigint;
  messageId: number;
}

export interface RecordExpenseInput {
  group: TelegramGroup;
  /** Who sent the command: the payer too, unless `paidBy` names someone else. */
  payer: TelegramPerson;
  /** `by @ravi`: someone else paid; the sender is still who recorded it. */
  paidBy?: PersonRef;
  /**
   * Several payers (`by me 2000 @ravi 1000`): what each paid, in the group's currency, adding up to
   * the amount; the first is the expense's payer. Takes the place of `paidBy`.
   */
  payers?: readonly { person: PersonRef; paid: Decimal }[];
  /** `equal everyone +200 @ravi -100 @meera`: signed adjustments of an equal split, taken first. */
  adjustments?: readonly { person: PersonRef; amount: Decimal }[];
  /** The day it was spent (YYYY-MM-DD, UTC); absent: the day it is recorded. */
  spentOn?: string;
  /** In `currency` when one is given, else in the group's currency. */
  amount: Decimal;
  /** Another currency the amount (and exact values) were typed in; converted at `rate` or the group's. */
  currency?: string;
  /** The rate typed with the expense (group currency per unit of `currency`). */
  rate?: Decimal;
  splitType: SplitType;
  /** Split among every current member of the group (nobody named with EQUAL). */
  everyone: boolean;
  participants: readonly { person: PersonRef; value?: Decimal }[];
  /** `everyone except kabir`: left out of an everyone-split. */
  except?: readonly PersonRef[];
  /** The description when none of `candidates` names a member. */
  description: string;
  /**
   * Words after the people of an equal split that may be members' names (see the command grammar):
   * those that name exactly one member join the split, and the description starts after them.
   */
  candidates?: readonly NameCandidate[];
  source: SourceMessage;
  /** A photo the command came with (its caption): kept with the expense, in the same statement. */
  receipt?: ReceiptPhoto;
}

export interface RecordedExpense {
  id: number;
  /** The group's number for it (#3): what people read and type. */
  number: number;
  /** False when this source message had already been recorded (a redelivery). */
  created: boolean;
  createdAt: Date;
  payer: Person;
  /** Who sent the command; the payer unless the command named another (`by`). */
  recordedBy: Person;
  /** Several payers: what each paid (the first is `payer`); absent when one person paid it all. */
  payers?: { person: Person; paid: Decimal }[];
  /** With several payers: who owes which payer how much for it. */
  debts?: PairDebt<number>[];
  /** The day it was spent (YYYY-MM-DD, UTC). */
  spentOn: string;
  /** In the group's currency. */
  amount: Decimal;
  /** The group's currency (ISO code). */
  currency: string;
  /** What was typed in another currency, and the rate it was converted at. */
  original?: OriginalAmount;
  splitType: SplitType;
  shares: (Share<number> & { person: Person })[];
  /** As recorded (name candidates that named members are not part of it). */
  description: string;
  /** Split among every current member of the group. */
  everyone: boolean;
  /** What it was spent on: guessed from the description, or as stored for a redelivery. */
  category: Category;
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: on the list of long functions to split (test/structure/complexity-exceptions.test.ts)
export async function recordExpense(
  deps: Pick<UseCaseDeps, 'sql' | 'members' | 'clock'>,
  input: RecordExpenseInput,
  /** `active`: the group's current members, read for this same message already (a statement saved). */
  options: { active?: readonly Person[] } = {},
): Promise<RecordedExpense> {
  const { groupId, person: sender, currency } = await deps.members.learnMember(input.group, input.payer);
  const known = options.active ? { active: options.active } : {};
  const payers = await resolvePayers(deps, input, known);
  const [named] =
    input.paidBy && !payers ? await deps.members.resolve(input.group, [input.paidBy], known) : [];
  const payer = payers?.[0]?.person ?? named ?? sender;
  const { people, description, everyone } = await splitPeople(deps, groupId, payer.id, input, known);
  const now = deps.clock();

  // Typed in another currency: converted (and exact shares share by share) before splitting.
  const priced = await priceExpense(deps, {
    groupId,
    amount: input.amount,
    ...(input.currency === undefined ? {} : { currency: input.currency }),
    ...(input.rate === undefined ? {} : { rate: input.rate }),
    splitType: input.splitType,
    values: input.participants.map((p) => p.value),
  });
  const typedValues = input.participants.map((p) => p.value);
  const converted = convertedInput(input, priced);
  // Seeded by the message so the odd paisa lands on a different person from one expense to the next.
  const shares = await splitWithAdjustments(deps, input, splitRequest(converted, people), {
    people,
    known,
    seed: input.source.messageId,
  });
  if (payers && priced.original) throw new UseCaseError('PAYERS_IN_OTHER_CURRENCY', { currency });
  const debts = payers ? debtsOfPayers(converted.amount, payers, shares, currency) : undefined;
  const common = [
    groupId,
    payer.id,
    sender.id,
    converted.amount.toFixed(2),
    input.splitType,
    description,
    shares.map((s) => s.participant),
    shares.map((s) => s.share.toFixed(2)),
    shares.map((s) => (s.typed === undefined ? null : s.typed.toFixed(2))),
    String(input.source.chatId),
    input.source.messageId,
    now.toISOString(),
    input.spentOn ?? null,
  ] as const;
  const category = guessCategory(description);
  const original = priced.original
    ? {
        ...priced.original,
        ...(priced.values
          ? { shares: people.map((p, i) => ({ userId: p.id, typed: typedValues[i] as Decimal })) }
          : {}),
      }
    : undefined;
  const [row] = debts
    ? await deps.sql.run(recordSeveralPayersSql, [...common, category, ...debts.params])
    : original
      ? await deps.sql.run(recordForeignExpenseSql, [
          ...common,
          original.currency,
          original.amount.toFixed(),
          original.rate.toFixed(),
          originalSharesJson(
            original,
            people.map((p) => p.id),
            priced.values ? typedValues : undefined,
          ),
          category,
        ])
      : input.receipt
        ? await deps.sql.run(recordExpenseWithReceiptSql, [
            ...common,
            category,
            input.receipt.fileId,
            input.receipt.fileUniqueId,
          ])
        : await deps.sql.run(recordExpenseSql, [...common, category]);
  if (!row) throw new Error('hisaab_record_expense returned no row');
  // A photo with an expense in another currency: kept by its own statement (the foreign one has no
  // receipt columns); a redelivery sets the same photo again.
  if ((original || debts) && input.receipt)
    await deps.sql.run(attachReceiptSql, [
      row.expenseId,
      input.receipt.fileId,
      input.receipt.fileUniqueId,
      sender.id,
      now.toISOString(),
    ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  return {
    id: row.expenseId,
    number: row.number,
    created: row.created,
    createdAt: new Date(row.createdAt),
    payer,
    recordedBy: sender,
    ...(payers ? { payers } : {}),
    ...(debts ? { debts: debts.debts } : {}),
    spentOn: input.spentOn ?? row.createdAt.slice(0, 10),
    amount: converted.amount,
    currency: priced.original ? priced.groupCurrency : currency,
    ...(original ? { original } : {}),
    splitType: input.splitType,
    shares: shares.map((s) => ({ ...s, person: byId.get(s.participant) as Person })),
    description,
    everyone,
    category: asCategory(row.category),
  };
}

/**
 * The payers of a `by me 2000 @ravi 1000`, resolved (a person named twice is refused by resolve);
 * undefined when fewer than two people paid (one payer is the ordinary expense).
 */
async function resolvePayers(
  deps: Pick<UseCaseDeps, 'members'>,
  input: Pick<RecordExpenseInput, 'group' | 'payers'>,
  known: { active?: readonly Person[] } = {},
): Promise<{ person: Person; paid: Decimal }[] | undefined> {
  const typed = input.payers;
  if (!typed || typed.length < 2) return undefined;
  const people = await deps.members.resolve(
    input.group,
    typed.map((p) => p.person),
    known,
  );
  return people.map((person, i) => ({ person, paid: (typed[i] as { paid: Decimal }).paid }));
}

/**
 * What each payer paid and who owes which payer, as hisaab_record_expense takes them: refused when
 * the payers do not add up to the amount.
 */
export function debtsOfPayers(
  amount: Decimal,
  payers: readonly { person: Person; paid: Decimal }[],
  shares: readonly Share<number>[],
  currency: string,
): { params: [number[], string[], number[], number[], string[]]; debts: PairDebt<number>[] } {
  const paid = payers.reduce((sum, p) => sum.plus(p.paid), new Decimal(0));
  if (!paid.eq(amount))
    throw new UseCaseError('PAYERS_DO_NOT_ADD_UP', {
      paid: formatMoney(paid, currency),
      amount: formatMoney(amount, currency),
    });
  const positions = new Map<number, { person: number; paid: Decimal; share: Decimal }>();
  const at = (id: number) => {
    const found = positions.get(id) ?? { person: id, paid: new Decimal(0), share: new Decimal(0) };
    positions.set(id, found);
    return found;
  };
  for (const p of payers) at(p.person.id).paid = p.paid;
  for (const s of shares) at(s.participant).share = s.share;
  const debts = payerDebts([...positions.values()]);
  const params: [number[], string[], number[], number[], string[]] = [
    payers.map((p) => p.person.id),
    payers.map((p) => p.paid.toFixed(2)),
    debts.map((d) => d.debtor),
    debts.map((d) => d.creditor),
    debts.map((d) => d.amount.toFixed(2)),
  ];
  return { params, debts };
}

/** The amount and exact values in the group's currency, as the split engine takes them. */
export function convertedInput<T extends Pick<RecordExpenseInput, 'amount' | 'splitType' | 'participants'>>(
  input: T,
  priced: { amount: Decimal; values?: Decimal[] },
): Pick<RecordExpenseInput, 'amount' | 'splitType' | 'participants'> {
  const values = priced.values;
  return {
    amount: priced.amount,
    splitType: input.splitType,
    participants: values
      ? input.participants.map((p, i) => ({ person: p.person, value: values[i] as Decimal }))
      : input.participants,
  };
}

/** An expense resolved and split, ready for hisaab_record_expense (or a recurring occurrence). */
export interface PreparedExpense {
  groupId: number;
  payer: Person;
  sender: Person;
  people: Person[];
  amount: Decimal;
  splitType: SplitType;
  shares: Share<number>[];
  description: string;
  everyone: boolean;
}

/**
 * The ledger's split of `request`, with the /paid's adjustments of an equal split (each person they
 * name resolved; someone outside the split is refused by the engine, named as people know them).
 */
async function splitWithAdjustments(
  deps: Pick<UseCaseDeps, 'members'>,
  input: Pick<RecordExpenseInput, 'group' | 'adjustments'>,
  request: SplitRequest<number>,
  options: { people: readonly Person[]; known: { active?: readonly Person[] }; seed: number },
): Promise<Share<number>[]> {
  const typed = input.adjustments ?? [];
  if (typed.length === 0 || request.type !== 'EQUAL') return splitExpense(request, { seed: options.seed });
  const adjusted = await deps.members.resolve(
    input.group,
    typed.map((a) => a.person),
    options.known,
  );
  const adjustments = adjusted.map((person, i) => ({
    participant: person.id,
    amount: (typed[i] as { amount: Decimal }).amount,
  }));
  try {
    return splitExpense({ ...request, adjustments }, { seed: options.seed });
  } catch (error) {
    const id = error instanceof LedgerError ? Number(error.details.participant) : Number.NaN;
    const person = [...options.people, ...adjusted].find((p) => p.id === id);
    throw person && error instanceof LedgerError ? error.withName(displayName(person)) : error;
  }
}

/**
 * What /paid would record in the group's own currency, without recording it (a recurring rule): the
 * people resolved (refused in one sentence when unknown) and the amount split by the ledger engine
 * (refused when the values do not add up).
 */
export async function prepareExpense(
  deps: Pick<UseCaseDeps, 'members'>,
  who: { groupId: number; sender: Person; seed: number },
  input: Omit<RecordExpenseInput, 'payer' | 'source' | 'spentOn' | 'currency' | 'rate' | 'receipt'>,
): Promise<PreparedExpense> {
  const { groupId, sender } = who;
  const [named] = input.paidBy ? await deps.members.resolve(input.group, [input.paidBy]) : [];
  const payer = named ?? sender;
  const { people, description, everyone } = await splitPeople(deps, groupId, payer.id, input);
  const shares = splitExpense(splitRequest(input, people), { seed: who.seed });
  return {
    groupId,
    payer,
    sender,
    people,
    amount: input.amount,
    splitType: input.splitType,
    shares,
    description,
    everyone,
  };
}

/** hisaab_record_expense's arguments from the group to the typed values, in its order. */
export function expenseArguments(
  prepared: PreparedExpense,
): [number, number, number, string, string, string, number[], string[], (string | null)[]] {
  const { shares } = prepared;
  return [
    prepared.groupId,
    prepared.payer.id,
    prepared.sender.id,
    prepared.amount.toFixed(2),
    prepared.splitType,
    prepared.description,
    shares.map((s) => s.participant),
    shares.map((s) => s.share.toFixed(2)),
    shares.map((s) => (s.typed === undefined ? null : s.typed.toFixed(2))),
  ];
}

export function recordedFrom(
  prepared: PreparedExpense,
  row: {
    id: number;
    number: number;
    created: boolean;
    createdAt: Date;
    spentOn: string;
    category: Category;
    /** The group's currency, which a prepared expense is in. */
    currency: string;
  },
): RecordedExpense {
  const byId = new Map(prepared.people.map((p) => [p.id, p]));
  return {
    ...row,
    payer: prepared.payer,
    recordedBy: prepared.sender,
    amount: prepared.amount,
    splitType: prepared.splitType,
    shares: prepared.shares.map((s) => ({ ...s, person: byId.get(s.participant) as Person })),
    description: prepared.description,
    everyone: prepared.everyone,
  };
}

/** A stored category; one this version does not know (or none: recorded before categories) is other. */
export function asCategory(stored: string | null | undefined): Category {
  return (CATEGORY_KEYS as readonly string[]).includes(stored ?? '') ? (stored as Category) : 'other';
}

/**
 * Who shares an expense, as a /paid (or its correction) names them: the people named, then the
 * leading name candidates that name exactly one member (the description starts after them), or
 * everyone in the group when nobody is named. Refuses an everyone-split with nobody but the payer.
 */
export async function splitPeople(
  deps: Pick<UseCaseDeps, 'members'>,
  groupId: number,
  payerId: number,
  input: Pick<
    RecordExpenseInput,
    'group' | 'everyone' | 'participants' | 'description' | 'candidates' | 'except'
  >,
  /** The group's current members when read already for this message. */
  known: { active?: readonly Person[] } = {},
): Promise<{ people: Person[]; description: string; everyone: boolean }> {
  const candidates = input.candidates ?? [];
  const needed = input.everyone || candidates.length > 0;
  const members = known.active ?? (needed ? await deps.members.activeMembers(groupId) : []);
  const active = known.active || needed ? { active: members } : {};
  const people =
    input.participants.length > 0
      ? await deps.members.resolve(
          input.group,
          input.participants.map((p) => p.person),
          active,
        )
      : [];
  let description = input.description;
  let everyone = input.everyone;
  if (candidates.length > 0) {
    const named = leadingNames(members, candidates, new Set(people.map((p) => p.id)));
    if (named.people.length > 0) {
      people.push(...named.people);
      description = named.description ?? description;
      everyone = false;
    }
  }
  if (everyone) {
    const left = input.except?.length ? await deps.members.resolve(input.group, input.except, active) : [];
    people.push(...members.filter((m) => !left.some((l) => l.id === m.id)));
  }
  if (everyone && !people.some((p) => p.id !== payerId)) throw new UseCaseError('NO_MEMBERS');
  return { people, description, everyone };
}

/** What the ledger engine splits: the typed amount and values, for these people in the order named. */
export function splitRequest(
  input: Pick<RecordExpenseInput, 'amount' | 'splitType' | 'participants'>,
  people: readonly Person[],
): SplitRequest<number> {
  const ids = people.map((p) => p.id);
  switch (input.splitType) {
    case 'EQUAL':
      return { type: 'EQUAL', amount: input.amount, participants: ids };
    case 'EXACT':
      return {
        type: 'EXACT',
        amount: input.amount,
        shares: ids.map((id, i) => ({ participant: id, amount: valueAt(input, i) })),
      };
    case 'PERCENT':
      return {
        type: 'PERCENT',
        amount: input.amount,
        shares: ids.map((id, i) => ({ participant: id, percent: valueAt(input, i) })),
      };
    case 'SHARES':
      return {
        type: 'SHARES',
        amount: input.amount,
        shares: ids.map((id, i) => ({ participant: id, weight: valueAt(input, i) })),
      };
  }
}

function valueAt(input: Pick<RecordExpenseInput, 'participants'>, index: number): Decimal {
  const value = input.participants[index]?.value;
  // The command parser guarantees a value per participant for EXACT, PERCENT and SHARES.
  if (value === undefined) throw new Error(`missing value for participant ${index}`);
  return value;
}
