// Renders the receipt-reading test set: `npx tsx scripts/bills/generate.ts [count]` writes
// test/fixtures/bills/NN-kind.jpg and truth.json (what each bill says). Headless Chromium (Debian's
// `chromium`, driven by playwright-core) draws each template (templates.ts) as a phone would see it:
// rotated a little on a table, blurred, with a shadow across it, saved as a modest JPEG. App
// screenshots only get the JPEG. Seeded, so the same set comes out every time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  type Bill,
  delivery,
  grocery,
  memo,
  pick,
  type Rand,
  restaurant,
  STYLE,
  seeded,
} from './templates.js';

const OUT = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'bills');
const TEMPLATES = [restaurant, grocery, delivery, memo, restaurant, grocery, memo];

interface Noise {
  rotateDeg: number;
  blurPx: number;
  shadow: string;
  table: string;
  quality: number;
}

function noiseFor(rand: Rand, bill: Bill): Noise {
  if (bill.screenshot)
    return { rotateDeg: 0, blurPx: 0, shadow: 'none', table: '#fff', quality: 45 + Math.floor(rand() * 25) };
  const angle = Math.floor(rand() * 360);
  const dark = (0.15 + rand() * 0.3).toFixed(2);
  return {
    rotateDeg: Number(((rand() * 2 - 1) * 4).toFixed(2)),
    blurPx: Number((rand() * 0.9).toFixed(2)),
    shadow: `linear-gradient(${angle}deg, rgba(0,0,0,${dark}) 0%, rgba(0,0,0,0) ${40 + Math.floor(rand() * 40)}%)`,
    table: pick(rand, ['#6b4f3a', '#8a8f96', '#3d3d45', '#a5865f', '#d9d4c7']),
    quality: 40 + Math.floor(rand() * 30),
  };
}

function page(bill: Bill, noise: Noise): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}
body { background: ${noise.table}; }
.scene { position: relative; display: inline-block; transform: rotate(${noise.rotateDeg}deg); filter: blur(${noise.blurPx}px); }
.shade { position: absolute; inset: 0; background: ${noise.shadow}; pointer-events: none; }
</style></head><body><div class="scene">${bill.html}<div class="shade"></div></div></body></html>`;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 64);
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 520, height: 400 }, deviceScaleFactor: 1.6 });
  const tab = await context.newPage();
  const truth: Record<string, unknown> = {};
  for (let n = 1; n <= count; n++) {
    const rand = seeded(n * 7919);
    const bill = (TEMPLATES[(n - 1) % TEMPLATES.length] as (r: Rand) => Bill)(rand);
    const noise = noiseFor(rand, bill);
    await tab.setContent(page(bill, noise));
    const name = `${String(n).padStart(2, '0')}-${bill.truth.kind}.jpg`;
    const body = await tab.$('body');
    if (!body) throw new Error('no body');
    const jpeg = await body.screenshot({ type: 'jpeg', quality: noise.quality });
    writeFileSync(join(OUT, name), jpeg);
    truth[name] = { ...bill.truth, noise };
  }
  writeFileSync(join(OUT, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  await browser.close();
}

await main();
