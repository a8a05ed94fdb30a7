// Issue 29's measure: the whole rendered test set (test/fixtures/bills, 64 photographed-looking
// Indian bills; scripts/bills/generate.ts made them) read by the real engine and parser. It needs no
// database, so it runs on CI's embedded-database pass only (npm test runs twice there).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BillReader } from '../../src/ocr/bill-reader.js';
import { type BillReading, readBill } from '../../src/receipts/read-bill.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'bills');
interface Truth {
  kind: string;
  total: string;
  date: string;
  merchant: string;
  printed: boolean;
  items: { name: string; amount: string }[];
}
const truth = JSON.parse(readFileSync(join(DIR, 'truth.json'), 'utf8')) as Record<string, Truth>;

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('reading the rendered bill set', () => {
  const cache = mkdtempSync(join(tmpdir(), 'hisaab-ocr-'));
  const reader = new BillReader({ cachePath: cache, timeoutMs: 60_000 });
  afterAll(async () => {
    await reader.stop();
    rmSync(cache, { recursive: true, force: true });
  });

  it('shows the right total on at least 90% of bills, never offers a wrong one as sure, and reads printed items', async () => {
    const results: { name: string; bill: BillReading; truth: Truth }[] = [];
    for (const [name, expected] of Object.entries(truth)) {
      const bytes = readFileSync(join(DIR, name));
      const text = await reader.read('accuracy', async () => bytes);
      results.push({ name, bill: readBill(text), truth: expected });
    }
    const shownRight = results.filter((r) => r.bill.total?.toFixed(2) === r.truth.total);
    const sureWrong = results.filter(
      (r) => r.bill.confidence === 'sure' && r.bill.total?.toFixed(2) !== r.truth.total,
    );
    expect(results.length).toBeGreaterThanOrEqual(60);
    expect(shownRight.length / results.length).toBeGreaterThanOrEqual(0.9);
    // A sure reading gets a Split button at once; an unsure one must be confirmed first.
    expect(sureWrong.map((r) => r.name)).toEqual([]);

    const printed = results.filter((r) => r.truth.printed && r.bill.confidence === 'sure');
    const lines = printed.flatMap((r) => r.truth.items.map((item) => ({ item, bill: r.bill })));
    const itemsRead = lines.filter(({ item, bill }) =>
      bill.items.some(
        (i) => i.name.toLowerCase() === item.name.toLowerCase() && i.amount.toFixed(2) === item.amount,
      ),
    );
    expect(itemsRead.length / lines.length).toBeGreaterThanOrEqual(0.85);
    const dates = results.filter((r) => r.bill.date === r.truth.date);
    expect(dates.length / results.length).toBeGreaterThanOrEqual(0.85);
  }, 300_000);
});
