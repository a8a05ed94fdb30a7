// Bill photos that read themselves: a photo captioned `/paid` with no amount (or a photo sent as a
// reply to the guided /paid's "how much? or send the bill" question) is read offline (ocr/), and the
// bot answers with what it read — "Barbeque Nation, 5 Dec, total ₹2,364.00" — and buttons: split
// equally among everyone, split by items (a /bill to fill in with who had each, bill.ts), change the
// amount, cancel. Nothing is recorded until the photo's sender
// presses a button that showed the amount; a reading the bill's own arithmetic does not confirm is
// said to be unsure and the amount is asked for. The photo becomes the expense's receipt, as a
// photo captioned `/paid 1200` does.
//
// Reading takes seconds, so it runs in the background: the handler answers "Reading the bill…" and
// returns (the group's other messages are not held up), and the reading replaces that message.
// The state is a BillScan row; every button carries the scan's id and its owner, checked against
// the row (usecases/bill-scans.ts).
import { Composer, InlineKeyboard } from 'grammy';
import { readAmount } from '../../commands/index.js';
import { Decimal, LedgerError } from '../../ledger/index.js';
import { BillReadError } from '../../ocr/bill-reader.js';
import { readBill } from '../../receipts/read-bill.js';
import {
  askBillScanAmount,
  type BillScanRow,
  dropBillScan,
  findBillScan,
  finishBillScan,
  offerBillItems,
  setBillScanTotal,
  startBillScan,
} from '../../usecases/bill-scans.js';
import { dropPaidDraft, findPaidDraft } from '../../usecases/paid-draft.js';
import { recordExpense } from '../../usecases/record-expense.js';
import { ownedButton, pressedByOwner } from '../buttons.js';
import { categoryButton } from '../category-buttons.js';
import type { BotContext, Services } from '../context.js';
import { DownloadError, downloadFile, largestPhoto, TELEGRAM_DOWNLOAD_LIMIT } from '../files.js';
import { escapeHtml } from '../format.js';
import { copyReceipt } from '../receipts.js';
import { answer, answerTracked, editAnswer } from '../reply.js';
import { appButton } from './balances.js';
import { billOffer, itemsTemplate, type Offer, unreadable } from './bill-photo-text.js';
import { telegramGroup, telegramPerson } from './members.js';
import { expenseSummary } from './paid.js';

export const billPhoto = new Composer<BotContext>();
const inGroup = billPhoto.chatType(['group', 'supergroup']);

const BARE_PAID = /^\/paid(?:@\w+)?\s*$/i;
const GONE =
  'This bill is no longer waiting (finished, cancelled, replaced or left 10 minutes); nothing was recorded.';

inGroup.on('message:photo', async (ctx, next) => {
  if (!ctx.services.billReader) return next();
  const caption = ctx.msg.caption ?? '';
  if (!BARE_PAID.test(caption)) {
    // A photo answering the guided /paid's amount question: read it instead of waiting for a number.
    const question = ctx.msg.reply_to_message;
    if (caption.trim() !== '' || question?.from?.id !== ctx.me.id) return next();
    const key = { chatId: ctx.chat.id, telegramId: ctx.from.id };
    if ((await findPaidDraft(ctx.services, key)).draft?.step !== 'amount') return next();
    await dropPaidDraft(ctx.services, key);
  }
  await startReading(ctx);
});

