// Recurring expenses: the rules that have fallen due, and recording one occurrence (the key and the
// expense in one transaction: hisaab_record_occurrence in migration *_recurring_and_reminders).
import { statement } from '../sql.js';

/**
 * Claims a page of active rules that have fallen due by `now`: their due time is pushed to
 * `leaseUntil`, so another instance sweeping at the same moment takes other rules (SKIP LOCKED), and
 * a rule whose sweep died falls due again when the lease ends. Recording an occurrence sets the
 * rule's real next due time. The occurrence's key, not this lease, is what keeps it to once.
 */
export const claimDueRulesSql = statement<[now: string, leaseUntil: string, limit: number]>()(
  'claim recurring rules that have fallen due',
  `WITH claimed AS (
     UPDATE "RecurringRule" r SET "nextDueAt" = $2::timestamp
     WHERE r.id IN (
       SELECT d.id FROM "RecurringRule" d WHERE d.status = 'ACTIVE' AND d."nextDueAt" <= $1::timestamp
       ORDER BY d."nextDueAt", d.id LIMIT $3::int FOR UPDATE SKIP LOCKED)
     RETURNING r.id, r."groupId", r."createdById", r.schedule, r."paidText", r."paidEntities", r."nextDueOn"
   )
   SELECT r.id, r."groupId", g."chatId"::text AS "chatId", g.title, g.timezone, g.currency, r."createdById",
     u."telegramId"::text AS "creatorTelegramId", u."firstName", u."lastName", u.username,
     r.schedule, r."paidText", r."paidEntities", to_char(r."nextDueOn", 'YYYY-MM-DD') AS "nextDueOn"
   FROM claimed r JOIN "Group" g ON g.id = r."groupId" JOIN "User" u ON u.id = r."createdById"
   ORDER BY r.id`,
  {
    id: 'int4',
    groupId: 'int4',
    chatId: 'text',
    title: 'text',
    timezone: 'text?',
    currency: 'text',
    createdById: 'int4',
    creatorTelegramId: 'text',
    firstName: 'text',
    lastName: 'text?',
    username: 'text?',
    schedule: 'jsonb',
    paidText: 'text',
    paidEntities: 'jsonb',
    nextDueOn: 'text',
  },
);

export const recordOccurrenceSql = statement<
  [
    ruleId: number,
    dueOn: string,
    late: boolean,
    missed: number,
    nextDueOn: string,
    nextDueAt: string,
    groupId: number,
    payerId: number,
    recordedById: number,
    amount: string,
    splitType: string,
    description: string,
    shareUsers: readonly number[],
    shareAmounts: readonly string[],
    shareTyped: readonly (string | null)[],
    at: string,
    category: string,
  ]
>()(
  'record an occurrence of a recurring expense',
  // The category as /paid writes it: by its own statement after the recording (hisaab_guess_category).
  `SELECT r.occurrence_id AS "occurrenceId", r.expense_id AS "expenseId", r.created,
          hisaab_guess_category(r.expense_id, $17::text, r.created) AS category,
          hisaab_expense_number(r.expense_id) AS number
   FROM hisaab_record_occurrence(
     p_rule_id => $1::int, p_due_on => $2::date, p_late => $3::bool, p_missed => $4::int,
     p_next_due_on => $5::date, p_next_due_at => $6::timestamp, p_group_id => $7::int, p_payer_id => $8::int,
     p_recorded_by_id => $9::int, p_amount => $10::numeric, p_split_type => $11::"SplitType",
     p_description => $12::text, p_share_users => $13::int[], p_share_amounts => $14::numeric[],
     p_share_typed => $15::numeric[], p_at => $16::timestamp) r`,
  { occurrenceId: 'int4', expenseId: 'int4?', created: 'bool', category: 'text?', number: 'int4?' },
);

export const recurringStatements = [claimDueRulesSql, recordOccurrenceSql];
