// A month's summary as the group reads it (/summary, and the one posted by itself on the 1st), and
// the poster that sends last month's to each opted-in group. The poster is a light in-process timer
// rather than a Bree job: it checks once a minute, against the app's clock (which tests move),
// whether a summary is due; the work is one claim statement and a few aggregates per group, and the
// messages must go through this process's sender, which keeps Telegram's per-chat limits. A Bree
// worker thread would need the main thread for both (the embedded database opens in one place) and
// runs on real time only. Claims (db/queries/summary.ts) make each post happen once across
// instances and restarts.
import { CATEGORY_LABELS, monthName, shortMonthName } from '../commands/index.js';
import { Decimal } from '../ledger/index.js';
import type { Logger } from '../log.js';
import {
  claimDueSummaries,
  type MonthSummary,
  markSummarySent,
  monthSummary,
} from '../usecases/month-summary.js';
import type { Services } from './context.js';
import { chunkLines, clipText, escapeHtml, money, nameBook } from './format.js';

/** People listed by name; beyond them, one line adds up the rest. */
const PEOPLE_SHOWN = 20;
/** Categories listed; beyond them, one line adds up the rest. */
const CATEGORIES_SHOWN = 6;

/**
 * A part of the total as a whole percent ("<1%" for a sliver, never "0%" for something); the Mini
 * App's categories use it too, so the two agree.
 */
export function percentOf(part: Decimal, total: Decimal): string {
  if (total.isZero()) return '0%';
  const percent = part.times(100).div(total).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return percent.isZero() && !part.isZero() ? '<1%' : `${percent.toFixed(0)}%`;
}

function signed(amount: Decimal): string {
  if (amount.isZero()) return 'even';
  return amount.isPositive() ? `+${money(amount)}` : `−${money(amount.neg())}`;
}

/** "1 Oct" from 2026-10-01. */
function shortDay(day: string): string {
  const [, month, date] = day.split('-').map(Number);
  return `${date} ${shortMonthName(month ?? 1)}`;
}

/** The change from the month before: "▲ ₹3,200.00 (+8%) from September 2026 (₹42,100.00)". */
function changeLine(summary: MonthSummary): string {
  const { previous, total } = summary;
  const before = monthName(previous.month);
  if (previous.count === 0) return `Nothing was recorded in ${before}.`;
  const diff = total.minus(previous.total);
  if (diff.isZero()) return `The same as ${before} (${money(previous.total)}).`;
  const arrow = diff.isPositive() ? '▲' : '▼';
  const percent = diff.abs().times(100).div(previous.total).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return `${arrow} ${money(diff.abs())} (${diff.isPositive() ? '+' : '−'}${percent.toFixed(0)}%) from ${before} (${money(previous.total)}).`;
}

export function summaryLines(summary: MonthSummary): string[] {
  const title = `📊 <b>${monthName(summary.month)}${summary.current ? ' so far' : ''}</b> in ${escapeHtml(summary.groupTitle)}`;
  if (summary.count === 0) {
    return [
      `${title}: no expenses${summary.current ? ' yet' : ''} (undone ones do not count).`,
      summary.previous.count > 0
        ? `${monthName(summary.previous.month)}: ${money(summary.previous.total)} in ${summary.previous.count} ${summary.previous.count === 1 ? 'expense' : 'expenses'}.`
        : '/summary last shows last month; /summary 2026-10 or /summary oct another.',
    ];
  }
  const lines = [
    title,
    `Spent <b>${money(summary.total)}</b> in ${summary.count} ${summary.count === 1 ? 'expense' : 'expenses'}.`,
    changeLine(summary),
    '',
    '<b>Paid and share</b> (share: what their part of the expenses came to)',
  ];
  const name = nameBook(summary.people.map((p) => p.person));
  for (const p of summary.people.slice(0, PEOPLE_SHOWN)) {
    lines.push(
      `${name(p.person.id)}: paid ${money(p.paid)} · share ${money(p.share)} · ${signed(p.paid.minus(p.share))}`,
    );
  }
  const rest = summary.people.slice(PEOPLE_SHOWN);
  if (rest.length > 0) {
    const paid = rest.reduce((sum, p) => sum.plus(p.paid), new Decimal(0));
    const share = rest.reduce((sum, p) => sum.plus(p.share), new Decimal(0));
    lines.push(`… and ${rest.length} more: paid ${money(paid)} · share ${money(share)}`);
  }
  lines.push('', '<b>Top categories</b>');
  for (const c of summary.categories.slice(0, CATEGORIES_SHOWN))
    lines.push(`${CATEGORY_LABELS[c.category]}: ${money(c.total)} · ${percentOf(c.total, summary.total)}`);
  const others = summary.categories.slice(CATEGORIES_SHOWN);
  if (others.length > 0) {
    const total = others.reduce((sum, c) => sum.plus(c.total), new Decimal(0));
    lines.push(`… ${others.length} more categories: ${money(total)} · ${percentOf(total, summary.total)}`);
  }
  lines.push('', '<b>Biggest expenses</b>');
  const payers = nameBook(summary.biggest.map((b) => b.payer));
  for (const b of summary.biggest) {
    const what = b.description ? ` ${escapeHtml(clipText(b.description, 60))}` : '';
    lines.push(`#${b.number} ${money(b.amount)}${what} · ${payers(b.payer.id)} · ${shortDay(b.spentOn)}`);
  }
  return lines;
}

export interface SummaryPoster {
  /** Posts every summary that is due now (and claimable); resolves with how many were posted. */
  runDue(): Promise<number>;
  stop(): Promise<void>;
}

/** Checks every `intervalMs` (and once at the start) whether last month's summaries are due. */
export function startSummaryPoster(
  services: Pick<Services, 'sql' | 'clock' | 'sender' | 'config'>,
  options: { logger: Logger; intervalMs?: number },
): SummaryPoster {
  const { logger } = options;
  // The operator's zone, for groups without one of their own (/timezone): the claim statement reads
  // each group's, and the summary below takes it.
  const timeZone = services.config.export.timezone;
  let running: Promise<number> = Promise.resolve(0);

  async function postDue(): Promise<number> {
    const groups = await claimDueSummaries(services, { timeZone });
    let posted = 0;
    for (const group of groups) {
      const { month } = group;
      try {
        const summary = await monthSummary(services, {
          groupId: group.groupId,
          month,
          timeZone: group.timeZone,
        });
        const chunks = chunkLines(summaryLines(summary));
        const delivered = await Promise.all(
          chunks.map((text) => services.sender.enqueue(group.chatId, { method: 'sendMessage', text })),
        );
        // Given up by the sender (the bot was removed from the group, ...): marked done all the same,
        // so it is not tried again every ten minutes; only a claim whose process died is taken over.
        await markSummarySent(services, { groupId: group.groupId, month });
        if (delivered.every(Boolean)) posted++;
        else logger.warn('a monthly summary was not delivered', { group_id: group.groupId });
      } catch (error) {
        logger.error('posting a monthly summary failed', { group_id: group.groupId, error });
      }
    }
    if (posted > 0) logger.info('posted monthly summaries', { count: posted });
    return posted;
  }

  function runDue(): Promise<number> {
    // One run at a time: a slow run is not overtaken by the next tick.
    running = running.then(postDue, postDue).catch((error) => {
      logger.warn('checking for monthly summaries failed', { error });
      return 0;
    });
    return running;
  }

  void runDue();
  const timer = setInterval(() => void runDue(), options.intervalMs ?? 60_000);
  timer.unref();
  return {
    runDue,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
