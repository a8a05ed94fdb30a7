// The buttons of an expense's category: under its confirmation one button that shows the category
// and opens the choice (`cat:12`), then a keyboard of every category (`cat:12:groceries`) and a way
// back (`cat:12:=`). Anyone may open it; the use case lets only the payer, the recorder or an admin
// change it. Callback data stays well within Telegram's 64 bytes.
import { InlineKeyboard } from 'grammy';
import { CATEGORY_KEYS, CATEGORY_LABELS, type Category } from '../commands/index.js';

/** Categories per row of the choice. */
const PER_ROW = 3;

/** The one button under a confirmation: "🛒 Groceries · change". */
export function categoryButton(expenseId: number, category: Category): InlineKeyboard {
  return new InlineKeyboard().text(`${CATEGORY_LABELS[category]} · change`, `cat:${expenseId}`);
}

/** Every category to choose from, the current one ticked, and a way back. */
export function categoryChoices(expenseId: number, current: Category): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  CATEGORY_KEYS.forEach((key, index) => {
    if (index > 0 && index % PER_ROW === 0) keyboard.row();
    keyboard.text(`${key === current ? '✓ ' : ''}${CATEGORY_LABELS[key]}`, `cat:${expenseId}:${key}`);
  });
  return keyboard.row().text('↩ Keep it', `cat:${expenseId}:=`);
}
