// UPI pay links in /settleup, through the Bot API emulator: the link's format (URL-encoded, only for
// payees with a UPI id, only in rupee groups), the payer's Paid button recording the payment
// exactly once, which the payee can dispute as after /settle, and (with a public address) the pay
// button's signed https page that forwards to the upi:// link.
import { createServer } from 'node:net';
import type { Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/app.js';
import { newFlat, replyTo } from '../support/flat.js';

describe('UPI pay links in /settleup', () => {
  let h: TestBot;

  beforeAll(async () => {
    h = await startTestBot({ env: { ADMIN_IDS: '' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const text = (m: Message) => h.emulator.textOf(m);
  const setUpi = (user: User, upiId: string | null) =>
    h.db.prisma.user.update({ where: { telegramId: BigInt(user.id) }, data: { upiId } });
  const settlements = (chatId: number) =>
    h.db.prisma.settlement.findMany({ where: { group: { chatId: BigInt(chatId) } }, orderBy: { id: 'asc' } });

  function buttons(message: Message): { text: string; data: string }[] {
    const current = h.emulator
      .sent({ chatId: message.chat.id })
      .find((m) => m.message_id === message.message_id);
    return (current?.reply_markup?.inline_keyboard.flat() ?? []).flatMap((b) =>
      'callback_data' in b && b.callback_data ? [{ text: b.text, data: b.callback_data }] : [],
    );
  }

  it('shows a pay link to payees with a UPI id, and the payer’s Paid button records the payment once', async () => {
    const { group, asha, ravi, meera, kabir } = await newFlat(h, { usernames: false });
    // Meera Iyer (a name with a space) has a UPI id; Asha has none.
    await setUpi(meera, 'meera.iyer@okhdfcbank');
    await replyTo(h, meera, group, '/paid 900 equal me Asha Kabir dinner', /Recorded/);
    await replyTo(h, asha, group, '/paid 300 equal me Kabir cab', /Recorded/);
    const plan = await replyTo(h, ravi, group, '/settleup', /Settle up/);
    const shown = text(plan);
    expect(shown).toContain('Kabir pays Meera Iyer: ₹450.00');
    expect(shown).toContain(
      'UPI (tap to copy): upi://pay?pa=meera.iyer@okhdfcbank&pn=Meera%20Iyer&am=450.00&cu=INR&tn=Hisaab',
    );
    // Asha has no UPI id: her line has no link.
    expect(shown.match(/upi:\/\//g)).toHaveLength(
      shown.split('\n').filter((l) => /pays Meera/.test(l)).length,
    );
    expect(shown).toContain('press your Paid button');

    const kabirs = buttons(plan).find((b) => b.text.startsWith('Kabir: I paid Meera Iyer'));
    expect(kabirs?.text).toBe('Kabir: I paid Meera Iyer ₹450.00');
    expect(kabirs?.data).toMatch(new RegExp(`^upaid:\\d+:${kabir.id}$`));
    const data = kabirs?.data as string;

    // Only Kabir may press it.
    const stranger = h.emulator.pressButton(ravi, plan, data);
    const alert = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (call) => call.params.callback_query_id === stranger.callback_query?.id,
    );
    expect(alert.params.text).toBe('This button is for Kabir; only they can press it. Nothing was changed.');
    expect(await settlements(group.id)).toHaveLength(0);

    // Kabir taps twice (and Telegram might deliver a press twice): one payment.
    const recorded = h.emulator.waitFor((m) => m.chat.id === group.id && /\(UPI\)/.test(text(m)));
    const answered: string[] = [];
    const both = new Promise<void>((resolve) => {
      const ids = new Set<string>();
      const watch = () =>
        h.emulator
          .waitForCall(
            'answerCallbackQuery',
            (call) => ids.has(String(call.params.callback_query_id)),
            20_000,
          )
          .then((call) => {
            answered.push(String(call.params.text));
            if (answered.length === 2) resolve();
            else void watch();
          });
      void watch();
      for (const press of [
        h.emulator.pressButton(kabir, plan, data),
        h.emulator.pressButton(kabir, plan, data),
      ])
        ids.add(String(press.callback_query?.id));
    });
    const confirmation = await recorded;
    expect(text(confirmation)).toMatch(/^✅ Recorded P\d+: Kabir paid Meera Iyer ₹450\.00 \(UPI\)\./);
    expect(text(confirmation)).toContain('Meera Iyer: if this did not happen, press Not received.');
    await both;
    const id = /P(\d+)/.exec(text(confirmation))?.[1];
    expect(answered.sort()).toEqual([`Already recorded as payment P${id}.`, `Recorded payment P${id}.`]);
    const stored = await settlements(group.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.amount.toFixed(2)).toBe('450.00');
    expect(stored[0]?.note).toBe('UPI');
    expect(stored[0]?.sourceMessageId).toBeLessThan(0); // keyed by the offer, never a real message

    // Meera can say it did not happen, as after /settle.
    const told = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /says they did not receive it/.test(text(m)),
    );
    h.emulator.pressButton(meera, confirmation, buttons(confirmation)[0]?.data as string);
    expect(text(await told)).toMatch(/payment P\d+ \(₹450\.00\) is undone/);
    expect((await settlements(group.id))[0]?.deletedAt).not.toBeNull();
  });

  /** A button press answered with its callback text. */
  async function press(user: User, message: Message, data: string): Promise<string> {
    const update = h.emulator.pressButton(user, message, data);
    const call = await h.emulator.waitForCall(
      'answerCallbackQuery',
      (c) => c.params.callback_query_id === update.callback_query?.id,
      20_000,
    );
    return String(call.params.text);
  }
  const current = (message: Message) =>
    h.emulator.sent({ chatId: message.chat.id }).find((m) => m.message_id === message.message_id) as Message;

  it('marks a paid row on the plan, keeps the rest payable, and answers a second press "already recorded"', async () => {
    const { group, asha, kabir, meera } = await newFlat(h, { usernames: true });
    await setUpi(meera, 'meera@okhdfcbank');
    await replyTo(h, meera, group, '/paid 900 equal @meera_i @asha_k @kabir_r dinner', /Recorded/);
    const plan = await replyTo(h, kabir, group, '/settleup', /Settle up/);
    // Beside each pay link, a button that copies the payee's UPI id (for UPI on a desktop).
    const copy = current(plan)
      .reply_markup?.inline_keyboard.flat()
      .filter((b) => 'copy_text' in b);
    expect(copy?.map((b) => [b.text, (b as { copy_text: { text: string } }).copy_text.text])).toEqual([
      ['Copy UPI id meera@okhdfcbank', 'meera@okhdfcbank'],
      ['Copy UPI id meera@okhdfcbank', 'meera@okhdfcbank'],
    ]);
    const kabirs = buttons(plan).find((b) => b.text.startsWith('Kabir: I paid'))?.data as string;
    const ashas = buttons(plan).find((b) => b.text.startsWith('Asha: I paid'))?.data as string;
    const edited = h.emulator.waitFor(
      (m) => m.message_id === plan.message_id && /✅ Kabir paid Meera/.test(text(m)),
    );
    expect(await press(kabir, plan, kabirs)).toMatch(/^Recorded payment P\d+\.$/);
    expect(text(await edited)).toMatch(
      /^Settle up in 2 payments\nAsha pays Meera: ₹300\.00\n.*\n✅ Kabir paid Meera: ₹300\.00 \(P\d+\)\n/,
    );
    // Kabir's row now has no pay link or copy button; its Paid button says it is paid.
    expect(buttons(current(plan)).map((b) => b.text)).toEqual([
      'Asha: I paid Meera ₹300.00',
      '✅ Kabir paid Meera ₹300.00',
    ]);
    expect(await press(kabir, current(plan), kabirs)).toMatch(/^Already recorded as payment P\d+\.$/);
    // The rest of the plan is still right: Asha's button records her payment, and all are settled.
    expect(await press(asha, current(plan), ashas)).toMatch(/^Recorded payment P\d+\.$/);
    expect(await settlements(group.id)).toHaveLength(2);
    expect(text(await replyTo(h, asha, group, '/balances', /settled|Balances/))).toBe(
      'All settled: nobody owes anybody here.',
    );
  });

  it('records nothing from an old plan after a /settle or a new expense, and shows the current plan', async () => {
    const { group, asha, kabir, meera } = await newFlat(h, { usernames: true });
    await setUpi(meera, 'meera@okhdfcbank');
    await replyTo(h, meera, group, '/paid 900 equal @meera_i @asha_k @kabir_r dinner', /Recorded/);
    const plan = await replyTo(h, kabir, group, '/settleup', /Settle up/);
    const kabirs = buttons(plan).find((b) => b.text.startsWith('Kabir: I paid'))?.data as string;
    const ashas = buttons(plan).find((b) => b.text.startsWith('Asha: I paid'))?.data as string;

    // Kabir pays by /settle, then presses the old button: no second payment.
    await replyTo(h, kabir, group, '/settle @meera_i 300', /Recorded P\d+/);
    const fresh = h.emulator.waitFor((m) => m.chat.id === group.id && /out of date/.test(text(m)));
    expect(await press(kabir, plan, kabirs)).toBe('This plan is out of date: nothing was recorded.');
    const told = text(await fresh);
    expect(told).toContain(
      'This plan is out of date (the balances changed), so nothing was recorded: here is the new one.',
    );
    expect(told).toContain('Settle up in 1 payment');
    expect(told).toContain('Asha pays Meera: ₹300.00');
    expect(told).not.toContain('Kabir pays');
    expect(await settlements(group.id)).toHaveLength(1);

    // A new expense makes the new plan out of date too; Asha's old button records nothing.
    const newPlan = await fresh;
    await replyTo(h, asha, group, '/paid 100 equal @asha_k @meera_i chai', /Recorded/);
    const again = h.emulator.waitFor(
      (m) => m.chat.id === group.id && /out of date/.test(text(m)) && /₹250\.00/.test(text(m)),
    );
    expect(await press(asha, newPlan, buttons(newPlan)[0]?.data as string)).toBe(
      'This plan is out of date: nothing was recorded.',
    );
    expect(text(await again)).toContain('Asha pays Meera: ₹250.00');
    expect(await press(asha, plan, ashas)).toBe('This plan is out of date: nothing was recorded.');
    expect(await settlements(group.id)).toHaveLength(1);
    expect(text(await replyTo(h, asha, group, '/balance', /Your balances/))).toContain(
      'You owe Meera: ₹250.00',
    );
  });

  it('gives no pay links in a group that keeps another currency', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true, kabir: false });
    await setUpi(asha, 'asha@okaxis');
    await replyTo(h, asha, group, '/currency EUR', /now keeps/);
    await replyTo(h, asha, group, '/paid 100 equal @asha_k @ravi_m dinner', /Recorded/);
    const plan = text(await replyTo(h, ravi, group, '/settleup', /Settle up/));
    expect(plan).toContain('Ravi pays Asha: EUR 50.00');
    expect(plan).not.toContain('upi://');
  });
});

describe('the UPI pay button in webhook mode', () => {
  let h: TestBot;
  let base: string;

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    base = `http://127.0.0.1:${port}`;
    h = await startTestBot({
      env: {
        ADMIN_IDS: '',
        WEBHOOK_URL: `${base}/telegram/hook`,
        WEBHOOK_SECRET: 'secret-for-tests-only',
        PORT: String(port),
        HOST: '127.0.0.1',
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('opens the bot’s signed pay page, which forwards to the upi:// link and nothing else', async () => {
    const { group, asha, ravi } = await newFlat(h, { usernames: true, kabir: false });
    await h.db.prisma.user.update({ where: { telegramId: BigInt(asha.id) }, data: { upiId: 'asha@okaxis' } });
    await replyTo(h, asha, group, '/paid 1000 equal @asha_k @ravi_m rent', /Recorded/);
    const plan = await replyTo(h, ravi, group, '/settleup', /Settle up/);
    const current = h.emulator.sent({ chatId: group.id }).find((m) => m.message_id === plan.message_id);
    const pay = current?.reply_markup?.inline_keyboard.flat().find((b) => 'url' in b && b.url);
    expect(pay?.text).toBe('Pay Asha ₹500.00 by UPI');
    const url = (pay as { url: string }).url;
    expect(url).toMatch(
      new RegExp(
        `^${base}/upi/pay\\?pa=asha@okaxis&pn=Asha&am=500\\.00&cu=INR&tn=Hisaab&sig=[A-Za-z0-9_-]{43}$`,
      ),
    );
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(
      'content="0;url=upi://pay?pa=asha@okaxis&amp;pn=Asha&amp;am=500.00&amp;cu=INR&amp;tn=Hisaab"',
    );
    expect(html).toContain('Pay ₹500.00 to Asha with your UPI app');
    // A changed amount, or a link the bot did not sign, is not forwarded.
    expect((await fetch(url.replace('am=500.00', 'am=5000.00'))).status).toBe(404);
    expect((await fetch(`${base}/upi/pay?pa=evil@okaxis&pn=X&am=1.00&cu=INR&tn=Hisaab`)).status).toBe(404);
  });
});
