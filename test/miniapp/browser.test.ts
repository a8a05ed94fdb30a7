/// <reference lib="dom" />
// The Mini App in a real browser (Debian's Chromium, headless, driven by playwright-core) against
// the real server and database, with data recorded through the bot: a member sees what /balances
// shows; every page renders (a screenshot of each is saved and must not be blank) and passes an
// automated accessibility check (axe-core, WCAG 2 A/AA: labels, contrast) in light and dark themes;
// forged, expired and other-bot initData get 401 and an empty page, a non-member 403.
//
// Without Chromium (a fresh machine without `apt-get install chromium`) these tests are skipped with
// a message; .ci/run installs it and sets HISAAB_REQUIRE_CHROMIUM, so in CI they run or fail.
// CHROMIUM_PATH points at another binary.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import axe from 'axe-core';
import type { Message, User } from 'grammy/types';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMiniApp } from '../../scripts/build-miniapp.mjs';
import { groupStartToken } from '../../src/http/miniapp/start-token.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/app.js';
import { type Flat, newFlat, replyTo } from '../support/flat.js';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => !!path && existsSync(path),
);
if (!CHROMIUM && process.env.HISAAB_REQUIRE_CHROMIUM) {
  throw new Error('HISAAB_REQUIRE_CHROMIUM is set but no Chromium was found (apt-get install chromium).');
}
if (!CHROMIUM) {
  console.warn(
    'Skipping the Mini App browser tests: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH).',
  );
}

const SCREENSHOTS = resolve('test-results/miniapp');
const LIGHT = {
  bg_color: '#ffffff',
  text_color: '#000000',
  hint_color: '#999999',
  link_color: '#2481cc',
  button_color: '#2481cc',
  button_text_color: '#ffffff',
  secondary_bg_color: '#efeff3',
};
const DARK = {
  bg_color: '#17212b',
  text_color: '#f5f5f5',
  hint_color: '#708499',
  link_color: '#6ab3f3',
  button_color: '#5288c1',
  button_text_color: '#ffffff',
  secondary_bg_color: '#232e3c',
};