async function startReading(ctx: BotContext): Promise<void> {
  const message = ctx.msg;
  const reader = ctx.services.billReader;
  const size = message?.photo?.at(-1)?.file_size ?? 0;
  const photo = largestPhoto(message?.photo);
  if (!message || !ctx.chat || !ctx.from || !reader || !photo) return;
  if (size > TELEGRAM_DOWNLOAD_LIMIT) {
    answer(
      ctx,
      'This photo is larger than the 20 MB Telegram lets me download: send a smaller one, or type the amount, like /paid 1200 dinner.',
    );
    return;
  }
  // Refused before the sender's scan is touched: an earlier photo still being read keeps its row.
  const refused = reader.refusal(String(ctx.chat.id));
  if (refused) {
    answer(ctx, escapeHtml(refusal(refused)));
    return;
  }
  const scan = await startBillScan(ctx.services, {
    chatId: ctx.chat.id,
    telegramId: ctx.from.id,
    sourceMessageId: message.message_id,
    photo,
  });
  if (!scan) return; // this photo was seen already
  const { api, services } = ctx;
  const { config } = services;
  let text: Promise<string>;
  try {
    text = reader.read(String(ctx.chat.id), async () => {
      const file = await downloadFile(api, config.telegramApiRoot, config.botToken, photo.fileId);
      return file.bytes;
    });
  } catch (error) {
    if (!(error instanceof BillReadError)) throw error;
    await dropBillScan(services, scan.id);
    answer(ctx, escapeHtml(refusal(error.code)));
    return;
  }
  const pending = answerTracked(ctx, ['🧾 Reading the bill… (a few seconds; nothing is recorded yet)']);
  void finishReading(services, scan, text, pending, ctx.from.first_name);
}

function refusal(code: BillReadError['code']): string {
  return code === 'busy'
    ? 'I am still reading another bill in this group: send this photo again in a moment, or type the amount, like /paid 1200 dinner.'
    : 'I am reading too many bills right now: send this photo again in a minute, or type the amount, like /paid 1200 dinner.';
}

/** Waits for the reader, stores what it found and replaces "Reading the bill…" with the offer. */
async function finishReading(
  services: Services,
  scan: BillScanRow,
  text: Promise<string>,
  pending: Promise<number | undefined>,
  ownerName: string,
): Promise<void> {
  const log = services.logger.child({ chat_id: Number(scan.chatId), scan_id: scan.id });
  try {
    let read: string | null = null;
    let failure: string | null = null;
    try {
      read = await text;
    } catch (error) {
      failure = error instanceof BillReadError ? error.code : 'failed';
      if (!(error instanceof BillReadError || error instanceof DownloadError)) throw error;
    }
    const bill = read === null ? null : readBill(read);
    log.info('bill read', { failure, confidence: bill?.confidence ?? null });
    const row = await finishBillScan(services, { id: scan.id, reading: bill });
    if (!row) return; // replaced by a newer photo, or cancelled, meanwhile
    const offer = row.step === 'ready' ? billOffer(row, ownerName) : unreadable(row, ownerName, failure);
    deliver(services, Number(scan.chatId), await pending, offer);
  } catch (error) {
    log.error('reading a bill failed', { error });
    await dropBillScan(services, scan.id).catch(() => undefined);
    deliver(services, Number(scan.chatId), await pending, {
      text: 'I could not read it: type the amount, like /paid 1200 dinner. Nothing was recorded.',
    });
  }
}

function deliver(services: Services, chatId: number, messageId: number | undefined, offer: Offer): void {
  const keyboard = offer.keyboard ? { keyboard: offer.keyboard } : {};
  void services.sender.enqueue(
    chatId,
    messageId === undefined
      ? { method: 'sendMessage', text: offer.text, ...keyboard }
      : { method: 'editMessageText', messageId, text: offer.text, ...keyboard },
  );
}

// The amount typed by someone whose bill is waiting for it; everyone else's messages pass.
inGroup.on('message:text', async (ctx, next) => {
  if (ctx.msg.text.startsWith('/') || !ctx.services.billReader) return next();
  const scan = await findBillScan(ctx.services, { chatId: ctx.chat.id, telegramId: ctx.from.id });
  if (scan?.step !== 'amount') return next();
  let amount: Decimal;
  try {
    amount = readAmount(ctx.msg.text.trim()).value;
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    answer(
      ctx,
      `${escapeHtml(error.message)} Reply with the bill's amount, like 1200 or 1.5k, or press Cancel.`,
    );
    return;
  }
  await setBillScanTotal(ctx.services, { id: scan.id, total: amount });
  const offer = billOffer({ ...scan, step: 'ready', total: amount }, ctx.from.first_name);
  answer(ctx, offer.text, offer.keyboard ? { keyboard: offer.keyboard } : {});
});

