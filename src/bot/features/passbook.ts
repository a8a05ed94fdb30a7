// /passbook: the user's own ledger across all their groups, only ever shown to them in a DM,
// newest first with a running net, paged with buttons.
import { Composer, InlineKeyboard } from 'grammy';
import type { Decimal } from '../../ledger/index.js';
import { type PassbookLine, passbookPage, passbookTotals } from '../../usecases/passbook.js';
import type { BotContext } from '../context.js';
import { clipText, escapeHtml, formatDate, money } from '../format.js';
import { answer, editAnswer } from '../reply.js';

const PAGE_SIZE = 8;

export const passbook = new Composer<BotContext>();

passbook.chatType('private').command('passbook', async (ctx) => {
  const view = await passbookView(ctx, {});
  answer(ctx, view.text, { keyboard: view.keyboard });
});

passbook.chatType('private').callbackQuery(/^pb:(o|n):(\d+)$/, async (ctx) => {
  const cursor = BigInt(ctx.match[2] as string);
  const view = await passbookView(ctx, ctx.match[1] === 'o' ? { before: cursor } : { after: cursor });
  await ctx.answerCallbackQuery();
  editAnswer(ctx, view.text, { keyboard: view.keyboard });
});

// In a group a passbook is never shown: it goes to the person's DM, if they have opened one.
passbook.chatType(['group', 'supergroup']).command('passbook', async (ctx) => {
  const sender = ctx.sender;
  if (!sender) return;
  const known = await ctx.services.members.findUserByTelegramId(sender.telegramId);
  if (!known?.startedBot) {
    return answer(
      ctx,
      `Your passbook is private: open a chat with me (@${ctx.me.username}), press Start, then send /passbook there.`,
    );
  }
  const view = await passbookView(ctx, {});
  answer(ctx, view.text, { keyboard: view.keyboard, to: ctx.from.id });
  answer(ctx, 'I sent your passbook to you in a private chat.');
});

async function passbookView(ctx: BotContext, cursor: { before?: bigint; after?: bigint }) {
  const sender = ctx.sender;
  if (!sender) throw new Error('passbook needs a known sender');
  const [page, totals] = await Promise.all([
    passbookPage(ctx.services, { userId: sender.id, ...cursor, limit: PAGE_SIZE }),
    passbookTotals(ctx.services, { userId: sender.id }),
  ]);
  if (page.lines.length === 0) {
    return { text: 'Your passbook is empty: nothing has been recorded with you yet.', keyboard: undefined };
  }
  const lines = [
    '<b>Your passbook</b>',
    signed('Net across all groups', totals.net),
    `Expenses you paid: ${money(totals.expensesPaid)} · your shares: ${money(totals.expenseShares)}`,
    `Settlements you paid: ${money(totals.settlementsPaid)} · received: ${money(totals.settlementsReceived)}`,
    '',
    ...page.lines.map(describeLine),
  ];
  const keyboard = new InlineKeyboard();
  if (page.newerCursor !== null) keyboard.text('‹ Newer', `pb:n:${page.newerCursor}`);
  if (page.olderCursor !== null) keyboard.text('Older ›', `pb:o:${page.olderCursor}`);
  // The passbook is always shown in the private chat, where Telegram allows a web_app button.
  const miniApp = ctx.services.config.miniApp;
  if (miniApp) keyboard.row().webApp('📈 My running net', miniApp.url);
  return {
    text: lines.join('\n'),
    keyboard: keyboard.inline_keyboard.flat().length > 0 ? keyboard : undefined,
  };
}

function signed(label: string, amount: Decimal): string {
  if (amount.isZero()) return `${label}: even`;
  return amount.isPositive()
    ? `${label}: you are owed ${money(amount)}`
    : `${label}: you owe ${money(amount.neg())}`;
}

function describeLine(line: PassbookLine): string {
  // Clipped so that a page with the longest titles, descriptions and names still fits one message.
  const head = `${formatDate(line.at)} · ${escapeHtml(clipText(line.groupTitle, 40))}`;
  const net = `net ${line.runningNet.isNegative() ? '−' : ''}${money(line.runningNet.abs())}`;
  switch (line.kind) {
    case 'EXPENSE_REVISED': {
      // A correction: what changed for this person (their share, and what they paid if the payer).
      const what = line.description
        ? escapeHtml(clipText(line.description, 80))
        : `expense #${line.expenseNumber}`;
      const change = line.delta.isZero()
        ? 'no change to you'
        : `${line.delta.isPositive() ? '+' : '−'}${money(line.delta.abs())} to you`;
      return `${head}\n  ✏️ #${line.expenseNumber} ${what} corrected: now ${money(line.amount)}, ${change} · ${net}`;
    }
    case 'EXPENSE':
    case 'EXPENSE_UNDONE': {
      const undone = line.kind === 'EXPENSE_UNDONE' ? ' (undone)' : '';
      const what = line.description
        ? escapeHtml(clipText(line.description, 80))
        : `expense #${line.expenseNumber}`;
      const share = line.share.abs().isZero() ? 'not sharing' : `your share ${money(line.share.abs())}`;
      const day = line.spentOn && line.spentOn !== formatDate(line.at) ? ` (spent ${line.spentOn})` : '';
      return `${head}\n  #${line.expenseNumber} ${what}${day}${undone}: ${escapeHtml(clipText(line.paidBy, 40))} paid ${money(line.amount)}, ${share} · ${net}`;
    }
    case 'SETTLEMENT':
    case 'SETTLEMENT_UNDONE':
      return `${head}\n  ${escapeHtml(clipText(line.paidBy, 40))} paid ${escapeHtml(clipText(line.paidTo ?? '', 40))} ${money(line.amount)} · ${net}`;
  }
}
