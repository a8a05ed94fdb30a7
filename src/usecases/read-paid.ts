// Recorded as meant, or asked: what a typed /paid becomes before anything is recorded. The command
// grammar may return readings that only the group's members can choose between (`by Kabir` or `by
// auto`) and readings only the sender can (`1 500 cook salary`); this use case chooses the first
// kind by the members and, for the second kind, for a member named in words that the split did not
// use (`/paid 1200 dinner ravi meera` would split among everyone), and for what looks like the same
// expense again within a day, returns a question instead of recording.
import { type PaidIntent, resolveSpentOn } from '../commands/index.js';
import { paidContextSql } from '../db/queries/paid.js';
import type { UseCaseDeps } from './deps.js';
import {
  displayName,
  leadingNames,
  membersNamed,
  type Person,
  type TelegramGroup,
  type TelegramPerson,
} from './members.js';
import type { ReceiptPhoto } from './receipts.js';
import type { RecordExpenseInput, SourceMessage } from './record-expense.js';

/** The same payer, amount and description within this long looks like the same expense. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60_000;

export interface PaidRequest {
  group: TelegramGroup;
  sender: TelegramPerson;
  intent: PaidIntent;
  source: SourceMessage;
  receipt?: ReceiptPhoto;
}

/** One answer of a question: what it records, and who would share it (for the wording). */
export interface PaidOption {
  input: RecordExpenseInput;
  /** Names shares when the question is about people. */
  people?: Person[];
}

export type PaidReading =
  /** `members`: the group's current members as read for this message, for recording it (no second read). */
  | { kind: 'record'; input: RecordExpenseInput; members: Person[] }
  | { kind: 'ask'; why: 'which'; options: PaidOption[] }
  | { kind: 'ask'; why: 'names'; proposed: PaidOption; asTyped: PaidOption; payer: Person; everyone: boolean }
  | {
      kind: 'ask';
      why: 'duplicate';
      input: RecordExpenseInput;
      of: { id: number; number: number; createdAt: Date };
    };

export async function readPaid(
  deps: Pick<UseCaseDeps, 'sql' | 'members' | 'clock'>,
  request: PaidRequest,
): Promise<PaidReading> {
  const { groupId, person: sender } = await deps.members.learnMember(request.group, request.sender);
  const context = await paidContext(deps, groupId, request.source);
  const { members } = context;
  // A redelivered /paid that was recorded already: the use case says so, nothing is asked again.
  if (context.recorded) return { kind: 'record', input: toInput(deps, request, request.intent), members };
  const intent = byMembers(request.intent, members);
  if (intent.alternatives?.length) {
    const readings = [intent, ...intent.alternatives.map((a) => byMembers(a.intent, members))];
    return {
      kind: 'ask',
      why: 'which',
      options: readings.map((i) => ({ input: toInput(deps, request, i) })),
    };
  }
  const input = toInput(deps, request, intent);
  const payer = await payerOf(deps, request, input, sender, members);
  const names = unusedNames(intent, members, payer);
  if (names) {
    const proposed = { input: toInput(deps, request, names.proposed), people: names.people };
    const asTyped = {
      input: toInput(deps, request, intent.everyone ? { ...intent, candidates: [] } : intent),
      people: intent.everyone ? members.slice() : [],
    };
    return { kind: 'ask', why: 'names', proposed, asTyped, payer, everyone: names.everyone };
  }
  const same = sameExpense(context.recent, payer.id, input);
  if (same) return { kind: 'ask', why: 'duplicate', input, of: same };
  return { kind: 'record', input, members };
}

interface RecentExpense {
  id: number;
  number: number;
  createdAt: Date;
  payerId: number;
  amount: string;
  description: string;
}

/** The group's members, whether this message recorded an expense, and the day's expenses: one read. */
async function paidContext(
  deps: Pick<UseCaseDeps, 'sql' | 'clock'>,
  groupId: number,
  source: SourceMessage,
): Promise<{ members: Person[]; recorded: boolean; recent: RecentExpense[] }> {
  const since = new Date(deps.clock().getTime() - DUPLICATE_WINDOW_MS);
  const [row] = await deps.sql.run(paidContextSql, [
    groupId,
    String(source.chatId),
    source.messageId,
    since.toISOString(),
  ]);
  type MemberRow = [number, string, string, string | null, string | null];
  type RecentRow = [number, number, string, number, string, string];
  const members = ((row?.members ?? []) as MemberRow[]).map(
    ([id, telegramId, firstName, lastName, username]) => ({
      id,
      telegramId: BigInt(telegramId),
      firstName,
      lastName,
      username,
    }),
  );
  const recent = ((row?.recent ?? []) as RecentRow[]).map(
    ([id, number, createdAt, payerId, amount, description]) => ({
      id,
      number,
      createdAt: new Date(createdAt),
      payerId,
      amount,
      description,
    }),
  );
  return { members, recorded: row?.recorded != null, recent };
}

/** The reading whose plain-word names the members know: all of them, else the fallback. */
export function byMembers(intent: PaidIntent, members: readonly Person[]): PaidIntent {
  if (!intent.tentative?.length || !intent.fallback) return intent;
  // A name that fits two members counts as known: the reading stands and the use case asks which.
  const known = intent.tentative.filter((name) => membersNamed(members, name).length > 0);
  // Some known and some not: the reading with names stands, and the unknown ones are refused.
  return known.length === 0 ? intent.fallback : intent;
}

