// /bill as a use case: resolve who had each item (refused in one sentence when a name is unknown, as
// /paid refuses), split the bill with the ledger engine (src/ledger/bill.ts: charges spread over the
// items in proportion, exact to the paisa), and record it as ONE expense with exact shares and its
// lines, in one statement (db/queries/bills.ts). Idempotent per source message, like /paid.
import { guessCategory } from '../commands/categories.js';
import type { BillChargeIntent, BillIntent, BillItemIntent, PersonRef } from '../commands/index.js';
import { recordBillSql } from '../db/queries/bills.js';
import { type BillSplit, type Decimal, LedgerError, splitBill } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import {
  displayName,
  membersNamed,
  type Person,
  type TelegramGroup,
  type TelegramPerson,
} from './members.js';
import type { ReceiptPhoto } from './receipts.js';
import {
  asCategory,
  expenseArguments,
  type PreparedExpense,
  type RecordedExpense,
  recordedFrom,
  type SourceMessage,
} from './record-expense.js';

export interface RecordBillInput {
  group: TelegramGroup;
  /** Who sent the /bill: the payer too, unless the bill names another. */
  sender: TelegramPerson;
  bill: BillIntent;
  source: SourceMessage;
  /** The photo of the bill, kept as the expense's receipt in the same statement. */
  receipt?: ReceiptPhoto;
}

/** One line of the bill as recorded: an item with who had it, or a charge with its amount. */
export interface BillLineRecorded {
  description: string;
  amount: Decimal;
  /** Who had it (empty for a charge). */
  people: Person[];
  percent?: Decimal;
  charge: boolean;
}

export interface RecordedBill extends RecordedExpense {
  lines: BillLineRecorded[];
  subtotal: Decimal;
}

type Deps = Pick<UseCaseDeps, 'sql' | 'members' | 'clock'>;

export async function recordBill(deps: Deps, input: RecordBillInput): Promise<RecordedBill> {
  const { groupId, person: sender, currency } = await deps.members.learnMember(input.group, input.sender);
  const active = await deps.members.activeMembers(groupId);
  const { payer, description } = await billPayer(deps, input, sender, active);
  const people = await resolveItemPeople(deps, input, sender, active);
  const { bill } = input;
  return recordResolvedBill(deps, {
    groupId,
    currency,
    payer,
    sender,
    description,
    items: bill.items.map((item, i) => ({
      description: item.description,
      amount: item.amount,
      people: people[i] as Person[],
    })),
    charges: bill.charges,
    ...(bill.total ? { total: bill.total } : {}),
    source: input.source,
    ...(input.receipt ? { receipt: input.receipt } : {}),
  });
}

/** A bill whose people are known (a /bill resolved, or the Mini App's page checked). */
export interface ResolvedBill {
  groupId: number;
  /** The group's currency: the bill is in it. */
  currency: string;
  payer: Person;
  /** Who recorded it. */
  sender: Person;
  description: string;
  items: { description: string; amount: Decimal; people: Person[] }[];
  charges: readonly BillChargeIntent[];
  total?: Decimal;
  source: SourceMessage;
  receipt?: ReceiptPhoto;
}

