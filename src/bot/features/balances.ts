// /balances (everyone's debts in the group's view, then each person's net), /balance (the sender's
// own), /simplify (the group's view: pairwise, the default, or the fewest payments), /settleup (the
// fewest transfers that settle the group, kept as a plan tied to the balances it was computed from; a
// payment to someone with a UPI id carries a pay link, a copy button and a Paid button for the payer,
// see settle.ts).
import { Composer, InlineKeyboard } from 'grammy';
import type { StartPage } from '../../http/miniapp/start-page.js';
import { groupAppLink } from '../../http/miniapp/start-token.js';
import { type DebtView, Decimal } from '../../ledger/index.js';
import { groupBalances, planSettleUp, setDebtView } from '../../usecases/balances.js';
import type { Person } from '../../usecases/members.js';
import { type KeptPlan, offerSettleUp } from '../../usecases/settle-up-offers.js';
import { ownedButton } from '../buttons.js';
import type { BotContext } from '../context.js';
import { clipText, escapeHtml, money, moneyIn, nameBook, plainName } from '../format.js';
import { answer } from '../reply.js';
import { upiPageKey, upiPageUrl, upiPayLink } from '../upi.js';

export const balances = new Composer<BotContext>();
const inGroup = balances.chatType(['group', 'supergroup']);

inGroup.command('balances', async (ctx) => {
  const { debts, people, nets, view } = await groupBalances(ctx.services, { groupId: groupIdOf(ctx) });
  const keyboard = appButton(ctx);
  if (debts.length === 0) return answer(ctx, 'All settled: nobody owes anybody here.', { keyboard });
  const name = nameBook(people.values());
  const m = moneyIn(ctx);
  answer(
    ctx,
    [
      `<b>Balances</b> ${VIEW_HEADER[view]}`,
      ...debts.map((d) => `${name(d.debtor)} owes ${name(d.creditor)}: ${m(d.amount)}`),
      ...netLines(nets, name, m),
    ],
    { keyboard },
  );
});

/** What /balances' header says of the group's view (/simplify). */
export const VIEW_HEADER: Record<DebtView, string> = {
  pairwise: '(pairwise)',
  simplified: '(simplified: the fewest payments)',
};

// /simplify on|off: the group's view of its debts; /simplify alone says which it is.
inGroup.command('simplify', async (ctx) => {
  const word = ctx.match.trim().toLowerCase();
  if (word !== '' && word !== 'on' && word !== 'off') {
    return answer(
      ctx,
      'Send /simplify on to see the debts as the fewest payments, or /simplify off for pairwise ones.',
    );
  }
  const view = await setDebtView(ctx.services, {
    groupId: groupIdOf(ctx),
    ...(word === '' ? {} : { view: word === 'on' ? ('simplified' as const) : ('pairwise' as const) }),
  });
  answer(
    ctx,
    view === 'simplified'
      ? `${word === '' ? 'This group sees' : '✅ Done: this group now sees'} its debts simplified: the fewest payments that settle everyone, as /settleup proposes. /simplify off shows them pair by pair.`
      : `${word === '' ? 'This group sees' : '✅ Done: this group now sees'} its debts pair by pair (cycles of debts cancelled). /simplify on shows them as the fewest payments.`,
  );
});

/**
 * A link that opens the Mini App on this group (when PUBLIC_URL is set), on its front page or on
 * the page given (/summary opens the spending page on its month). A link button, not a web_app
 * one: Telegram allows web_app buttons only in private chats. The startapp token is a signed
 * reference to the group, not its chat id.
 */
export function appButton(ctx: BotContext, page?: StartPage): InlineKeyboard | undefined {
  const miniApp = ctx.services.config.miniApp;
  if (!miniApp) return undefined;
  return new InlineKeyboard().url(
    '📊 Open in the app',
    groupAppLink({
      botUsername: ctx.me.username,
      shortName: miniApp.shortName,
      botToken: ctx.services.config.botToken,
      groupId: groupIdOf(ctx),
      ...(page ? { page } : {}),
    }),
  );
}

const NETS_PER_LINE = 8;

/**
 * Each non-zero net, those owed first (largest first), then those who owe (largest first):
 * "Asha gets back ₹1,350.00 · Ravi owes ₹860.00", a few to a line so a large group still fits
 * Telegram's message limit.
 */
export function netLines(
  nets: ReadonlyMap<number, Decimal>,
  name: (id: number) => string,
  m: (amount: Decimal) => string = money,
): string[] {
  const sorted = [...nets]
    .filter(([, net]) => !net.isZero())
    .sort(([a, x], [b, y]) =>
      x.isPositive() !== y.isPositive() ? (x.isPositive() ? -1 : 1) : y.abs().comparedTo(x.abs()) || a - b,
    );
  const items = sorted.map(([id, net]) =>
    net.isPositive() ? `${name(id)} gets back ${m(net)}` : `${name(id)} owes ${m(net.neg())}`,
  );
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += NETS_PER_LINE)
    lines.push(items.slice(i, i + NETS_PER_LINE).join(' · '));
  return lines;
}

