// What the bot says about a bill photo it read (bill-photo.ts): the offer with its buttons, or why it
// needs the amount typed. Every amount a button can record is in the text above it.
import { InlineKeyboard } from 'grammy';
import { Decimal } from '../../ledger/index.js';
import { type BillScanRow, scanLines } from '../../usecases/bill-scans.js';
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
  lines.push(`${escapeHtml(ownerName)}: nothing is recorded until you press a button.`);
  const keyboard = new InlineKeyboard()
    .text(`Split ${money(total)} equally among everyone`, ownedButton('bs:e', scan.id, owner))
    .row();
  if (items.length > 0) keyboard.text('Split by items', ownedButton('bs:i', scan.id, owner)).row();
  keyboard
    .text('Change amount', ownedButton('bs:a', scan.id, owner))
    .text('Cancel', ownedButton('bs:x', scan.id, owner));
  return { text: lines.join('\n'), keyboard };
}

/**
 * "Split by items": the bill read as a /bill to copy, with the items and (when the items alone do
 * not make the total) the taxes and whatever else the total holds, so the lines add up to it; the
 * person writes who had each item and sends it.
 */
export function itemsTemplate(scan: BillScanRow, ownerName: string, app?: InlineKeyboard): Offer {
  const read = scanLines(scan);
  const lines = [`/bill ${clean(read.merchant ?? '') || 'bill'} ${read.total.toFixed(2)}`];
  for (const item of read.items) lines.push(`${clean(item.name) || 'item'} ${item.amount.toFixed(2)} `);
  for (const charge of read.charges)
    lines.push(`${charge.amount.isNegative() ? '-' : '+'}${charge.amount.abs().toFixed(2)} ${charge.label}`);
  const who = escapeHtml(ownerName);
  const keyboard = app ?? new InlineKeyboard();
  if (app) keyboard.row();
  return {
    text: [
      `🧾 ${who}: copy this, write after each amount who had it (@username, a first name, <code>me</code> or <code>everyone</code>) and send it here${app ? ', or tick who had each item in the app' : ''}; the charges are spread over the items, and the photo is kept as the receipt. Nothing is recorded until you send it.`,
      `<pre>${escapeHtml(lines.join('\n'))}</pre>`,
    ].join('\n'),
    keyboard: keyboard.text('Cancel', ownedButton('bs:x', scan.id, Number(scan.telegramId))),
  };
}

/** An item's name as a /bill line can hold it: no line breaks, no leading +, - or /, no @. */
function clean(name: string): string {
  return clipText(
    name
      .replace(/[\s@]+/g, ' ')
      .replace(/^[\s+\-/]+/, '')
      .trim(),
    60,
  );
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
