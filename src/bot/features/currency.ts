// /currency (the group's own currency: shown, or set while nothing is recorded) and /rate (the
// group's rates for other currencies: listed with who set each and when, or set). Amounts typed in
// another currency (/paid 45 USD ...) are converted at the group's rate unless one is typed.
import { Composer } from 'grammy';
import { parseCurrency, parseRateCommand } from '../../commands/index.js';
import { formatRate } from '../../ledger/index.js';
import { listRates, setGroupCurrency, setRate } from '../../usecases/currency.js';
import type { BotContext } from '../context.js';
import { formatDate, nameBook } from '../format.js';
import { answer, commandInput } from '../reply.js';
import { groupIdOf } from './balances.js';

export const currency = new Composer<BotContext>();
const inGroup = currency.chatType(['group', 'supergroup']);

inGroup.command('currency', async (ctx) => {
  const wanted = parseCurrency(commandInput(ctx)).currency;
  const groupId = groupIdOf(ctx);
  if (wanted === undefined) {
    const { currency: code } = await listRates(ctx.services, { groupId });
    answer(
      ctx,
      `This group keeps its accounts in ${code}. Amounts in other currencies are converted: /rate lists the rates.`,
    );
    return;
  }
  const result = await setGroupCurrency(ctx.services, { groupId, currency: wanted });
  // Every instance reads the group's currency through its cache: this one forgets it now.
  ctx.services.members.forgetChats([ctx.chat.id]);
  answer(
    ctx,
    result.changed
      ? `✅ This group now keeps its accounts in ${wanted} (was ${result.previous}); its rates were cleared, since they were in ${result.previous}.`
      : `This group already keeps its accounts in ${wanted}.`,
  );
});

inGroup.command('rate', async (ctx) => {
  const intent = parseRateCommand(commandInput(ctx));
  const groupId = groupIdOf(ctx);
  const me = ctx.sender;
  if (intent.currency !== undefined && intent.rate !== undefined && me) {
    const set = await setRate(ctx.services, {
      groupId,
      currency: intent.currency,
      rate: intent.rate,
      setById: me.id,
    });
    ctx.recorded = `the rate for ${intent.currency}`;
    const was = set.previous ? ` (was ${formatRate(set.previous)})` : '';
    answer(
      ctx,
      `✅ 1 ${intent.currency} = ${formatRate(intent.rate)} ${set.groupCurrency}${was} from now on; expenses already recorded keep their rate.`,
    );
    return;
  }
  const { currency: own, rates } = await listRates(ctx.services, { groupId });
  const shown = intent.currency === undefined ? rates : rates.filter((r) => r.currency === intent.currency);
  if (shown.length === 0) {
    const code = intent.currency ?? 'USD';
    answer(
      ctx,
      `${intent.currency ? `No rate for ${intent.currency} yet` : 'No rates yet'}; set one with /rate ${code} 83.20 (${own} per ${code}), or give it in the expense, like /paid 45 ${code} @ 83.20 ...`,
    );
    return;
  }
  const name = nameBook(shown.map((r) => r.setBy));
  answer(ctx, [
    `<b>Rates</b> for this group (its currency is ${own})`,
    ...shown.map(
      (r) =>
        `1 ${r.currency} = ${formatRate(r.rate)} ${own}, set by ${name(r.setBy.id)} on ${formatDate(r.setAt)}`,
    ),
  ]);
});

currency
  .chatType('private')
  .command(['currency', 'rate'], (ctx) =>
    answer(ctx, 'Currencies and rates belong to a group: send /currency or /rate there.'),
  );
