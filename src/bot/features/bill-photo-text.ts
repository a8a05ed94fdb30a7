// What the bot says about a bill photo it read (bill-photo.ts): the offer with its buttons, or why it
// needs the amount typed. Every amount a button can record is in the text above it.
import { InlineKeyboard } from 'grammy';
import { Decimal } from '../../ledger/index.js';
import type { BillScanRow } from '../../usecases/bill-scans.js';
import { ownedButton } from '../buttons.js';
import { clipText, escapeHtml, money } from '../format.js';

export interface Offer {
  text: string;
  keyboard?: InlineKeyboard;
}

/** Item lines shown under the reading at most (a long grocery bill is summed up by its count). */
const ITEMS_SHOWN = 12;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Barbeque Nation, 5 Dec, total ₹2,364.00", the items read, and the buttons. */
export function billOffer(scan: BillScanRow, ownerName: string): Offer {
  const total = scan.total ?? new Decimal(0);
  const owner = Number(scan.telegramId);
  const reading = scan.reading;
  const head = [
    reading?.merchant ? escapeHtml(clipText(reading.merchant, 60)) : 'The bill',
    reading?.date ? dayShown(reading.date) : null,
    `total <b>${money(total)}</b>`,
  ].filter((part) => part !== null);
  const lines = [`🧾 ${head.join(', ')}`];
  const items = reading?.confidence === 'sure' ? reading.items : [];
  for (const item of items.slice(0, ITEMS_SHOWN))
    lines.push(`· ${escapeHtml(clipText(item.name, 40))} ${money(new Decimal(item.amount))}`);
  if (items.length > ITEMS_SHOWN) lines.push(`· … and ${items.length - ITEMS_SHOWN} more lines`);
  if (items.length > 1)
    lines.push(
      `To split by items, type the shares yourself: <code>/paid ${total.toFixed(2)} exact @asha 500 @ravi ${total.minus(500).toFixed(2)} dinner</code> (then <code>/receipt N</code> as a reply to the photo).`,
    );
  lines.push(`${escapeHtml(ownerName)}: nothing is recorded until you press a button.`);
  const keyboard = new InlineKeyboard()
    .text(`Split ${money(total)} equally among everyone`, ownedButton('bs:e', scan.id, owner))
    .row()
    .text('Change amount', ownedButton('bs:a', scan.id, owner))
    .text('Cancel', ownedButton('bs:x', scan.id, owner));
  return { text: lines.join('\n'), keyboard };
}

/** A reading the bill does not confirm, or none at all: say so and ask for the amount. */
export function unreadable(scan: BillScanRow, ownerName: string, failure: string | null): Offer {
  const owner = Number(scan.telegramId);
  const cancel = new InlineKeyboard();
  const who = escapeHtml(ownerName);
  if (scan.total && failure === null) {
    return {
      text: `🧾 I am not sure I read this bill right: its total looks like <b>${money(scan.total)}</b>, but its lines do not add up to it. ${who}: reply with the amount, or press the button if ${money(scan.total)} is right.`,
      keyboard: cancel
        .text(`${money(scan.total)} is right`, ownedButton('bs:u', scan.id, owner))
        .text('Cancel', ownedButton('bs:x', scan.id, owner)),
    };
  }
  const why =
    failure === 'timeout'
      ? 'I could not read it: type the amount.'
      : failure === 'not-an-image'
        ? 'I could not read it (it is not a photo I can open): type the amount.'
        : failure === null
          ? 'I could not find a total on this bill: type the amount.'
          : 'I could not read it: type the amount.';
  return {
    text: `🧾 ${why} ${who}: reply with it (like 1200 or 1.5k), or press Cancel.`,
    keyboard: cancel.text('Cancel', ownedButton('bs:x', scan.id, owner)),
  };
}

function dayShown(iso: string): string {
  const [, month, day] = iso.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]}`;
}