describe.skipIf(!CHROMIUM)('the Mini App in Chromium', () => {
  let h: TestBot;
  let flat: Flat;
  let browser: Browser;
  let token: string;
  let balances: Message;
  let assets: string;
  const saved: string[] = [];

  function launchUrl(initData: string, theme: Record<string, string> = LIGHT): string {
    const fragment = new URLSearchParams({
      tgWebAppData: initData,
      tgWebAppVersion: '8.0',
      tgWebAppPlatform: 'android',
      tgWebAppThemeParams: JSON.stringify(theme),
    });
    return `${h.app.http?.url}/app#${fragment}`;
  }

  async function open(
    initData: string,
    theme?: Record<string, string>,
  ): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1 });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(launchUrl(initData, theme));
    await page.waitForSelector('#app[data-ready="true"], #app[data-refused]');
    return { page, violations };
  }

  /** Saves a full-page screenshot and checks it is not blank: its pixels must vary. */
  async function screenshot(page: Page, name: string): Promise<void> {
    const png = await page.screenshot({ fullPage: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    await writeFile(path, png);
    saved.push(path);
    const probe = await browser.newPage();
    const spread = await probe.evaluate(async (data) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const { data: px } = ctx.getImageData(0, 0, img.width, img.height);
      let sum = 0;
      let squares = 0;
      const n = px.length / 4;
      for (let i = 0; i < px.length; i += 4) {
        const grey = (px[i] ?? 0) * 0.299 + (px[i + 1] ?? 0) * 0.587 + (px[i + 2] ?? 0) * 0.114;
        sum += grey;
        squares += grey * grey;
      }
      const mean = sum / n;
      return { variance: squares / n - mean * mean, height: img.height };
    }, png.toString('base64'));
    await probe.close();
    expect(spread.variance, `${name} looks blank`).toBeGreaterThan(100);
  }

  async function accessible(page: Page, name: string): Promise<void> {
    // Evaluated through the debugging protocol, which the page's CSP does not govern.
    await page.evaluate(axe.source);
    const result = await page.evaluate(() =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }),
    );
    const problems = result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    expect(problems, `accessibility of ${name}`).toEqual([]);
  }

  const as = (user: User, options: { startParam?: string | null; authDate?: Date; token?: string } = {}) =>
    h.emulator.webAppInitData(user, {
      ...(options.startParam === null ? {} : { startParam: options.startParam ?? token }),
      ...(options.authDate ? { authDate: options.authDate } : {}),
      ...(options.token ? { token: options.token } : {}),
    });

  beforeAll(async () => {
    assets = await mkdtemp(join(tmpdir(), 'hisaab-miniapp-'));
    await buildMiniApp(assets);
    await mkdir(SCREENSHOTS, { recursive: true });
    h = await startTestBot({ env: { PUBLIC_URL: 'https://hisaab.example.com' }, miniAppDir: assets });
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
    await replyTo(h, meera, group, '/paid 300 yesterday shares me 2 @asha_k 1 chai and snacks', /Recorded #/);
    await replyTo(h, asha, group, '/edit 4 360 shares @meera_i 2 @asha_k 1 chai and snacks', /#4/);
    await replyTo(h, ravi, group, '/settle @asha_k 200', /Recorded|paid/);
    balances = await replyTo(h, ravi, group, '/balances', /Balances/);
    const row = await h.db.prisma.group.findUniqueOrThrow({ where: { chatId: BigInt(group.id) } });
    token = groupStartToken(TEST_TOKEN, row.id);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    if (assets) await rm(assets, { recursive: true, force: true });
    if (saved.length > 0) console.info(`Mini App screenshots: ${SCREENSHOTS} (${saved.length} pages)`);
  });

  it('shows a member the balances /balances shows, and every page renders and is accessible', async () => {
    const { page, violations } = await open(as(flat.meera));
    const lines = h.emulator.textOf(balances).split('\n');
    const shown = await page.locator('[data-test="balances"] li').allTextContents();
    expect(shown).toEqual(lines.slice(1, 1 + shown.length));
    expect(await page.locator('[data-test="nets"] p').allTextContents()).toEqual(
      lines.slice(1 + shown.length),
    );
    expect(await page.locator('svg.chart path.edge').count()).toBe(shown.length);
    // A headline for the viewer, from the same nets as /balances' last lines.
    const meeraNet = lines.join(' ').match(/Meera (owes|gets back) (₹[\d,]+\.\d\d)/);
    expect(await page.locator('[data-test="headline"]').textContent()).toBe(
      `You ${meeraNet?.[1] === 'owes' ? 'owe' : 'get back'} ${meeraNet?.[2]} in all.`,
    );
    // At 360 px, the graph's names and amounts stay inside it and do not overlap one another.
    const boxes = await page
      .locator(
        'section[data-page="overview"] svg.chart text.label, section[data-page="overview"] svg.chart text.amount',
      )
      .evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { text: e.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom };
        }),
      );
    const overlapping = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter((b) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b)
        .map((b) => `${a.text} / ${b.text}`),
    );
    expect(overlapping).toEqual([]);
    expect(boxes.filter((b) => b.l < 0 || b.r > 360).map((b) => b.text)).toEqual([]);
    await screenshot(page, '1-overview-light');
    await accessible(page, 'the overview');

    await page.getByRole('button', { name: 'Spending' }).click();
    await page.waitForSelector('section[data-page="spending"] svg.chart');
    expect(await page.locator('section[data-page="spending"]').textContent()).toContain('₹3,810.00');
    await screenshot(page, '2-spending');
    await accessible(page, 'spending');

    await page.getByRole('button', { name: 'Expenses' }).click();
    await page.waitForSelector('[data-test="expenses"] li');
    expect(await page.locator('[data-test="expenses"] li').count()).toBe(4);
    await page.getByLabel('Search descriptions').fill('CHAI');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-test="expenses"] li').length === 1);
    await screenshot(page, '3-expenses-search');
    await accessible(page, 'the expense list');

    await page.locator('[data-test="expenses"] button').first().click();
    await page.waitForSelector('text=Shares');
    const detail = (await page.locator('section[data-page="expenses"]').textContent()) ?? '';
    expect(detail).toContain('₹360.00');
    expect(detail).toMatch(/before it was ₹300\.00 split by shares among 2/);
    await screenshot(page, '4-expense');
    await accessible(page, 'one expense');

    await page.getByRole('button', { name: 'Passbook' }).click();
    await page.waitForSelector('[data-test="passbook"] li');
    await page.waitForSelector('svg.chart polyline, svg.chart circle');
    // The axis says real days ("7 Dec 2026"), not one timestamp at both ends.
    const axis = await page.locator('section[data-page="passbook"] svg.chart text.label').allTextContents();
    const days = axis.filter((t) => /^\d{1,2} [A-Z][a-z]{2} \d{4}$/.test(t));
    expect(days.length).toBeGreaterThan(0);
    expect(new Set(days).size).toBe(days.length);
    await screenshot(page, '5-passbook');
    await accessible(page, 'my passbook');
    expect(violations).toEqual([]);
    await page.close();
  });

  it("opens the spending page on /summary's month, by category, and switches to all time", async () => {
    const bill = await h.db.prisma.expense.findFirstOrThrow({ where: { description: 'electricity bill' } });
    const month = bill.spentOn.toISOString().slice(0, 7);
    const { page, violations } = await open(as(flat.asha, { startParam: `${token}-spending-${month}` }));
    await page.waitForSelector('section[data-page="spending"] [data-test="categories"] svg.chart');
    expect(await page.getByLabel('Month', { exact: true }).inputValue()).toBe(month);
    const categories = page.locator('[data-test="categories"] tbody th');
    expect(await categories.allTextContents()).toContain('💡 Electricity');
    await screenshot(page, '2b-spending-by-category');
    await accessible(page, 'spending by category');
    await page.getByLabel('Month', { exact: true }).selectOption('');
    await page.waitForSelector('[data-test="categories"] caption:has-text("All time")');
    expect(await page.locator('[data-test="categories"] tbody tr').allTextContents()).toEqual([
      '🍽 Eating out₹1,560.0041%',
      '🛍 Shopping₹1,250.0033%',
      '💡 Electricity₹1,000.0026%',
    ]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('follows a dark theme and stays accessible', async () => {
    const { page } = await open(as(flat.ravi), DARK);
    expect(await page.evaluate(() => document.documentElement.dataset.scheme)).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(23, 33, 43)');
    await screenshot(page, '6-overview-dark');
    await accessible(page, 'the overview in the dark theme');
    await page.close();
  });

  it('opens the passbook alone from the private chat', async () => {
    const { page } = await open(as(flat.asha, { startParam: null }));
    expect(await page.locator('nav').count()).toBe(0);
    await page.waitForSelector('[data-test="passbook"] li');
    expect(await page.locator('h1').textContent()).toBe('My passbook');
    await screenshot(page, '7-passbook-private');
    await page.close();
  });

  it('shows nothing of the group for forged, expired or other-bot initData (401), or to a non-member (403)', async () => {
    const good = as(flat.asha);
    const cases: [string, string, number][] = [
      ['forged', good.replace(/hash=[0-9a-f]+/, `hash=${'0'.repeat(64)}`), 401],
      ['altered', good.replace(encodeURIComponent('"Asha"'), encodeURIComponent('"Ravi"')), 401],
      ['expired', as(flat.asha, { authDate: new Date(Date.now() - 2 * 60 * 60_000) }), 401],
      ['other-bot', as(flat.asha, { token: '987654:ANOTHER-bots-token-xxxxxxxxxx' }), 401],
    ];
    const stranger = h.emulator.createUser({ firstName: 'Stranger', username: 'stranger' });
    const elsewhere = h.emulator.createGroup({ title: 'Elsewhere', members: [stranger] });
    await replyTo(h, stranger, elsewhere, '/start', /Hello Stranger/);
    cases.push(['non-member', as(stranger), 403]);
    for (const [name, initData, status] of cases) {
      const { page } = await open(initData);
      expect(await page.locator('#app').getAttribute('data-refused'), name).toBe(String(status));
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text, name).not.toMatch(/owes|Asha|Ravi|Meera|₹/);
      expect(await page.locator('svg, [data-test]').count(), name).toBe(0);
      expect(await page.getByRole('alert').count(), name).toBe(1);
      if (name === 'forged' || name === 'non-member') await screenshot(page, `8-refused-${name}`);
      await page.close();
    }
  });

  it('splits a bill by items: the payer ticks who had each item and records it; the bot confirms it in the group', async () => {
    const { page, violations } = await open(as(flat.asha));
    await page.getByRole('button', { name: 'Bill', exact: true }).click();
    await page.waitForSelector('[data-test="bill-form"]');
    await page.getByLabel('Where, or what for').fill('Toit');
    await page.getByLabel('Item 1', { exact: true }).fill('Pizza');
    await page.getByLabel('Amount ₹').fill('600');
    const first = page.locator('[data-test="bill-item"]').nth(0);
    await first.getByLabel('Asha').check();
    await first.getByLabel('Ravi').check();
    await page.getByRole('button', { name: 'Add an item' }).click();
    const second = page.locator('[data-test="bill-item"]').nth(1);
    await second.getByLabel('Item 2', { exact: true }).fill('Beer');
    await second.getByLabel('Amount ₹').fill('400');
    await second.getByLabel('Ravi').check();
    await page.getByLabel('GST %').fill('5');
    await screenshot(page, '9-split-a-bill');
    await accessible(page, 'split a bill');
    const confirmation = h.emulator.waitFor(
      (m) => m.chat.id === flat.group.id && /for Toit, split by items/.test(h.emulator.textOf(m)),
    );
    await page.getByRole('button', { name: 'Record the bill' }).click();
    await page.waitForSelector('[data-test="bill-recorded"] li');
    const shown = await page.locator('[data-test="bill-recorded"] li').allTextContents();
    // Items 1000 + 5% GST: Asha 300 × 1.05, Ravi (300 + 400) × 1.05.
    expect(shown).toContain('Asha: ₹315.00 (paid the bill)');
    expect(shown).toContain('Ravi: ₹735.00, owes Asha');
    expect(h.emulator.textOf(await confirmation)).toContain('Ravi: ₹735.00, owes Asha');
    expect(violations).toEqual([]);
    await page.close();
  });

  it("opens Split a bill filled in from the sender's bill photo (its Split by items), and records it with the photo", async () => {
    const scan = await h.db.prisma.billScan.create({
      data: {
        chatId: BigInt(flat.group.id),
        telegramId: BigInt(flat.ravi.id),
        sourceMessageId: 9_101,
        fileId: 'browser-photo',
        fileUniqueId: 'browser-photo-unique',
        step: 'items',
        total: '500.00',
        reading: {
          merchant: 'Chaayos',
          date: null,
          confidence: 'sure',
          items: [
            { name: 'Masala chai', amount: '200.00' },
            { name: 'Samosa', amount: '300.00' },
          ],
          taxes: [],
        },
        updatedAt: new Date(),
      },
    });
    const { page, violations } = await open(
      as(flat.ravi, { startParam: `${token}-bill-${scan.id.toString(36)}` }),
    );
    await page.waitForSelector('[data-test="bill-form"]');
    expect(await page.getByLabel('Where, or what for').inputValue()).toBe('Chaayos');
    const items = page.locator('[data-test="bill-item"]');
    expect(await items.count()).toBe(2);
    expect(await items.nth(1).getByLabel('Amount ₹').inputValue()).toBe('300.00');
    await items.nth(0).getByLabel('Ravi').check();
    await items.nth(0).getByLabel('Meera').check();
    await items.nth(1).getByLabel('Meera').check();
    await accessible(page, 'split a bill from a photo');
    await page.getByRole('button', { name: 'Record the bill' }).click();
    await page.waitForSelector('[data-test="bill-recorded"] li');
    expect(await page.locator('[data-test="bill-recorded"] li').allTextContents()).toContain(
      'Meera: ₹400.00, owes Ravi',
    );
    const expense = await h.db.prisma.expense.findFirstOrThrow({ where: { description: 'Chaayos' } });
    const receipt = await h.db.prisma.expenseReceipt.findUniqueOrThrow({ where: { expenseId: expense.id } });
    expect(receipt.fileUniqueId).toBe('browser-photo-unique');
    expect(violations).toEqual([]);
    await page.close();
  });
});