inGroup.callbackQuery(/^bs:([eauxi]):(\d+):(\d+)$/, async (ctx) => {
  if (!(await pressedByOwner(ctx, ctx.match[3] as string))) return;
  const action = ctx.match[1] as string;
  const scan = await findBillScan(ctx.services, { chatId: ctx.chat.id, telegramId: ctx.from.id });
  const expected = action === 'e' || action === 'i' ? 'ready' : action === 'u' ? 'amount' : null;
  if (!scan || scan.id !== Number(ctx.match[2]) || (expected && scan.step !== expected)) {
    await ctx.answerCallbackQuery({ text: GONE, show_alert: true });
    return;
  }
  if (action === 'x') {
    await dropBillScan(ctx.services, scan.id);
    editAnswer(ctx, 'Cancelled; nothing was recorded.');
    await ctx.answerCallbackQuery({ text: 'Cancelled.' });
  } else if (action === 'a') {
    await askBillScanAmount(ctx.services, scan.id);
    editAnswer(
      ctx,
      `🧾 ${escapeHtml(ctx.from.first_name)}: reply with the bill's amount (like 2364 or 2.4k), or press Cancel.`,
      {
        keyboard: new InlineKeyboard().text('Cancel', ownedButton('bs:x', scan.id, ctx.from.id)),
      },
    );
    await ctx.answerCallbackQuery();
  } else if (action === 'u' && scan.total) {
    // The unsure total, now confirmed by the sender: the usual offer, with the amount on it.
    await setBillScanTotal(ctx.services, { id: scan.id, total: scan.total });
    const offer = billOffer({ ...scan, step: 'ready' }, ctx.from.first_name);
    editAnswer(ctx, offer.text, offer.keyboard ? { keyboard: offer.keyboard } : {});
    await ctx.answerCallbackQuery();
  } else if (action === 'e') {
    await recordScan(ctx, scan);
  } else if (action === 'i') {
    // The same itemised flow as a typed /bill, its lines read off the photo; nothing recorded yet.
    await offerBillItems(ctx.services, scan.id);
    // With the Mini App set up, its Split a bill page filled in from the photo, to tick who had what.
    const app = appButton(ctx, { page: 'bill', scan: scan.id });
    const offer = itemsTemplate(scan, ctx.from.first_name, app);
    editAnswer(ctx, offer.text, offer.keyboard ? { keyboard: offer.keyboard } : {});
    await ctx.answerCallbackQuery();
  }
});

/** Records the shown amount, split equally among everyone, with the photo as its receipt. */
async function recordScan(ctx: BotContext, scan: BillScanRow): Promise<void> {
  if (!ctx.chat || !ctx.from || !scan.total) return;
  const spentOn = dayToKeep(scan.reading?.date ?? null, ctx.services.clock());
  const recorded = await recordExpense(ctx.services, {
    group: telegramGroup(ctx.chat),
    payer: telegramPerson(ctx.from),
    amount: new Decimal(scan.total),
    splitType: 'EQUAL',
    everyone: true,
    participants: [],
    description: scan.reading?.merchant ?? 'bill',
    ...(spentOn ? { spentOn } : {}),
    // The photo's message is the expense's key: pressing again records nothing new.
    source: { chatId: ctx.chat.id, messageId: scan.sourceMessageId },
    receipt: scan.photo,
  });
  ctx.recorded = `expense #${recorded.id}`;
  await dropBillScan(ctx.services, scan.id);
  if (recorded.created) copyReceipt(ctx, recorded.id, scan.photo);
  const lines = expenseSummary(recorded, recorded.description);
  lines.push(`🧾 The photo is kept as its receipt: /expense ${recorded.id} shows it.`);
  editAnswer(ctx, lines.join('\n'), { keyboard: categoryButton(recorded.id, recorded.category) });
  await ctx.answerCallbackQuery({ text: `Recorded expense #${recorded.id}.` });
}

/** The bill's day when it is a day /paid would take (not in the future, within a year); else none. */
export function dayToKeep(iso: string | null, now: Date): string | undefined {
  if (!iso) return undefined;
  const at = Date.parse(`${iso}T00:00:00Z`);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return at <= today && at >= today - 365 * 86_400_000 ? iso : undefined;
}
