// /settle @person [amount] [note]: the sender paid someone. /received @person [amount] [note]: that
// person paid the sender. Both record at once (the whole debt when no amount is given, and any
// amount, even more than is owed: people pay ahead); the reply says where the pair now stands, and
// the other person gets a button, theirs alone, to say it did not happen ("Not received" /
// "Not paid"), which undoes it, keeps it in history and tells both.
import { Composer, InlineKeyboard } from 'grammy';
import { commandName, parseReceived, parseSettle } from '../../commands/index.js';
import { Decimal } from '../../ledger/index.js';
import { groupBalances } from '../../usecases/balances.js';
import type { Person } from '../../usecases/members.js';
import { recordSettlement } from '../../usecases/record-settlement.js';
import { keptPlan, payOffer } from '../../usecases/settle-up-offers.js';
import { disputeSettlement } from '../../usecases/undo-settlement.js';
import { mention, ownedButton, pressedByOwner } from '../buttons.js';
import type { BotContext } from '../context.js';
import { clipText, escapeHtml, money, moneyIn, nameBook } from '../format.js';
import { answer, commandInput, editAnswer } from '../reply.js';
import { currentPlan, groupIdOf, planMessage } from './balances.js';
import { telegramGroup } from './members.js';

export const settle = new Composer<BotContext>();
const inGroup = settle.chatType(['group', 'supergroup']);

/** How much of a note the confirmation shows (the whole note is stored). */
const NOTE_SHOWN = 120;

inGroup.command(['settle', 'received'], async (ctx) => {
  const input = commandInput(ctx);
  const received = commandName(input.text, input.entities, input.botUsername)?.name === 'received';
  const intent = received ? parseReceived(input) : parseSettle(input);
  const me = ctx.sender;
  if (!me) return;
  const [other] = await ctx.services.members.resolve(telegramGroup(ctx.chat), [intent.person]);
  if (!other) return;
  const [from, to] = received ? [other, me] : [me, other];
  const result = await recordSettlement(ctx.services, {
    groupId: groupIdOf(ctx),
    from,
    to,
    amount: intent.amount,
    recordedById: me.id,
    source: { chatId: ctx.chat.id, messageId: ctx.msg.message_id },
    note: intent.note,
  });
  ctx.recorded = `the payment P${result.number}`;
  const name = nameBook([from, to]);
  const m = moneyIn(ctx);
  // What the sender owes the other person now (negative: the other way round).
  const iOwe = received ? result.owedAfter.neg() : result.owedAfter;
  const standing = standingForMe(iOwe, name(other.id), m);
  const note = intent.note ? ` (${escapeHtml(clipText(intent.note, NOTE_SHOWN))})` : '';
  const headline = `${result.created ? '✅ Recorded' : 'ℹ️ Already recorded'} <b>P${result.number}</b>: ${name(from.id)} paid ${name(to.id)} ${m(result.amount)}${note}.`;
  const button = received ? 'Not paid' : 'Not received';
  const ask = `${mention(other.telegramId, name(other.id))}: if this did not happen, press ${button}.`;
  const keyboard = new InlineKeyboard().text(button, ownedButton('dispute', result.id, other.telegramId));
  answer(ctx, [headline, standing, ask], {
    keyboard,
    summary: { line: `${headline} ${standing}` },
  });
});

/** The pair's standing said to the sender: "Asha now owes you ₹89,900.00". */
function standingForMe(iOwe: Decimal, other: string, m: (amount: Decimal) => string): string {
  if (iOwe.isZero()) return `You and ${other} are now even.`;
  return iOwe.isPositive() ? `You now owe ${other} ${m(iOwe)}.` : `${other} now owes you ${m(iOwe.neg())}.`;
}

/** The pair's standing said to the group: "Asha owes Ravi ₹500.00" (from's side first). */
export function pairStanding(
  owed: Decimal,
  from: string,
  to: string,
  m: (amount: Decimal) => string = money,
): string {
  if (owed.isZero()) return `${from} and ${to} are now even.`;
  return owed.isPositive()
    ? `${from} now owes ${to} ${m(owed)}.`
    : `${to} now owes ${from} ${m(owed.neg())}.`;
}

