// The recurring sweep: every rule that has fallen due gets its occurrence recorded exactly once.
//
// - Once: the occurrence's key (rule, day) and the expense are written in one transaction
//   (hisaab_record_occurrence), so two instances sweeping at once, or a sweep repeated after a
//   crash, record it once; only the caller that recorded it is told `created`.
// - Catching up: after downtime a rule records one occurrence, its latest due day, marked late and
//   counting the earlier ones it skipped (a daily rule down for a month records one expense, not
//   thirty: thirty confirmations nobody asked for, and easier to add by hand than to undo).
// - A rule that cannot be recorded as written any more (its people left the group, its split no
//   longer reads, its creator left) is paused with the reason, for its creator to be told.

import { guessCategory } from '../commands/categories.js';
import {
  addDays,
  CommandError,
  type Day,
  daysBetween,
  dueAt,
  dueDaysBetween,
  dueOnOrAfter,
  type EntityLike,
  latestDue,
  parsePaid,
  type Schedule,
} from '../commands/index.js';
import { claimDueRulesSql, recordOccurrenceSql } from '../db/queries/recurring.js';
import type { RowOf } from '../db/sql.js';
import { LedgerError } from '../ledger/index.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import { displayName, type Person } from './members.js';
import { byMembers } from './read-paid.js';
import {
  asCategory,
  expenseArguments,
  type PreparedExpense,
  prepareExpense,
  type RecordedExpense,
  recordedFrom,
} from './record-expense.js';
import { zoneOf } from './recurring-rules.js';

/** Recorded this long after its due time, an occurrence is said to be late (the sweep runs each minute). */
export const LATE_AFTER_MS = 10 * 60_000;
/** How long a claimed rule is this sweep's: one that died with it falls due again after this. */
export const SWEEP_LEASE_MS = 5 * 60_000;
const PAGE = 200;
const CONCURRENCY = 4;

export interface DueRule {
  id: number;
  groupId: number;
  chatId: string;
  groupTitle: string;
  schedule: Schedule;
  creator: Person;
}

export type Occurrence =
  | { kind: 'recorded'; rule: DueRule; dueOn: Day; late: boolean; missed: number; expense: RecordedExpense }
  | { kind: 'paused'; rule: DueRule; reason: string };

export interface SweepInput {
  defaultZone: string;
  botUsername: string;
  /** Called with each outcome as it happens (announcing while the sweep goes on). */
  onOccurrence?: (occurrence: Occurrence) => void;
}

/** Records what has fallen due by the clock's now; returns how many were recorded and paused. */
export async function recordDueOccurrences(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'members' | 'clock'>,
  input: SweepInput,
): Promise<{ recorded: number; paused: number; skipped: number }> {
  const now = deps.clock();
  const totals = { recorded: 0, paused: 0, skipped: 0 };
  // The group's members, read once per group per sweep (a flat's rent, cook and wifi fall due together).
  const members = new Map<number, Promise<Person[]>>();
  const sweep: Sweep = {
    ...input,
    now,
    membersOf: (groupId) => {
      let list = members.get(groupId);
      if (!list) {
        list = deps.members.activeMembers(groupId);
        members.set(groupId, list);
      }
      return list;
    },
  };
  for (;;) {
    const lease = new Date(now.getTime() + SWEEP_LEASE_MS).toISOString();
    const rows = await deps.sql.run(claimDueRulesSql, [now.toISOString(), lease, PAGE]);
    // A few rules at a time: on a server each is a round trip of its own (PGlite queues them).
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++] as RowType;
        const outcome = await recordOne(deps, sweep, row);
        if (outcome === null) totals.skipped++;
        else {
          totals[outcome.kind]++;
          input.onOccurrence?.(outcome);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (rows.length < PAGE) break;
  }
  return totals;
}

interface Sweep extends SweepInput {
  now: Date;
  membersOf(groupId: number): Promise<Person[]>;
}

