// An expense's category: the confirmation's button opens a keyboard of categories and a choice
// edits the confirmation's button; `/category 12` shows it (with the button), `/category 12
// groceries` sets it. Only the payer, the recorder or a group admin may change it: anyone else is
// told so in one sentence (an alert for a button, a reply for the command).
import { Composer } from 'grammy';
import { CATEGORY_KEYS, CATEGORY_LABELS, type Category, parseCategory } from '../../commands/index.js';
import { setExpenseCategory, showCategory } from '../../usecases/set-category.js';
import { isGroupAdmin } from '../buttons.js';
import { categoryButton, categoryChoices } from '../category-buttons.js';
import type { BotContext } from '../context.js';
import { clipText, escapeHtml } from '../format.js';
import { leadingNumber, repliedInput } from '../replied.js';
import { answer, editKeyboard } from '../reply.js';
import { groupIdOf } from './balances.js';

export const categories = new Composer<BotContext>();
const inGroup = categories.chatType(['group', 'supergroup']);

function requester(ctx: BotContext): number {
  if (!ctx.sender) throw new Error('category handler ran before the members middleware');
  return ctx.sender.id;
}

inGroup.command('category', async (ctx) => {
  const intent = parseCategory(await repliedInput(ctx, leadingNumber));
  const input = { groupId: groupIdOf(ctx), expenseId: intent.expenseId };
  const result =
    intent.category === undefined
      ? await showCategory(ctx.services, input)
      : await setExpenseCategory(ctx.services, {
          ...input,
          requesterId: requester(ctx),
          requesterIsAdmin: () => isGroupAdmin(ctx),
          category: intent.category,
        });
  const what = result.description ? ` (${escapeHtml(clipText(result.description, 60))})` : '';
  if (intent.category === undefined) {
    const how = result.byHand ? 'chosen by hand' : 'guessed from its description';
    answer(ctx, `🏷 <b>#${result.id}</b>${what} is in ${CATEGORY_LABELS[result.category]} (${how}).`, {
      keyboard: categoryButton(result.id, result.category),
    });
    return;
  }
  ctx.recorded = `the category of expense #${result.id}`;
  answer(ctx, `🏷 <b>#${result.id}</b>${what} is now in ${CATEGORY_LABELS[result.category]}.`);
  // The confirmation's button shows the category: keep it true.
  if (result.confirmationMessageId !== null)
    editKeyboard(ctx, categoryButton(result.id, result.category), result.confirmationMessageId);
});

categories
  .chatType('private')
  .command('category', (ctx) =>
    answer(ctx, 'Expenses belong to a group: send /category in the group they are in.'),
  );

// The button under a confirmation: show every category to choose from.
inGroup.callbackQuery(/^cat:(\d+)$/, async (ctx) => {
  const result = await setExpenseCategory(ctx.services, {
    groupId: groupIdOf(ctx),
    expenseId: Number(ctx.match[1]),
    requesterId: requester(ctx),
    requesterIsAdmin: () => isGroupAdmin(ctx),
  });
  editKeyboard(ctx, categoryChoices(result.id, result.category));
  await ctx.answerCallbackQuery({ text: `What was #${result.id} spent on?` });
});

inGroup.callbackQuery(/^cat:(\d+):([a-z_]+|=)$/, async (ctx) => {
  const choice = ctx.match[2] as string;
  const category = (CATEGORY_KEYS as readonly string[]).includes(choice) ? (choice as Category) : undefined;
  const result = await setExpenseCategory(ctx.services, {
    groupId: groupIdOf(ctx),
    expenseId: Number(ctx.match[1]),
    requesterId: requester(ctx),
    requesterIsAdmin: () => isGroupAdmin(ctx),
    ...(category === undefined ? {} : { category }),
  });
  if (category !== undefined) ctx.recorded = `the category of expense #${result.id}`;
  editKeyboard(ctx, categoryButton(result.id, result.category));
  await ctx.answerCallbackQuery({
    text: category === undefined ? 'Kept.' : `#${result.id} is now in ${CATEGORY_LABELS[result.category]}.`,
  });
});
