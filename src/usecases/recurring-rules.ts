// What the recurring-expense use cases share: a rule as people are shown it, and the time zone a
// group's rules fall due in.
import type { Day, Schedule } from '../commands/index.js';
import { Decimal } from '../ledger/index.js';
import type { Person } from './members.js';

export type RuleStatus = 'ACTIVE' | 'PAUSED' | 'CANCELLED';

export interface RuleView {
  id: number;
  schedule: Schedule;
  amount: Decimal;
  description: string;
  status: RuleStatus;
  pausedReason: string | null;
  /** The next occurrence's day in the group's time zone. */
  nextDueOn: Day;
  creator: Person;
}

interface RuleRow {
  id: number;
  schedule: unknown;
  amount: { toString(): string };
  description: string;
  status: RuleStatus;
  pausedReason: string | null;
  nextDueOn: Date;
  createdBy: Person;
}

export function ruleView(row: RuleRow): RuleView {
  return {
    id: row.id,
    schedule: row.schedule as Schedule,
    amount: new Decimal(row.amount.toString()),
    description: row.description,
    status: row.status,
    pausedReason: row.pausedReason,
    nextDueOn: row.nextDueOn.toISOString().slice(0, 10),
    creator: {
      id: row.createdBy.id,
      telegramId: row.createdBy.telegramId,
      firstName: row.createdBy.firstName,
      lastName: row.createdBy.lastName,
      username: row.createdBy.username,
    },
  };
}

/** The zone a group's rules fall due in: its own, or the operator's default. */
export function zoneOf(group: { timezone: string | null }, defaultZone: string): string {
  return group.timezone ?? defaultZone;
}

/** A calendar day as Prisma stores a DATE (midnight UTC). */
export function dateOf(day: Day): Date {
  return new Date(`${day}T00:00:00.000Z`);
}