function toInput(
  deps: Pick<UseCaseDeps, 'clock'>,
  request: PaidRequest,
  intent: PaidIntent,
): RecordExpenseInput {
  // Days are UTC days, as /expenses and /passbook print them.
  const spentOn = intent.spentOn ? resolveSpentOn(intent.spentOn, deps.clock()) : undefined;
  return {
    group: request.group,
    payer: request.sender,
    ...(intent.payer === undefined ? {} : { paidBy: intent.payer }),
    ...(intent.payers === undefined ? {} : { payers: intent.payers }),
    ...(intent.adjustments === undefined ? {} : { adjustments: intent.adjustments }),
    ...(spentOn === undefined ? {} : { spentOn }),
    amount: intent.amount,
    ...(intent.currency === undefined ? {} : { currency: intent.currency }),
    ...(intent.rate === undefined ? {} : { rate: intent.rate }),
    splitType: intent.splitType,
    everyone: intent.everyone,
    participants: intent.participants,
    ...(intent.except?.length ? { except: intent.except } : {}),
    description: intent.description,
    candidates: intent.candidates,
    source: request.source,
    ...(request.receipt ? { receipt: request.receipt } : {}),
  };
}

async function payerOf(
  deps: Pick<UseCaseDeps, 'members'>,
  request: PaidRequest,
  input: RecordExpenseInput,
  sender: Person,
  members: readonly Person[],
): Promise<Person> {
  const first = input.payers?.[0]?.person ?? input.paidBy;
  if (!first) return sender;
  const [payer] = await deps.members.resolve(request.group, [first], { active: members });
  return payer ?? sender;
}

/**
 * Members named in the description of an equal split who do not share it: among everyone (nobody
 * named, `everyone` not written), `dinner ravi meera` most likely means the payer, Ravi and Meera;
 * with people named, `liquor with ravi kabir` most likely means Kabir too. Returns that reading and
 * who would share it (`everyone`: the reading as typed was the whole group), or null.
 */
export function unusedNames(
  intent: PaidIntent,
  members: readonly Person[],
  payer: Person,
): { proposed: PaidIntent; people: Person[]; everyone: boolean } | null {
  if (intent.splitType !== 'EQUAL' || intent.everyoneWritten || intent.except?.length) return null;
  // Names right after the amount (`/paid 300 ravi meera chai`) are the split already.
  if (leadingNames(members, intent.candidates).people.length > 0) return null;
  const sharing = intent.everyone ? [payer] : sharersOf(intent, members);
  if (sharing === null) return null;
  const words = intent.description.split(/[^\p{L}\p{M}'’.-]+/u).filter((w) => w !== '');
  const named: Person[] = [];
  const used = new Set<string>();
  for (const word of words) {
    const [member, other] = membersNamed(members, word);
    const taken = (p: Person) => sharing.some((s) => s.id === p.id) || named.some((n) => n.id === p.id);
    if (!member || other || member.id === payer.id || taken(member)) continue;
    named.push(member);
    used.add(word.toLowerCase());
  }
  if (named.length === 0) return null;
  const description = words
    .filter((w) => !used.has(w.toLowerCase()))
    .join(' ')
    .replace(/(?:\s+(?:and|with|aur|&|n))+$/i, '')
    .trim();
  const people = [...sharing, ...named];
  const proposed: PaidIntent = {
    ...intent,
    everyone: false,
    candidates: [],
    description,
    participants: intent.everyone
      ? people.map((p) => ({ person: refTo(p) }))
      : [...intent.participants, ...named.map((p) => ({ person: refTo(p) }))],
  };
  return { proposed, people, everyone: intent.everyone };
}

/** Who the named participants are among the members; null when one is not (the use case refuses it). */
function sharersOf(intent: PaidIntent, members: readonly Person[]): Person[] | null {
  const people: Person[] = [];
  for (const { person: ref } of intent.participants) {
    const found =
      ref.kind === 'user'
        ? members.filter((m) => m.telegramId === BigInt(ref.user.id))
        : ref.kind === 'username'
          ? members.filter((m) => m.username?.toLowerCase() === ref.username.toLowerCase())
          : membersNamed(members, ref.name);
    if (found.length !== 1) return null;
    people.push(found[0] as Person);
  }
  return people;
}

/** A member as a command would name them: by username, else by their full name (unique here). */
function refTo(person: Person): PaidIntent['participants'][number]['person'] {
  return person.username
    ? { kind: 'username', username: person.username }
    : { kind: 'name', name: displayName(person) };
}

/** The group's latest expense by the same payer, of the same amount and description, within a day. */
function sameExpense(
  recent: readonly RecentExpense[],
  payerId: number,
  input: RecordExpenseInput,
): { id: number; number: number; createdAt: Date } | null {
  // Amounts in another currency are converted at a rate: compared only in the group's own.
  if (input.currency !== undefined) return null;
  const amount = input.amount.toFixed(2);
  const description = input.description.toLowerCase();
  const same = recent.find(
    (e) => e.payerId === payerId && e.amount === amount && e.description.toLowerCase() === description,
  );
  return same ? { id: same.id, number: same.number, createdAt: same.createdAt } : null;
}
