// /balances (everyone's netted pairwise balances, cycles of debts cancelled, then each person's net),
// /balance (the sender's own), /settleup (the fewest transfers that settle the group; a payment to
// someone with a UPI id carries a pay link and a Paid button for the payer, see settle.ts).
import { Composer, InlineKeyboard } from 'grammy';
import type { StartPage } from '../../http/miniapp/start-page.js';
import { groupAppLink } from '../../http/miniapp/start-token.js';
import { Decimal } from '../../ledger/index.js';
import { groupBalances, planSettleUp } from '../../usecases/balances.js';
import { offerSettleUp } from '../../usecases/settle-up-offers.js';
import { ownedButton } from '../buttons.js';
import type { BotContext } from '../context.js';
import { clipText, escapeHtml, money, moneyIn, nameBook, plainName } from '../format.js';
import { answer } from '../reply.js';
import { upiPageKey, upiPageUrl, upiPayLink } from '../upi.js';

export const balances = new Composer<BotContext>();
const inGroup = balances.chatType(['group', 'supergroup']);

inGroup.command('balances', async (ctx) => {
  const { debts, people, nets } = await groupBalances(ctx.services, { groupId: groupIdOf(ctx) });
  const keyboard = appButton(ctx);
  if (debts.length === 0) return answer(ctx, 'All settled: nobody owes anybody here.', { keyboard });
  const name = nameBook(people.values());
  const m = moneyIn(ctx);
  answer(
    ctx,
    [
      '<b>Balances</b>',
      ...debts.map((d) => `${name(d.debtor)} owes ${name(d.creditor)}: ${m(d.amount)}`),
      ...netLines(nets, name, m),
    ],
    { keyboard },
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
  const { transfers, people } = await planSettleUp(ctx.services, { groupId });
  if (transfers.length === 0) return answer(ctx, 'All settled: nothing to pay.');
  const name = nameBook(people.values());
  const m = moneyIn(ctx);
  // UPI is for rupees: pay links (and their Paid buttons) only in groups that keep INR.
  const offers =
    (ctx.groupCurrency ?? 'INR') === 'INR' ? await offerSettleUp(ctx.services, { groupId, transfers }) : [];
  const offerOf = new Map(offers.map((o) => [o.transfer, o]));
  // With a public address (PUBLIC_URL, else in webhook mode WEBHOOK_URL's), each link is also a button that opens
  // the bot's signed pay page (src/http/upi.ts), since Telegram's URL buttons take only https.
  const config = ctx.services.config;
  const site = config.miniApp
    ? config.miniApp.url.replace(/\/app$/, '')
    : config.webhook
      ? new URL(config.webhook.url).origin
      : undefined;
  const keyboard = new InlineKeyboard();
  for (const offer of offers) {
    const { from, to, amount } = offer.transfer;
    const payer = people.get(from);
    const payee = people.get(to);
    if (!payer || !payee) continue;
    if (site) {
      const url = upiPageUrl(
        site,
        upiPageKey(config.botToken),
        { upiId: offer.upiId, name: plainName(payee) },
        amount,
      );
      keyboard.url(clipText(`Pay ${plainName(payee)} ${m(amount)} by UPI`, 60), url).row();
    }
    const label = `${plainName(payer)}: I paid ${plainName(payee)} ${m(amount)}`;
    keyboard.text(clipText(label, 60), ownedButton('upaid', offer.id, payer.telegramId)).row();
  }
  answer(
    ctx,
    [
      `<b>Settle up in ${transfers.length} ${transfers.length === 1 ? 'payment' : 'payments'}</b>`,
      ...transfers.flatMap((t) => {
        const line = `${name(t.from)} pays ${name(t.to)}: ${m(t.amount)}`;
        const offer = offerOf.get(t);
        const payee = people.get(t.to);
        if (!offer || !payee) return [line];
        const link = upiPayLink({ upiId: offer.upiId, name: plainName(payee) }, t.amount);
        return [line, `  UPI (tap to copy): <code>${escapeHtml(link)}</code>`];
      }),
      offers.length > 0
        ? 'After paying by UPI, press your Paid button; otherwise record it with /settle @name amount.'
        : 'After paying, record it with /settle @name amount.',
    ],
    offers.length > 0 ? { keyboard } : {},
  );
});

for (const command of ['balances', 'balance', 'settleup', 'settle', 'expenses', 'undo'] as const) {
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