inGroup.command('balance', async (ctx) => {
  const me = ctx.sender?.id;
  if (me === undefined) return;
  const { debts, people, nets } = await groupBalances(ctx.services, { groupId: groupIdOf(ctx), userId: me });
  if (debts.length === 0) return answer(ctx, 'You are all settled here: you owe nobody and nobody owes you.');
  const name = nameBook(people.values());
  const net = nets.get(me) ?? new Decimal(0);
  const m = moneyIn(ctx);
  const summary = net.isZero()
    ? 'In all, you are even.'
    : net.isNegative()
      ? `In all, you owe ${m(net.neg())}.`
      : `In all, you are owed ${m(net)}.`;
  answer(ctx, [
    `<b>Your balances</b>, ${name(me)}`,
    ...debts.map((d) =>
      d.debtor === me
        ? `You owe ${name(d.creditor)}: ${m(d.amount)}`
        : `${name(d.debtor)} owes you: ${m(d.amount)}`,
    ),
    summary,
  ]);
});

inGroup.command('settleup', async (ctx) => {
  const groupId = groupIdOf(ctx);
  const plan = await currentPlan(ctx, groupId);
  if (!plan) return answer(ctx, 'All settled: nothing to pay.');
  const { lines, keyboard } = planMessage(ctx, plan.kept, plan.people);
  answer(ctx, lines, keyboard ? { keyboard } : {});
});

/**
 * The group's plan now, kept (tied to the balances' state it is computed from) with offers for
 * payees with a UPI id; null when nobody owes anybody.
 */
export async function currentPlan(
  ctx: BotContext,
  groupId: number,
): Promise<{ kept: KeptPlan; people: Map<number, Person> } | null> {
  const { transfers, people, state } = await planSettleUp(ctx.services, { groupId });
  if (transfers.length === 0) return null;
  // UPI is for rupees: pay links (and their Paid buttons) only in groups that keep INR.
  const upi = (ctx.groupCurrency ?? 'INR') === 'INR';
  const kept = await offerSettleUp(ctx.services, { groupId, transfers, state, upi });
  return { kept, people };
}

/**
 * A plan's message: each payment (✅ once its Paid button recorded it), the pay link of each payee
 * with a UPI id, and per such payment a pay button (with a public address), a button that copies the
 * UPI id (Telegram's copy_text: UPI apps on a desktop have no upi:// handler) and the payer's Paid
 * button, which stays (marked paid) so a second press is answered "already recorded".
 */
export function planMessage(
  ctx: BotContext,
  plan: KeptPlan,
  people: Map<number, Person>,
): { lines: string[]; keyboard: InlineKeyboard | undefined } {
  const name = nameBook(people.values());
  const m = moneyIn(ctx);
  const offerOf = new Map(plan.offers.map((o) => [`${o.transfer.from}:${o.transfer.to}`, o]));
  const site = publicSite(ctx);
  const keyboard = new InlineKeyboard();
  const lines = [
    `<b>Settle up in ${plan.transfers.length} ${plan.transfers.length === 1 ? 'payment' : 'payments'}</b>`,
  ];
  for (const t of plan.transfers) {
    const offer = offerOf.get(`${t.from}:${t.to}`);
    const payer = people.get(t.from);
    const payee = people.get(t.to);
    if (offer?.settlementId) {
      lines.push(
        `✅ ${name(t.from)} paid ${name(t.to)}: ${m(t.amount)} (P${offer.paymentNumber ?? offer.settlementId})`,
      );
    } else lines.push(`${name(t.from)} pays ${name(t.to)}: ${m(t.amount)}`);
    if (!offer || !payer || !payee) continue;
    const upi = { upiId: offer.upiId, name: plainName(payee) };
    if (!offer.settlementId) {
      lines.push(`  UPI (tap to copy): <code>${escapeHtml(upiPayLink(upi, t.amount))}</code>`);
      if (site) {
        const url = upiPageUrl(site, upiPageKey(ctx.services.config.botToken), upi, t.amount);
        keyboard.url(clipText(`Pay ${plainName(payee)} ${m(t.amount)} by UPI`, 60), url).row();
      }
      keyboard.copyText(clipText(`Copy UPI id ${offer.upiId}`, 60), offer.upiId).row();
    }
    const label = offer.settlementId
      ? `✅ ${plainName(payer)} paid ${plainName(payee)} ${m(t.amount)}`
      : `${plainName(payer)}: I paid ${plainName(payee)} ${m(t.amount)}`;
    keyboard.text(clipText(label, 60), ownedButton('upaid', offer.id, payer.telegramId)).row();
  }
  lines.push(
    plan.offers.length > 0
      ? 'After paying by UPI, press your Paid button; otherwise record it with /settle @name amount.'
      : 'After paying, record it with /settle @name amount.',
  );
  return { lines, keyboard: plan.offers.length > 0 ? keyboard : undefined };
}

/** The bot's public address (PUBLIC_URL, else in webhook mode WEBHOOK_URL's): pay buttons need https. */
function publicSite(ctx: BotContext): string | undefined {
  const config = ctx.services.config;
  if (config.miniApp) return config.miniApp.url.replace(/\/app$/, '');
  return config.webhook ? new URL(config.webhook.url).origin : undefined;
}

for (const command of [
  'balances',
  'balance',
  'settleup',
  'settle',
  'simplify',
  'expenses',
  'undo',
] as const) {
  balances
    .chatType('private')
    .command(command, (ctx) =>
      answer(ctx, `/${command} works in a group: send it in the group whose ledger you mean.`),
    );
}

export function groupIdOf(ctx: BotContext): number {
  if (ctx.groupId === undefined) throw new Error('group handler ran before the members middleware');
  return ctx.groupId;
}
