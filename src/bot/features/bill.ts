// /bill: an itemised bill in one message (one item a line, who had it, charges spread over the items),
// recorded as one expense with exact shares; the reply lists each person's share. After a bill photo's
// "Split by items" (bill-photo.ts), the sender's next /bill keeps that photo as its receipt; a /bill
// sent as a photo's caption keeps that photo. A refused /bill fixed by editing it is read again.
import { Composer } from 'grammy';
import {
  BILL_EXAMPLE,
  type BillIntent,
  CATEGORY_LABELS,
  commandName,
  parseBill,
} from '../../commands/index.js';
import { chargePercentShown, Decimal } from '../../ledger/index.js';
import { dropBillScan, findBillScan } from '../../usecases/bill-scans.js';
import type { ReceiptPhoto } from '../../usecases/receipts.js';
import { type RecordedBill, recordBill } from '../../usecases/record-bill.js';
import { findExpenseBySource } from '../../usecases/revise-expense.js';
import { categoryButton } from '../category-buttons.js';
import type { BotContext } from '../context.js';
import { largestPhoto } from '../files.js';
import { clipText, escapeHtml, money, nameBook } from '../format.js';
import { copyReceipt } from '../receipts.js';
import { answer, answerTracked, commandInput } from '../reply.js';
import type { AnswerSummary } from '../sender.js';
import { groupIdOf } from './balances.js';
import { telegramGroup, telegramPerson } from './members.js';

/** Beyond this many people, the shares are counted by amount instead of listed. */
const LIST_LIMIT = 25;

/** What a bare /bill answers: the form, with an example. */
export const BILL_HELP = [
  '<b>Split a bill by items</b>: the place on the first line, then one item a line with its amount and who had it (names, <code>me</code>, <code>everyone</code>); <code>+5% GST</code>, <code>+40 tip</code>, <code>-50 discount</code> are spread over the items in proportion. You paid, unless the first line says <code>by @ravi</code>; a number at its end is the total, checked.',
  `<pre>${escapeHtml(BILL_EXAMPLE.join('\n'))}</pre>`,
];

export const bill = new Composer<BotContext>();
const inGroup = bill.chatType(['group', 'supergroup']);

inGroup.command('bill', async (ctx) => {
  if (ctx.match.trim() === '') {
    answer(ctx, BILL_HELP);
    return;
  }
  await recordAndConfirm(ctx, parseBill(commandInput(ctx)), ctx.msg.message_id, largestPhoto(ctx.msg.photo));
});

// A /bill fixed by editing it: when it recorded nothing (it was refused), it is read again as a new
// /bill (its message's key is still free). One that recorded an expense is refused by corrections.ts.
inGroup.on('edited_message:text', async (ctx, next) => {
  const input = commandInput(ctx);
  const command = commandName(input.text, input.entities, input.botUsername);
  if (command?.name !== 'bill' || command.forOtherBot || !ctx.sender) return next();
  const source = { chatId: ctx.chat.id, messageId: ctx.editedMessage.message_id };
  if (await findExpenseBySource(ctx.services, { groupId: groupIdOf(ctx), source })) return next();
  await recordAndConfirm(ctx, parseBill(input), source.messageId);
});

/** Records the bill and confirms it with each person's share. */
async function recordAndConfirm(
  ctx: BotContext,
  intent: BillIntent,
  messageId: number,
  photo?: ReceiptPhoto,
): Promise<void> {
  if (!ctx.chat || !ctx.from) return;
  // A bill photo whose sender chose "Split by items": its photo becomes this expense's receipt (a
  // /bill sent as a photo's caption keeps that photo).
  const scan = await findBillScan(ctx.services, { chatId: ctx.chat.id, telegramId: ctx.from.id });
  const receipt = photo ?? (scan?.step === 'items' ? scan.photo : undefined);
  const recorded = await recordBill(ctx.services, {
    group: telegramGroup(ctx.chat),
    sender: telegramPerson(ctx.from),
    bill: intent,
    source: { chatId: ctx.chat.id, messageId },
    ...(receipt ? { receipt } : {}),
  });
  ctx.recorded = `expense #${recorded.number}`;
  if (scan && receipt === scan.photo) await dropBillScan(ctx.services, scan.id);
  if (receipt && recorded.created) copyReceipt(ctx, recorded.id, receipt);
  const lines = billSummary(recorded);
  if (receipt) lines.push(`🧾 The photo is kept as its receipt: /expense ${recorded.number} shows it.`);
  answerTracked(ctx, lines, {
    summary: { ...billLine(recorded), keyboardOptional: true },
    keyboard: categoryButton(recorded.id, recorded.category),
  });
}