inGroup.callbackQuery(/^dispute:(\d+):(\d+)$/, async (ctx) => {
  const [, id, owner] = ctx.match;
  if (!(await pressedByOwner(ctx, owner as string))) return;
  const sender = ctx.sender;
  if (!sender) return;
  const undone = await disputeSettlement(ctx.services, {
    groupId: groupIdOf(ctx),
    requesterId: sender.id,
    settlementId: Number(id),
  });
  ctx.recorded = `that payment P${undone.number} did not happen`;
  const name = nameBook([undone.from, undone.to]);
  const m = moneyIn(ctx);
  const said = undone.recordedById === undone.to.id ? 'did not pay it' : 'did not receive it';
  const teller = (p: Person) => mention(p.telegramId, name(p.id));
  editAnswer(
    ctx,
    `<s>P${undone.number}: ${name(undone.from.id)} paid ${name(undone.to.id)} ${m(undone.amount)}.</s> Undone: ${name(sender.id)} ${said}.`,
  );
  answer(ctx, [
    `↩️ ${teller(undone.from)}, ${teller(undone.to)}: ${name(sender.id)} says they ${said}, so payment <b>P${undone.number}</b> (${m(undone.amount)}) is undone. It stays in /expenses all.`,
    pairStanding(undone.owedAfter, name(undone.from.id), name(undone.to.id), m),
  ]);
  await ctx.answerCallbackQuery({ text: `Payment P${undone.number} undone.` });
});

// The payer's "Paid" button under a /settleup pay link: records that payment once, while the plan is
// still right (see usecases/settle-up-offers.ts). A recorded row is marked paid on the plan message,
// and the payee gets the same Not received button as after /settle; an out-of-date plan records
// nothing and the current plan is posted instead.
inGroup.callbackQuery(/^upaid:(\d+):(\d+)$/, async (ctx) => {
  const [, id, owner] = ctx.match;
  if (!(await pressedByOwner(ctx, owner as string))) return;
  const sender = ctx.sender;
  if (!sender) return;
  const groupId = groupIdOf(ctx);
  const paid = await payOffer(ctx.services, {
    groupId,
    offerId: Number(id),
    payerId: sender.id,
    chatId: ctx.chat.id,
  });
  if (paid.outcome === 'stale') return answerStale(ctx, groupId);
  ctx.recorded = `the payment P${paid.number}`;
  if (paid.outcome === 'already') {
    await ctx.answerCallbackQuery({ text: `Already recorded as payment P${paid.number}.` });
    return;
  }
  if (paid.planId !== null) await markPlanPaid(ctx, groupId, paid.planId);
  const name = nameBook([paid.from, paid.to]);
  const m = moneyIn(ctx);
  const headline = `✅ Recorded <b>P${paid.number}</b>: ${name(paid.from.id)} paid ${name(paid.to.id)} ${m(paid.amount)} (UPI).`;
  const ask = `${mention(paid.to.telegramId, name(paid.to.id))}: if this did not happen, press Not received.`;
  const standing = await payerStanding(ctx, groupId, paid.from);
  answer(ctx, [headline, ...standing, ask], {
    keyboard: new InlineKeyboard().text('Not received', ownedButton('dispute', paid.id, paid.to.telegramId)),
    summary: { line: headline },
  });
  await ctx.answerCallbackQuery({ text: `Recorded payment P${paid.number}.` });
});

/** A press on a plan whose balances have changed since: nothing recorded, the current plan posted. */
async function answerStale(ctx: BotContext, groupId: number): Promise<void> {
  await ctx.answerCallbackQuery({ text: 'This plan is out of date: nothing was recorded.' });
  const plan = await currentPlan(ctx, groupId);
  if (!plan)
    return answer(ctx, 'This plan is out of date, and nothing was recorded: everyone is settled now.');
  const { lines, keyboard } = planMessage(ctx, plan.kept, plan.people);
  answer(
    ctx,
    [
      'This plan is out of date (the balances changed), so nothing was recorded: here is the new one.',
      ...lines,
    ],
    keyboard ? { keyboard } : {},
  );
}

/** The plan message the button was on, again, with the paid row marked. */
async function markPlanPaid(ctx: BotContext, groupId: number, planId: number): Promise<void> {
  const kept = await keptPlan(ctx.services, { groupId, planId });
  if (!kept) return;
  const { lines, keyboard } = planMessage(ctx, kept, kept.people);
  editAnswer(ctx, lines.join('\n'), keyboard ? { keyboard } : {});
}

/**
 * Where the payer stands after paying a plan's row, in the group's view: their debts as /balances
 * shows them and their net ("Kabir is now even in the group").
 */
async function payerStanding(ctx: BotContext, groupId: number, payer: Person): Promise<string[]> {
  const { debts, nets, people } = await groupBalances(ctx.services, { groupId, userId: payer.id });
  const name = nameBook([payer, ...people.values()]);
  const m = moneyIn(ctx);
  const net = nets.get(payer.id) ?? new Decimal(0);
  const overall = net.isZero()
    ? `${name(payer.id)} is now even in the group.`
    : net.isNegative()
      ? `${name(payer.id)} still owes ${m(net.neg())} in all.`
      : `${name(payer.id)} now gets back ${m(net)} in all.`;
  return [...debts.map((d) => `${name(d.debtor)} owes ${name(d.creditor)}: ${m(d.amount)}`), overall];
}