/** Splits a bill with the ledger engine and records it with its lines, in one statement. */
export async function recordResolvedBill(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  bill: ResolvedBill,
): Promise<RecordedBill> {
  const split = splitOrName(bill, bill.source.messageId);
  const byId = new Map(bill.items.flatMap((item) => item.people).map((p) => [p.id, p]));
  const prepared: PreparedExpense = {
    groupId: bill.groupId,
    payer: bill.payer,
    sender: bill.sender,
    people: split.shares.map((s) => byId.get(s.participant) as Person),
    amount: split.total,
    splitType: 'EXACT',
    shares: split.shares,
    description: bill.description,
    everyone: false,
  };
  const lines = billLines(bill, split);
  const [row] = await deps.sql.run(recordBillSql, [
    ...expenseArguments(prepared),
    String(bill.source.chatId),
    bill.source.messageId,
    deps.clock().toISOString(),
    null,
    guessCategory(bill.description),
    JSON.stringify(
      lines.map((line, i) => ({
        position: i + 1,
        description: line.description,
        amount: line.amount.toFixed(2),
        userIds: line.people.map((p) => p.id),
        percent: line.percent?.toFixed(2) ?? null,
        charge: line.charge,
      })),
    ),
    bill.receipt?.fileId ?? null,
    bill.receipt?.fileUniqueId ?? null,
  ]);
  if (!row) throw new Error('hisaab_record_expense returned no row');
  const recorded = recordedFrom(prepared, {
    id: row.expenseId,
    number: row.number,
    created: row.created,
    createdAt: new Date(row.createdAt),
    spentOn: row.createdAt.slice(0, 10),
    category: asCategory(row.category),
    currency: bill.currency,
  });
  return { ...recorded, lines, subtotal: split.subtotal };
}

/** The payer (`by @ravi`, or `by Kabir` when Kabir is a member) and the description that remains. */
async function billPayer(
  deps: Deps,
  input: RecordBillInput,
  sender: Person,
  active: readonly Person[],
): Promise<{ payer: Person; description: string }> {
  const { bill } = input;
  if (bill.payer) {
    const [payer] = await resolveRefs(deps, input.group, [bill.payer], sender, active);
    return { payer: payer as Person, description: bill.description };
  }
  const name = bill.payerName;
  if (name && membersNamed(active, name.name).length > 0) {
    // One member by that name pays; several are refused by resolve (name them by @username).
    const [payer] = await deps.members.resolve(input.group, [{ kind: 'name', name: name.name }], { active });
    return { payer: payer as Person, description: name.descriptionWithout };
  }
  return { payer: sender, description: bill.description };
}

/** Who had each item, in line order: everyone, or the people named (each line names each once). */
async function resolveItemPeople(
  deps: Deps,
  input: RecordBillInput,
  sender: Person,
  active: readonly Person[],
): Promise<Person[][]> {
  const refs = input.bill.items.flatMap((item) => item.people);
  const resolved = await resolveRefs(deps, input.group, refs, sender, active);
  let at = 0;
  return input.bill.items.map((item) => {
    if (item.everyone) {
      if (active.length === 0) throw new UseCaseError('NO_MEMBERS');
      return [...active];
    }
    const people = resolved.slice(at, at + item.people.length);
    at += item.people.length;
    checkOnce(item, people);
    return people;
  });
}

function checkOnce(item: BillItemIntent, people: readonly Person[]): void {
  const seen = new Set<number>();
  people.forEach((person, i) => {
    if (seen.has(person.id))
      throw new UseCaseError('BILL_NAMED_TWICE', { line: String(item.line), name: item.labels[i] ?? '' });
    seen.add(person.id);
  });
}

/**
 * The people the refs name, in order; `me` (and a text mention of the sender) is the sender. Every
 * unknown name is refused in one sentence (members.resolve); the same person written two ways on
 * different lines is one person, so each distinct way is resolved once.
 */
async function resolveRefs(
  deps: Deps,
  group: TelegramGroup,
  refs: readonly PersonRef[],
  sender: Person,
  active: readonly Person[],
): Promise<Person[]> {
  const keyOf = (ref: PersonRef): string =>
    ref.kind === 'user'
      ? `#${ref.user.id}`
      : ref.kind === 'username'
        ? `@${ref.username.toLowerCase()}`
        : `~${ref.name.toLowerCase()}`;
  const selfKey = `#${sender.telegramId}`;
  const distinct = new Map<string, PersonRef>();
  for (const ref of refs) if (keyOf(ref) !== selfKey) distinct.set(keyOf(ref), ref);
  const keys = [...distinct.keys()];
  const found = new Map<string, Person>([[selfKey, sender]]);
  // One person written two ways (`ravi`, `@ravi_m`) is fine on a bill; resolve refuses that within
  // one call, so each way is then resolved on its own (names of members cost no statement).
  const people = await deps.members
    .resolve(group, [...distinct.values()], { active })
    .catch(async (error: unknown) => {
      if (!(error instanceof UseCaseError) || error.code !== 'NAMED_TWICE') throw error;
      const each: Person[] = [];
      for (const ref of distinct.values())
        each.push(...(await deps.members.resolve(group, [ref], { active })));
      return each;
    });
  keys.forEach((key, i) => {
    found.set(key, people[i] as Person);
  });
  return refs.map((ref) => found.get(keyOf(ref)) as Person);
}

