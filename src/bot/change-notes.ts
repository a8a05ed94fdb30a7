// The sweep that sends private change notes (/notify on, usecases/change-notes.ts): every minute it
// claims the passbook lines older than NOTE_GATHER_MS and sends each person who asked one message
// with a line per change someone else made that involves them. Lines that come within a couple of
// minutes of each other therefore arrive together; the sender keeps Telegram's 30 a second.
import type { Logger } from '../log.js';
import { type ChangeNote, claimChangeNotes } from '../usecases/change-notes.js';
import type { Services } from './context.js';
import { escapeHtml, money } from './format.js';

/** How long a change waits for others to come with it in one message. */
export const NOTE_GATHER_MS = 2 * 60_000;
const SWEEP_MS = 60_000;
/** Beyond this many lines in one message, the rest are counted (the passbook has them all). */
const LINES_SHOWN = 15;

export interface ChangeNotes {
  /** Claims and sends the notes gathered for `gatherMs` (tests pass 0); returns how many people got one. */
  sweep(gatherMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export function startChangeNotes(
  services: Services,
  options: { logger: Logger; timer: boolean },
): ChangeNotes {
  let running: Promise<number> | undefined;
  const sweep = (gatherMs = NOTE_GATHER_MS) => {
    running ??= (async () => {
      const gatheredBefore = new Date(services.clock().getTime() - gatherMs);
      const byPerson = await claimChangeNotes(services, { gatheredBefore });
      for (const [telegramId, notes] of byPerson)
        services.sender.enqueue(String(telegramId), { method: 'sendMessage', text: noteMessage(notes) });
      return byPerson.size;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = options.timer
    ? setInterval(() => {
        sweep().catch((error) => options.logger.warn('the change-notes sweep failed', { error }));
      }, SWEEP_MS)
    : undefined;
  timer?.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

/** One message for one person: a line per change, the latest last. */
export function noteMessage(notes: readonly ChangeNote[]): string {
  const lines = notes.slice(0, LINES_SHOWN).map(noteLine);
  if (notes.length > LINES_SHOWN)
    lines.push(`… and ${notes.length - LINES_SHOWN} more: /passbook shows them all.`);
  const head = notes.length === 1 ? '🔔 A change that involves you:' : '🔔 Changes that involve you:';
  return [head, ...lines, '/notify off stops these notes.'].join('\n');
}

/** `Asha recorded #41 dinner in Flat 42: you owe ₹300.00 more. /expense 41 there shows it.` */
export function noteLine(note: ChangeNote): string {
  const m = (amount: NonNullable<ChangeNote['amount']>) => money(amount, note.currency);
  const actor = escapeHtml(note.actor);
  const group = escapeHtml(note.group);
  const what = `#${note.expenseNumber ?? '?'}${note.description ? ` ${escapeHtml(note.description)}` : ''}`;
  const amount = note.amount ? ` ${m(note.amount)}` : '';
  const payment = `${escapeHtml(note.fromName ?? 'someone')} paid ${escapeHtml(note.toName ?? 'someone')}${amount}`;
  const event: Record<ChangeNote['kind'], string> = {
    // An expense's amount is not repeated: it may have been corrected since (/expense has it now).
    EXPENSE: `${actor} recorded ${what}`,
    EXPENSE_REVISED: `${actor} corrected ${what}`,
    EXPENSE_UNDONE: `${actor} undid ${what}`,
    SETTLEMENT: `${actor} recorded that ${payment}`,
    SETTLEMENT_UNDONE: `${actor} undid that ${payment}`,
  };
  const effect = note.delta.isZero()
    ? 'your balance is unchanged'
    : note.delta.isNegative()
      ? `you owe ${m(note.delta.neg())} more`
      : `you are owed ${m(note.delta)} more`;
  const look = note.expenseNumber === null ? '' : ` /expense ${note.expenseNumber} there shows it.`;
  return `• ${event[note.kind]} in ${group}: ${effect}.${look}`;
}