bill
  .chatType('private')
  .command('bill', (ctx) =>
    answer(ctx, 'Bills belong to a group: add me to your group and send /bill there.'),
  );

/** "Recorded #5: ₹1,090.00 paid by Asha for Barbeque Nation, split by items among 3: …", then each share. */
export function billSummary(added: RecordedBill): string[] {
  const name = nameBook([added.payer, added.recordedBy, ...added.shares.map((s) => s.person)]);
  const payer = name(added.payer.id);
  const what = added.description ? ` for ${escapeHtml(added.description)}` : '';
  const among = added.shares.map((s) => name(s.participant));
  const shown =
    among.length <= 10 ? among.join(', ') : `${among.slice(0, 8).join(', ')} and ${among.length - 8} more`;
  const head = [
    `${added.created ? '✅ Recorded' : 'ℹ️ Already recorded'} <b>#${added.number}</b>: ${money(added.amount, added.currency)} paid by ${payer}${what}, split by items among ${added.shares.length}: ${shown}.`,
  ];
  if (added.recordedBy.id !== added.payer.id)
    head.push(`Recorded by ${name(added.recordedBy.id)} for ${payer}.`);
  const charges = added.lines.filter((l) => l.charge);
  if (charges.length > 0) {
    const parts = charges.map((c) => {
      const percent = c.percent ? ` ${chargePercentShown(c.percent)}` : '';
      return `${escapeHtml(clipText(c.description, 40))}${percent} ${money(c.amount, added.currency)}`;
    });
    head.push(
      `Items ${money(added.subtotal, added.currency)} · ${parts.join(' · ')}, spread over the items.`,
    );
  }
  return [...head, ...shareLines(added, name, payer)];
}

/** Each person's share, the payer's own first said as such; a long list counted by amount. */
function shareLines(added: RecordedBill, name: (id: number) => string, payer: string): string[] {
  const currency = added.currency;
  if (added.shares.length <= LIST_LIMIT) {
    return added.shares.map((s) =>
      s.participant === added.payer.id
        ? `${name(s.participant)}: ${money(s.share, currency)} (paid the bill)`
        : `${name(s.participant)}: ${money(s.share, currency)}, owes ${payer}`,
    );
  }
  const byAmount = new Map<string, number>();
  for (const s of added.shares) byAmount.set(s.share.toFixed(2), (byAmount.get(s.share.toFixed(2)) ?? 0) + 1);
  const groups = [...byAmount.entries()].sort((a, b) => b[1] - a[1]);
  const lines = groups
    .slice(0, 5)
    .map(
      ([share, count]) =>
        `${count} ${count === 1 ? 'person has' : 'people have'} a share of ${money(new Decimal(share), currency)}`,
    );
  if (groups.length > 5)
    lines.push(`… and ${groups.length - 5} other amounts; /expense ${added.number} lists everyone.`);
  return lines;
}

/** The one-line form, for a message that confirms several (see the sender). */
function billLine(added: RecordedBill): AnswerSummary {
  const name = nameBook([added.payer]);
  const what = added.description ? ` for ${escapeHtml(clipText(added.description, 60))}` : '';
  const mark = added.created ? '✅' : 'ℹ️ already recorded:';
  return {
    line: `${mark} <b>#${added.number}</b> ${money(added.amount, added.currency)} paid by ${name(added.payer.id)}${what}, split by items among ${added.shares.length} · ${CATEGORY_LABELS[added.category]}`,
    expense: added.created ? { id: added.number, amount: added.amount, currency: added.currency } : undefined,
  };
}