async function recordOne(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'members' | 'clock'>,
  input: Sweep,
  row: RowType,
): Promise<Occurrence | null> {
  const { now } = input;
  const schedule = row.schedule as Schedule;
  const creator: Person = {
    id: row.createdById,
    telegramId: BigInt(row.creatorTelegramId),
    firstName: row.firstName,
    lastName: row.lastName,
    username: row.username,
  };
  const rule: DueRule = {
    id: row.id,
    groupId: row.groupId,
    chatId: row.chatId,
    groupTitle: row.title,
    schedule,
    creator,
  };
  const zone = zoneOf(row, input.defaultZone);
  const dueOn = latestDue(schedule, row.nextDueOn, now, zone);
  if (dueOn === null) {
    // Its due time moved (the group changed its time zone): nothing is due yet.
    await deps.prisma.recurringRule.update({
      where: { id: row.id },
      data: { nextDueAt: dueAt(row.nextDueOn, zone) },
    });
    return null;
  }
  const missed = dueDaysBetween(schedule, row.nextDueOn, dueOn);
  const late = missed > 0 || now.getTime() - dueAt(dueOn, zone).getTime() > LATE_AFTER_MS;
  const nextDueOn = dueOnOrAfter(schedule, addDays(dueOn, 1));

  let prepared: PreparedExpense;
  try {
    // Seeded by the day, so the odd paisa of an uneven split moves from one occurrence to the next.
    prepared = await prepare(deps, input, row, creator, row.id + daysBetween('2000-01-01', dueOn));
  } catch (error) {
    const reason = pauseReason(error);
    if (reason === null) throw error;
    return pause(deps, rule, reason, now);
  }
  const [result] = await deps.sql.run(recordOccurrenceSql, [
    row.id,
    dueOn,
    late,
    missed,
    nextDueOn,
    dueAt(nextDueOn, zone).toISOString(),
    ...expenseArguments(prepared),
    now.toISOString(),
    guessCategory(prepared.description),
  ]);
  if (!result?.created || result.expenseId === null) return null;
  const expense = recordedFrom(prepared, {
    id: result.expenseId,
    created: true,
    createdAt: now,
    spentOn: dueOn,
    category: asCategory(result.category),
    currency: row.currency,
  });
  return { kind: 'recorded', rule, dueOn, late, missed, expense };
}

type RowType = RowOf<typeof claimDueRulesSql.columns>;

/** The /paid part read again and resolved against the group as it is now; people must be members. */
async function prepare(
  deps: Pick<UseCaseDeps, 'members'>,
  input: Sweep,
  row: RowType,
  creator: Person,
  seed: number,
): Promise<PreparedExpense> {
  const typed = parsePaid({
    text: row.paidText,
    entities: row.paidEntities as EntityLike[],
    sender: {
      id: Number(creator.telegramId),
      first_name: creator.firstName,
      ...(creator.lastName === null ? {} : { last_name: creator.lastName }),
      ...(creator.username === null ? {} : { username: creator.username }),
    },
    botUsername: input.botUsername,
  });
  const members = await input.membersOf(row.groupId);
  // Plain words as names are chosen by the members as they are now, as /paid chooses them.
  const intent = byMembers(typed, members);
  const current = new Set(members.map((m) => m.id));
  if (!current.has(creator.id)) throw new RuleBroken(`${displayName(creator)} who set it up left the group`);
  // The members just read serve the split among everyone too.
  const directory = Object.assign(Object.create(deps.members) as typeof deps.members, {
    activeMembers: () => Promise.resolve(members),
  });
  const prepared = await prepareExpense(
    { members: directory },
    { groupId: row.groupId, sender: creator, seed },
    {
      group: { chatId: Number(row.chatId), title: row.title },
      ...(intent.payer === undefined ? {} : { paidBy: intent.payer }),
      amount: intent.amount,
      splitType: intent.splitType,
      everyone: intent.everyone,
      participants: intent.participants,
      description: intent.description,
      candidates: intent.candidates,
      ...(intent.except?.length ? { except: intent.except } : {}),
    },
  );
  const gone = [prepared.payer, ...prepared.people].filter(
    (p, i, all) => !current.has(p.id) && all.findIndex((q) => q.id === p.id) === i,
  );
  if (gone.length > 0) {
    throw new RuleBroken(
      `${gone.map(displayName).join(', ')} ${gone.length === 1 ? 'is' : 'are'} no longer in the group`,
    );
  }
  return prepared;
}

class RuleBroken extends Error {}

function pauseReason(error: unknown): string | null {
  if (error instanceof RuleBroken) return error.message;
  if (error instanceof CommandError || error instanceof UseCaseError || error instanceof LedgerError) {
    return `its split no longer reads: ${error.message.replace(/\.$/, '')}`;
  }
  return null;
}

async function pause(
  deps: Pick<UseCaseDeps, 'prisma'>,
  rule: DueRule,
  reason: string,
  now: Date,
): Promise<Occurrence | null> {
  // Only the sweep that paused it says so (another instance may be pausing it too).
  const { count } = await deps.prisma.recurringRule.updateMany({
    where: { id: rule.id, status: 'ACTIVE' },
    data: { status: 'PAUSED', pausedReason: reason, updatedAt: now },
  });
  return count === 1 ? { kind: 'paused', rule, reason } : null;
}
