// /passbook: the user's own ledger across all their groups, only ever shown to them in a DM,
// newest first with a running net, paged with buttons.
import { Composer, InlineKeyboard } from 'grammy';
import type { Decimal } from '../../ledger/index.js';
import {
  type PassbookLine,
  type PassbookTotals,
  passbookPage,
  passbookTotalsByCurrency,
} from '../../usecases/passbook.js';
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
    passbookTotalsByCurrency(ctx.services, { userId: sender.id }),
  ]);
  if (page.lines.length === 0) {
    return { text: 'Your passbook is empty: nothing has been recorded with you yet.', keyboard: undefined };
  }
  const lines = ['<b>Your passbook</b>', ...totals.flatMap(totalLines), ...dayByDay(page.lines)];
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

/** A currency's totals: its net, then what was paid and shared in it ("Net in EUR: you owe €50.00"). */
function totalLines(t: PassbookTotals, _index: number, all: readonly PassbookTotals[]): string[] {
  const m = (amount: Decimal) => money(amount, t.currency);
  const label = all.length === 1 ? 'Net across all groups' : `Net in ${t.currency}`;
  return [
    signed(label, t.net, m),
    `Expenses you paid: ${m(t.expensesPaid)} · your shares: ${m(t.expenseShares)}`,
    `Settlements you paid: ${m(t.settlementsPaid)} · received: ${m(t.settlementsReceived)}`,
  ];
}

/** The lines under one date header per day (lines come newest first, so a day's lines are together). */
function dayByDay(lines: readonly PassbookLine[]): string[] {
  const out: string[] = [];
  let day = '';
  for (const line of lines) {
    const today = formatDate(line.at);
    if (today !== day) out.push('', `<b>${today}</b>`);
    day = today;
    out.push(describeLine(line));
  }
  return out;
}

function signed(label: string, amount: Decimal, m: (amount: Decimal) => string): string {
  if (amount.isZero()) return `${label}: even`;
  return amount.isPositive() ? `${label}: you are owed ${m(amount)}` : `${label}: you owe ${m(amount.neg())}`;
}

function describeLine(line: PassbookLine): string {
  // Clipped so that a page with the longest titles, descriptions and names still fits one message.
  const m = (amount: Decimal) => money(amount, line.currency);
  const group = escapeHtml(clipText(line.groupTitle, 40));
  const net = `net ${line.runningNet.isNegative() ? '−' : ''}${m(line.runningNet.abs())}`;
  const what = line.description
    ? escapeHtml(clipText(line.description, 80))
    : `expense #${line.expenseNumber}`;
  const paidBy = escapeHtml(clipText(line.paidBy, 40));
  switch (line.kind) {
    case 'EXPENSE_REVISED': {
      // A correction, as its own line: what the expense became, and what changed for this person.
      const change = line.delta.isZero()
        ? 'no change to you'
        : `${line.delta.isPositive() ? '+' : '−'}${m(line.delta.abs())} to you`;
      return `  ✏️ #${line.expenseNumber} ${what} corrected: now ${m(line.amount)}, ${change} · ${net} · ${group}`;
    }
    case 'EXPENSE': {
      const share = line.share.isZero() ? 'not sharing' : `your share ${m(line.share)}`;
      const day = line.spentOn && line.spentOn !== formatDate(line.at) ? ` (spent ${line.spentOn})` : '';
      const undone = line.undone ? ' · later undone' : '';
      return `  #${line.expenseNumber} ${what}${day}: ${paidBy} paid ${m(line.amount)}, ${share}${undone} · ${net} · ${group}`;
    }
    case 'EXPENSE_UNDONE':
      // The reversal of an expense: what comes back to this person, not a new charge.
      return `  ↩️ #${line.expenseNumber} ${what} undone: ${paidBy}'s ${m(line.amount)} reversed, ${line.delta.isNegative() ? '−' : '+'}${m(line.delta.abs())} to you · ${net} · ${group}`;
    case 'SETTLEMENT':
      return `  💸 P${line.settlementNumber} ${paidBy} paid ${escapeHtml(clipText(line.paidTo ?? '', 40))} ${m(line.amount)}${line.undone ? ' · later undone' : ''} · ${net} · ${group}`;
    case 'SETTLEMENT_UNDONE':
      return `  ↩️ P${line.settlementNumber} undone: ${paidBy} paid ${escapeHtml(clipText(line.paidTo ?? '', 40))} ${m(line.amount)}, reversed · ${net} · ${group}`;
  }
}
