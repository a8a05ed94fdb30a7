// The Mini App's "Split a bill" page, server side: `POST /app/api/bill` records an itemised bill for
// the member who opened the page (the payer). Nothing the page sends is trusted: initData is checked
// and the person must be a member of the group the signed start token names, now (access.ts); the
// body is bounded and checked by a schema; amounts are read by the ledger's parsers; everyone ticked
// must be a current member (recordPageBill). The bot then confirms it in the group, as for a /bill.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { billSummary } from '../../bot/features/bill.js';
import type { BillChargeIntent } from '../../commands/index.js';
import { type Decimal, LedgerError, parseAmount, parsePercent } from '../../ledger/index.js';
import type { Logger } from '../../log.js';
import { dropBillScan, scanForPage, scanLines } from '../../usecases/bill-scans.js';
import type { UseCaseDeps } from '../../usecases/deps.js';
import { UseCaseError } from '../../usecases/errors.js';
import { recordPageBill } from '../../usecases/record-bill.js';
import { type Route, readBody, sendJson } from '../server.js';
import { launchOf, memberOf, Refusal, refuse } from './access.js';
import type { BillRecordedView, ScanView } from './api-types.js';

export interface BillApiOptions {
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'members' | 'clock'>;
  botToken: string;
  logger: Logger;
  /** Posts the confirmation (HTML lines) in the group's chat. */
  announce: (chatId: bigint, lines: string[]) => void;
}

/** A bill page's body is small: 100 items of 1000 people at most is well under this. */
const BILL_BODY_BYTES = 64 * 1024;

const BillBody = z.object({
  key: z.number().int().min(1).max(2_147_483_647),
  /** The bill photo the page was filled in from (its Split by items): its photo becomes the receipt. */
  scan: z.number().int().min(1).max(2_147_483_647).optional(),
  description: z.string().max(200),
  items: z
    .array(
      z.object({
        description: z.string().max(100),
        amount: z.string().max(24),
        people: z.array(z.number().int().min(1).max(2_147_483_647)).min(1).max(1000),
      }),
    )
    .min(1)
    .max(100),
  charges: z
    .array(
      z.object({
        label: z.string().max(100),
        percent: z.string().max(12).optional(),
        amount: z.string().max(24).optional(),
      }),
    )
    .max(10),
});

const SCAN_PREFIX = '/app/api/scan/';
const SCAN_GONE =
  'This bill photo is no longer waiting (recorded, cancelled, replaced or left 10 minutes); send the photo again, or fill the page in.';

export function billApiRoutes(o: BillApiOptions): Route[] {
  return [
    { method: 'POST', path: '/app/api/bill', handle: (req, res) => recordFromPage(o, req, res) },
    { method: 'GET', prefix: SCAN_PREFIX, handle: (req, res, url) => linesOfScan(o, req, res, url) },
  ];
}

/** `GET /app/api/scan/<id>`: the lines of the asker's own bill photo, read, to fill the page in. */
async function linesOfScan(
  o: BillApiOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  try {
    const launch = launchOf(req, o.botToken);
    const { groupId } = await memberOf(o.deps, o.botToken, launch);
    const raw = url.pathname.slice(SCAN_PREFIX.length);
    if (!/^\d{1,9}$/.test(raw)) throw new Refusal(400, 'Give the bill photo by its number.');
    const scan = await scanForPage(o.deps, { groupId, telegramId: launch.telegramId, id: Number(raw) });
    if (!scan) throw new Refusal(404, SCAN_GONE);
    const lines = scanLines(scan);
    const view: ScanView = {
      merchant: lines.merchant,
      total: lines.total.toFixed(2),
      items: lines.items.map((i) => ({ description: i.name.slice(0, 100), amount: i.amount.toFixed(2) })),
      charges: lines.charges.map((c) => ({ label: c.label, amount: c.amount.toFixed(2) })),
    };
    sendJson(res, 200, view);
  } catch (error) {
    if (error instanceof Refusal) return refuse(res, error);
    throw error;
  }
}

async function recordFromPage(o: BillApiOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const launch = launchOf(req, o.botToken);
    const { groupId, me } = await memberOf(o.deps, o.botToken, launch);
    const body = await readBill(req);
    const scan =
      body.scan === undefined
        ? null
        : await scanForPage(o.deps, { groupId, telegramId: launch.telegramId, id: body.scan });
    if (body.scan !== undefined && !scan) throw new Refusal(404, SCAN_GONE);
    const recorded = await recordPageBill(o.deps, {
      groupId,
      payer: me,
      key: body.key,
      description: body.description.trim(),
      items: body.items.map((item, i) => ({
        description: item.description.trim(),
        amount: readMoney(item.amount, `Item ${i + 1}`),
        userIds: item.people,
      })),
      charges: body.charges.map(readCharge),
      ...(scan ? { receipt: scan.photo } : {}),
    }).catch((error: unknown) => {
      if (error instanceof LedgerError || error instanceof UseCaseError)
        throw new Refusal(400, error.message);
      throw error;
    });
    if (scan) await dropBillScan(o.deps, scan.id);
    const lines = billSummary(recorded);
    if (recorded.created) {
      o.logger.info('bill recorded from the Mini App', { group_id: groupId, number: recorded.number });
      o.announce(recorded.chatId, lines);
    }
    const view: BillRecordedView = {
      number: recorded.number,
      created: recorded.created,
      // The confirmation as plain text (the chat's is HTML).
      lines: lines.map((line) =>
        line
          .replace(/<[^>]+>/g, '')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&'),
      ),
    };
    sendJson(res, 200, view);
  } catch (error) {
    if (error instanceof Refusal) return refuse(res, error);
    throw error;
  }
}

async function readBill(req: IncomingMessage): Promise<z.infer<typeof BillBody>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readBody(req, BILL_BODY_BYTES));
  } catch {
    throw new Refusal(400, 'The bill could not be read; reload the page and try again.');
  }
  const parsed = BillBody.safeParse(raw);
  if (!parsed.success)
    throw new Refusal(
      400,
      'The bill is not one this page sends (at most 100 items, each with someone who had it).',
    );
  return parsed.data;
}

function readMoney(text: string, what: string): Decimal {
  try {
    return parseAmount(text);
  } catch (error) {
    if (error instanceof LedgerError) throw new Refusal(400, `${what}: ${error.message}`);
    throw error;
  }
}

/** `{ percent: "5" }` or `{ amount: "-50" }`: a signed charge, exactly one of the two. */
function readCharge(
  charge: { label: string; percent?: string; amount?: string },
  i: number,
): BillChargeIntent {
  const what = `Charge ${i + 1}`;
  const label = charge.label.trim() || 'charge';
  const typed = charge.percent ?? charge.amount;
  if (typed === undefined || (charge.percent !== undefined && charge.amount !== undefined))
    throw new Refusal(400, `${what} needs a percentage or an amount.`);
  const negative = typed.trim().startsWith('-');
  const text = typed.trim().replace(/^[-+]/, '');
  try {
    if (charge.percent !== undefined) {
      const percent = parsePercent(text);
      return { line: i + 1, label, percent: negative ? percent.negated() : percent };
    }
    const amount = parseAmount(text);
    return { line: i + 1, label, amount: negative ? amount.negated() : amount };
  } catch (error) {
    if (error instanceof LedgerError) throw new Refusal(400, `${what}: ${error.message}`);
    throw error;
  }
}
