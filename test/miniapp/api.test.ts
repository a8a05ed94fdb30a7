// The Mini App's API against the real bot and database: data recorded through the chat, initData
// signed as Telegram signs it (the emulator). A member sees what /balances and /settleup say; forged,
// expired or another bot's initData is 401; someone not in the group now is 403; a passbook is only
// ever its owner's; the buttons appear only with PUBLIC_URL, and web_app ones only in private chats.
import type { Message, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CategoriesView,
  ExpenseListView,
  ExpenseView,
  OverviewView,
  PassbookView,
  SessionView,
  SpendingView,
} from '../../src/http/miniapp/api-types.js';
import { CONTENT_SECURITY_POLICY } from '../../src/http/miniapp/assets.js';
import { startPageOf } from '../../src/http/miniapp/start-page.js';
import { groupFromStartToken, groupStartToken } from '../../src/http/miniapp/start-token.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/app.js';
import { type Flat, idOfNumber, newFlat, replyTo } from '../support/flat.js';

describe('the Mini App API', () => {
  let h: TestBot;
  let flat: Flat;
  let base: string;
  let token: string;
  let balancesReply: Message;

  const get = (path: string, initData?: string) =>
    fetch(`${base}/app/api/${path}`, initData ? { headers: { authorization: `tma ${initData}` } } : {});
  const as = (user: User, startParam: string | null = token) =>
    h.emulator.webAppInitData(user, startParam ? { startParam } : {});
  const json = async <T>(path: string, initData: string): Promise<T> => {
    const response = await get(path, initData);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    h = await startTestBot({
      env: { PUBLIC_URL: 'https://hisaab.example.com/', MINIAPP_SHORT_NAME: 'ledger' },
    });
    base = h.app.http?.url ?? '';
    flat = await newFlat(h, { usernames: true });
    const { group, asha, ravi, meera } = flat;
    await replyTo(
      h,
      asha,
      group,
      '/paid 1000 equal @asha_k @ravi_m @meera_i @kabir_r electricity bill',
      /Recorded #/,
    );
    await replyTo(h, asha, group, '/paid 1250 exact @ravi_m 370 @meera_i 880 flipkart sale', /Recorded #/);
    await replyTo(
      h,
      ravi,
      group,
      '/paid 1200 percent @asha_k 40 @ravi_m 20 @meera_i 20 @kabir_r 20 dinner out',
      /Recorded #/,
    );
    await replyTo(
      h,
      meera,
      group,
      '/paid 300 yesterday equal @meera_i @asha_k chai and snacks',
      /Recorded #/,
    );
    balancesReply = await replyTo(h, ravi, group, '/balances', /Balances/);
    const groupRow = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(group.id) } });
    token = groupStartToken(TEST_TOKEN, groupRow.id);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('puts a link to the app on /balances, with a signed token that is not the chat id', () => {
    const button = balancesReply.reply_markup?.inline_keyboard.flat()[0];
    expect(button && 'url' in button ? button.url : '').toMatch(
      /^https:\/\/t\.me\/HisaabTestBot\/ledger\?startapp=g[0-9a-z]+_[A-Za-z0-9_-]{22}$/,
    );
    const sent = new URL((button as { url: string }).url).searchParams.get('startapp') ?? '';
    expect(sent).toBe(token);
    expect(sent).not.toContain(String(Math.abs(flat.group.id)));
    expect(sent.length).toBeLessThanOrEqual(64);
    expect(groupFromStartToken(TEST_TOKEN, sent)).not.toBeNull();
    expect(groupFromStartToken('999:another-bot-token-entirely', sent)).toBeNull();
    expect(groupFromStartToken(TEST_TOKEN, sent.replace(/^g[0-9a-z]+/, 'g2'))).toBeNull();
  });

  it('shows a member the balances /balances shows, and the /settleup plan', async () => {
    const overview = await json<OverviewView>('overview', as(flat.kabir));
    const chat = h.emulator.textOf(balancesReply).split('\n');
    expect(overview.debts.map((d) => d.line)).toEqual(chat.slice(1, 1 + overview.debts.length));
    expect(overview.netLines).toEqual(chat.slice(1 + overview.debts.length));
    const plan = await replyTo(h, flat.asha, flat.group, '/settleup', /Settle up/);
    expect(overview.plan.map((t) => t.line)).toEqual(h.emulator.textOf(plan).split('\n').slice(1, -1));
    expect(overview.spent).toEqual({ count: 4, total: { amount: '3750.00', text: '₹3,750.00' } });
    const session = await json<SessionView>('session', as(flat.kabir));
    expect(session.group?.title).toBe('Flat');
    expect(session.group?.members.map((m) => m.name)).toEqual(['Asha', 'Kabir', 'Meera', 'Ravi']);
  });

  it('sums spending by month and by person in the database', async () => {
    const spending = await json<SpendingView>('spending', as(flat.asha));
    expect(spending.total.amount).toBe('3750.00');
    expect(spending.months.reduce((n, m) => n + m.count, 0)).toBe(4);
    const asha = spending.people.find((p) => p.name === 'Asha');
    expect(asha?.paid.amount).toBe('2250.00');
    expect(asha?.share.amount).toBe('880.00'); // 250 + 480 + 150
    // By category in all, with the labels of /summary and the confirmation buttons.
    expect(spending.categories.month).toBeNull();
    expect(spending.categories.rows.map((c) => [c.label, c.count, c.total.text, c.percent])).toEqual([
      ['🍽 Eating out', 2, '₹1,500.00', '40%'],
      ['🛍 Shopping', 1, '₹1,250.00', '33%'],
      ['💡 Electricity', 1, '₹1,000.00', '27%'],
    ]);
  });

  it('searches and filters expenses, page by page, and shows one in full', async () => {
    const ravi = await h.db.prisma.user.findFirstOrThrow({ where: { username: 'ravi_m' } });
    const all = await json<ExpenseListView>('expenses', as(flat.meera));
    expect(all.count).toBe(4);
    expect(all.items.map((e) => e.description)).toEqual([
      'chai and snacks',
      'dinner out',
      'flipkart sale',
      'electricity bill',
    ]);
    const words = await json<ExpenseListView>('expenses?q=SALE', as(flat.meera));
    expect(words.items.map((e) => e.description)).toEqual(['flipkart sale']);
    const literal = await json<ExpenseListView>(`expenses?q=${encodeURIComponent('%')}`, as(flat.meera));
    expect(literal.count).toBe(0);
    const byPayer = await json<ExpenseListView>(`expenses?payer=${ravi.id}`, as(flat.meera));
    expect(byPayer.items.map((e) => e.description)).toEqual(['dinner out']);
    const kabir = await h.db.prisma.user.findFirstOrThrow({ where: { username: 'kabir_r' } });
    const sharedByKabir = await json<ExpenseListView>(`expenses?person=${kabir.id}`, as(flat.meera));
    expect(sharedByKabir.items.map((e) => e.description)).toEqual(['dinner out', 'electricity bill']);
    expect(sharedByKabir.total.amount).toBe('2200.00');
    const older = await json<ExpenseListView>(`expenses?before=${all.items[1]?.id}`, as(flat.meera));
    expect(older.items.map((e) => e.description)).toEqual(['flipkart sale', 'electricity bill']);
    // What people read is the group's number (#1 …), as in the chat; the API goes by id.
    expect(all.items.map((e) => e.number)).toEqual([4, 3, 2, 1]);
    const id = all.items[2]?.id;
    const detail = await json<ExpenseView>(`expense/${id}`, as(flat.meera));
    expect(detail.number).toBe(2);
    expect(detail.split).toBe('by exact amounts');
    expect(detail.shares.map((s) => [s.person.name, s.share.text])).toEqual([
      ['Meera', '₹880.00'],
      ['Ravi', '₹370.00'],
    ]);
    expect((await get('expenses?from=yesterday', as(flat.meera))).status).toBe(400);
  });

  it('refuses forged, altered, expired and other-bot initData with 401', async () => {
    const good = as(flat.asha);
    expect((await get('overview', good)).status).toBe(200);
    expect((await get('overview')).status).toBe(401);
    const altered = good.replace(encodeURIComponent('"Asha"'), encodeURIComponent('"Ravi"'));
    expect(altered).not.toBe(good);
    expect((await get('overview', altered)).status).toBe(401);
    const other = h.emulator.webAppInitData(flat.asha, {
      startParam: token,
      token: '987654:ANOTHER-bots-token-xxxxxxxxxx',
    });
    expect((await get('overview', other)).status).toBe(401);
    const old = h.emulator.webAppInitData(flat.asha, {
      startParam: token,
      authDate: new Date(Date.now() - 61 * 60_000),
    });
    const expired = await get('overview', old);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: string }).error).toMatch(/more than an hour ago/);
    expect((await get('passbook', old)).status).toBe(401);
  });

  it('refuses with 403 someone not in the group, someone who left, and a token for no group', async () => {
    const stranger = h.emulator.createUser({ firstName: 'Stranger', username: 'stranger' });
    const elsewhere = h.emulator.createGroup({ title: 'Other flat', members: [stranger] });
    await replyTo(h, stranger, elsewhere, '/start', /Hello Stranger/);
    const refused = await get('overview', as(stranger));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/not a member/);
    for (const path of ['session', 'spending', 'categories', 'expenses', 'expense/1'])
      expect((await get(path, as(stranger))).status).toBe(403);
    // A token for the stranger's own group does not open expenses of this one.
    const otherGroup = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(elsewhere.id) } });
    const own = as(stranger, groupStartToken(TEST_TOKEN, otherGroup.id));
    const firstExpense = await h.db.prisma.expense.findFirstOrThrow({
      where: { group: { chatId: BigInt(flat.group.id) } },
    });
    expect((await get(`expense/${firstExpense.id}`, own)).status).toBe(404);
    expect((await get('overview', as(flat.asha, 'gforged_AAAAAAAAAAAAAAAAAAAAAA'))).status).toBe(403);
    expect((await get('overview', as(flat.asha, null))).status).toBe(403);
    // Someone who leaves loses access at once.
    const leaver = h.emulator.createUser({ firstName: 'Leela', username: 'leela' });
    h.emulator.addMember(flat.group, leaver);
    await replyTo(h, leaver, flat.group, '/start', /Hello Leela/);
    expect((await get('overview', as(leaver))).status).toBe(200);
    h.emulator.removeMember(flat.group, leaver);
    await expect.poll(async () => (await get('overview', as(leaver))).status).toBe(403);
  });

  it('shows a passbook only to its owner, whoever asks and however', async () => {
    const mine = await json<PassbookView>('passbook', as(flat.ravi, null));
    const ashas = await json<PassbookView>('passbook', as(flat.asha, null));
    expect(mine.net.amount).not.toBe(ashas.net.amount);
    const ravi = await h.db.prisma.user.findFirstOrThrow({ where: { username: 'ravi_m' } });
    expect(mine.net.amount).toBe(ravi.net.toFixed(2));
    expect(mine.series.at(-1)?.net).toBe(ravi.net.toFixed(2));
    // Nothing in the request can name someone else's passbook.
    const asking = await json<PassbookView>(`passbook?user=${ravi.id}`, as(flat.asha));
    expect(asking.net.amount).toBe(ashas.net.amount);
    const session = await json<SessionView>('session', as(flat.ravi, null));
    expect(session.group).toBeNull();
  });

  it('offers a web_app button on /passbook in the private chat', async () => {
    h.emulator.sendText(flat.ravi, 'private', '/start');
    const reply = await replyTo(h, flat.ravi, 'private', '/passbook', /Your passbook/);
    const buttons = reply.reply_markup?.inline_keyboard.flat() ?? [];
    expect(buttons).toContainEqual({
      text: '📈 My running net',
      web_app: { url: 'https://hisaab.example.com/app' },
    });
  });

  it('serves the page with a strict Content-Security-Policy and no inline script or style', async () => {
    const page = await fetch(`${base}/app`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*\s*;/);
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    const script = /src="([^"]+)"/.exec(html)?.[1] ?? '';
    const asset = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${base}/app/nothing.js`)).status).toBe(404);
  });

  it("adds spending up by category as /summary does for the same month, and /summary's button opens it", async () => {
    // Last, as it adds a second flat whose people have the first one's usernames.
    const october = await newFlat(h, { usernames: true, kabir: false });
    const { group, asha, ravi, meera } = october;
    const paid = async (from: User, line: string) =>
      Number(/#(\d+)/.exec(h.emulator.textOf(await replyTo(h, from, group, line, /Recorded #\d+/)))?.[1]);
    await paid(asha, '/paid 30000 2026-10-01 equal @ravi_m @meera_i me rent');
    await paid(ravi, '/paid 1200 2026-10-05 @asha_k @meera_i me sabzi');
    await paid(meera, '/paid 900 2026-10-20 @asha_k @ravi_m me dinner');
    await paid(asha, '/paid 333 2026-10-22 @ravi_m me chai');
    await paid(meera, '/paid 100 2026-10-26 @asha_k me odds and ends'); // guessed: other
    // Recorded before categories existed: no category, counted as other.
    const legacy = await paid(meera, '/paid 250 2026-10-25 @asha_k me bulbs');
    await h.db.prisma.expense.update({
      where: { id: await idOfNumber(h, group, legacy) },
      data: { category: null },
    });
    // Undone: not counted.
    const swiggy = await paid(ravi, '/paid 450 2026-10-21 @asha_k me swiggy');
    const question = await replyTo(h, ravi, group, `/undo ${swiggy}`, /Undo/);
    h.emulator.pressButton(ravi, question, `undo:e:${await idOfNumber(h, group, swiggy)}:${ravi.id}`);
    await h.emulator.waitFor(
      (m) => m.message_id === question.message_id && /Undone/.test(h.emulator.textOf(m)),
    );
    // Another month: not in October's.
    await paid(ravi, '/paid 2000 2026-09-10 @asha_k me wifi');

    const summary = await replyTo(h, ravi, group, '/summary 2026-10', /October 2026/);
    const lines = h.emulator.textOf(summary).split('\n');
    const from = lines.indexOf('Top categories') + 1;
    const top = lines.slice(from, lines.indexOf('', from));
    expect(top).toEqual([
      '🏠 Rent: ₹30,000.00 · 92%',
      '🍽 Eating out: ₹1,233.00 · 4%',
      '🛒 Groceries: ₹1,200.00 · 4%',
      '📦 Other: ₹350.00 · 1%',
    ]);

    const row = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(group.id) } });
    const its = groupStartToken(TEST_TOKEN, row.id);
    const shown = (c: CategoriesView) => c.rows.map((r) => `${r.label}: ${r.total.text} · ${r.percent}`);
    const month = await json<CategoriesView>('categories?month=2026-10', as(meera, its));
    expect(shown(month)).toEqual(top);
    expect(month).toMatchObject({ month: '2026-10', label: 'October 2026', count: 6 });
    expect(month.total.text).toBe('₹32,783.00');
    const spending = await json<SpendingView>('spending?month=2026-10', as(meera, its));
    expect(shown(spending.categories)).toEqual(top);
    const all = await json<CategoriesView>('categories', as(meera, its));
    expect(all.rows.map((r) => [r.key, r.total.amount])).toEqual([
      ['rent', '30000.00'],
      ['internet', '2000.00'],
      ['eating_out', '1233.00'],
      ['groceries', '1200.00'],
      ['other', '350.00'],
    ]);
    expect((await get('categories?month=2026-13', as(meera, its))).status).toBe(400);
    expect((await get('categories?month=October', as(meera, its))).status).toBe(400);

    // /summary links to the spending page on its month; the link's token still names only this group.
    const button = summary.reply_markup?.inline_keyboard.flat()[0];
    expect(button?.text).toBe('📊 Open in the app');
    const url = button && 'url' in button ? button.url : '';
    expect(url).toBe(`https://t.me/HisaabTestBot/ledger?startapp=${its}-spending-2026-10`);
    const startapp = new URL(url).searchParams.get('startapp') ?? '';
    expect(startapp.length).toBeLessThanOrEqual(64);
    expect(startapp).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(groupFromStartToken(TEST_TOKEN, startapp)).toBe(row.id);
    expect(startPageOf(startapp)).toEqual({ page: 'spending', month: '2026-10' });
    expect(startPageOf(its)).toBeNull();
    expect((await json<SessionView>('session', as(meera, startapp))).group?.title).toBe('Flat');
    // The page part is not a way into another group: a member of this one only.
    expect((await get('categories', as(flat.kabir, startapp))).status).toBe(403);
    expect(groupFromStartToken(TEST_TOKEN, startapp.replace(/^g[0-9a-z]+/, 'g2'))).toBeNull();
  });
});

describe('without PUBLIC_URL', () => {
  let h: TestBot;
  beforeAll(async () => {
    h = await startTestBot();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows no app buttons', async () => {
    const flat = await newFlat(h, { usernames: true, kabir: false });
    await replyTo(h, flat.asha, flat.group, '/paid 90 equal @asha_k @ravi_m chai', /Recorded #/);
    const balances = await replyTo(h, flat.ravi, flat.group, '/balances', /Balances/);
    expect(balances.reply_markup).toBeUndefined();
    const summary = await replyTo(h, flat.ravi, flat.group, '/summary', /so far/);
    expect(summary.reply_markup).toBeUndefined();
    h.emulator.sendText(flat.ravi, 'private', '/start');
    const passbook = await replyTo(h, flat.ravi, 'private', '/passbook', /Your passbook/);
    expect(passbook.reply_markup).toBeUndefined();
  });
});
