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
import type { UseCaseDeps } from '../../usecases/deps.js';
import { UseCaseError } from '../../usecases/errors.js';
import { recordPageBill } from '../../usecases/record-bill.js';
import { type Route, readBody, sendJson } from '../server.js';
import { launchOf, memberOf, Refusal, refuse } from './access.js';
import type { BillRecordedView } from './api-types.js';

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

export function billApiRoutes(o: BillApiOptions): Route[] {
  return [{ method: 'POST', path: '/app/api/bill', handle: (req, res) => recordFromPage(o, req, res) }];
}

async function recordFromPage(o: BillApiOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const launch = launchOf(req, o.botToken);
    const { groupId, me } = await memberOf(o.deps, o.botToken, launch);
    const body = await readBill(req);
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
    }).catch((error: unknown) => {
      if (error instanceof LedgerError || error instanceof UseCaseError)
        throw new Refusal(400, error.message);
      throw error;
    });
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
