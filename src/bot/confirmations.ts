// Which message confirmed which expense, so a correction can edit that message. The id is known
// only once the sender has delivered the confirmation (alone: a merged one cannot be edited); it is
// then stored with the expense. Until it is stored, the delivery in flight is kept here, so a
// correction arriving right behind its /paid waits for it (briefly) instead of missing it. Once
// stored, the id is also kept here for a while: a correction that read its expense just before the
// id was written (the write goes with the next handled marks) still finds it.
import { rememberConfirmation } from '../usecases/revise-expense.js';
import type { BotContext, Services } from './context.js';

const inFlight = new WeakMap<Services, Map<number, Promise<number | undefined>>>();
const delivered = new WeakMap<Services, Map<number, number>>();

/** How many delivered confirmations are remembered here (the oldest are forgotten first). */
const REMEMBERED = 1_000;

/** How long a correction waits for its confirmation's delivery before sending a new message. */
const WAIT_MS = 3_000;

function lanes(services: Services): Map<number, Promise<number | undefined>> {
  let map = inFlight.get(services);
  if (!map) {
    map = new Map();
    inFlight.set(services, map);
  }
  return map;
}

function remembered(services: Services): Map<number, number> {
  let map = delivered.get(services);
  if (!map) {
    map = new Map();
    delivered.set(services, map);
  }
  return map;
}

function remember(services: Services, expenseId: number, messageId: number): void {
  const map = remembered(services);
  map.delete(expenseId);
  map.set(expenseId, messageId);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as number);
}

/** Stores the message id of an expense's confirmation once it is delivered alone. */
export function trackConfirmation(
  ctx: BotContext,
  expenseId: number,
  delivered: Promise<number | undefined>,
): void {
  const { services } = ctx;
  const map = lanes(services);
  const stored: Promise<number | undefined> = delivered
    .then(async (messageId) => {
      if (messageId === undefined) return messageId;
      remember(services, expenseId, messageId);
      // Written with the update's handled mark, one statement for both (the statement budget).
      if (services.withHandledMarks)
        await services.withHandledMarks.rememberConfirmation({ expenseId, messageId });
      else await rememberConfirmation(services, { expenseId, messageId });
      return messageId;
    })
    .catch((error: unknown) => {
      ctx.log.warn('could not remember a confirmation message', { expense_id: expenseId, error });
      return undefined;
    })
    .finally(() => {
      if (map.get(expenseId) === stored) map.delete(expenseId);
    });
  map.set(expenseId, stored);
}

/** The confirmation to edit: one being delivered now (waited for, briefly), else the stored one. */
export async function confirmationOf(
  ctx: BotContext,
  expenseId: number,
  stored: number | null,
): Promise<number | undefined> {
  const known = stored ?? remembered(ctx.services).get(expenseId);
  const pending = lanes(ctx.services).get(expenseId);
  if (!pending) return known;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), WAIT_MS);
  });
  try {
    return (await Promise.race([pending, timeout])) ?? known;
  } finally {
    clearTimeout(timer);
  }
}