/** The ledger's split; a share under a paisa is refused naming the person, not their id. */
function splitOrName(bill: ResolvedBill, seed: number): BillSplit<number> {
  try {
    return splitBill(
      {
        items: bill.items.map((item) => ({ amount: item.amount, people: item.people.map((p) => p.id) })),
        charges: bill.charges.map((c) =>
          c.percent ? { percent: c.percent, line: c.line } : { amount: c.amount as Decimal, line: c.line },
        ),
        ...(bill.total ? { total: bill.total } : {}),
      },
      { seed },
    );
  } catch (error) {
    if (!(error instanceof LedgerError) || error.details.participant === undefined) throw error;
    const id = Number(error.details.participant);
    const person = bill.items.flatMap((item) => item.people).find((p) => p.id === id);
    throw person ? error.withName(displayName(person)) : error;
  }
}

/** The bill's lines as kept: items in the order written, then the charges in theirs. */
function billLines(bill: ResolvedBill, split: BillSplit<number>): BillLineRecorded[] {
  const items = bill.items.map((item) => ({ ...item, charge: false }));
  const charges = bill.charges.map((c, i) => ({
    description: c.label,
    amount: split.charges[i] as Decimal,
    people: [],
    ...(c.percent ? { percent: c.percent } : {}),
    charge: true,
  }));
  return [...items, ...charges];
}

/** What the Mini App's "Split a bill" page sends: people by user id (checked here, never trusted). */
export interface PageBillInput {
  groupId: number;
  /** The member who opened the page (initData checked): the payer and the recorder. */
  payer: Person;
  /** The page's own key for this bill (1..2^31-1): sending it twice records it once. */
  key: number;
  description: string;
  items: { description: string; amount: Decimal; userIds: number[] }[];
  charges: BillChargeIntent[];
  /** The bill photo it was filled in from: kept as its receipt. */
  receipt?: ReceiptPhoto;
}

/**
 * Records a bill from the Mini App. Everyone ticked must be a current member of the group; its
 * idempotency key is the group's chat and minus the page's key (Telegram's message ids are positive,
 * so it never meets a message's).
 */
export async function recordPageBill(
  deps: Pick<UseCaseDeps, 'sql' | 'clock' | 'members' | 'prisma'>,
  input: PageBillInput,
): Promise<RecordedBill & { chatId: bigint }> {
  const group = await deps.prisma.group.findUniqueOrThrow({ where: { id: input.groupId } });
  const members = new Map((await deps.members.activeMembers(input.groupId)).map((p) => [p.id, p]));
  const items = input.items.map((item, i) => {
    const people = item.userIds.map((id) => {
      const person = members.get(id);
      if (!person) throw new UseCaseError('NOT_A_MEMBER', { name: `Person #${id} on item ${i + 1}` });
      return person;
    });
    if (new Set(item.userIds).size !== item.userIds.length)
      throw new UseCaseError('BILL_NAMED_TWICE', { line: String(i + 1), name: 'someone' });
    return { description: item.description, amount: item.amount, people };
  });
  const recorded = await recordResolvedBill(deps, {
    groupId: input.groupId,
    currency: group.currency,
    payer: input.payer,
    sender: input.payer,
    description: input.description,
    items,
    charges: input.charges,
    source: { chatId: group.chatId, messageId: -input.key },
    ...(input.receipt ? { receipt: input.receipt } : {}),
  });
  return { ...recorded, chatId: group.chatId };
}
