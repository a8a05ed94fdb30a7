// The reader's limits: one job per group, a bounded queue, a deadline, images checked before they
// are decoded, and the engine (a worker thread holding WebAssembly memory) ended when idle. No
// database, so it runs on CI's embedded-database pass only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BillReadError, BillReader, imageSize } from '../../src/ocr/bill-reader.js';

const BILL = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'bills', '05-restaurant.jpg'));
const cache = mkdtempSync(join(tmpdir(), 'hisaab-ocr-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof BillReadError ? error.code : String(error);
  }
  return undefined;
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('the bill reader', () => {
  it('refuses a second photo from a group whose first is still being read, and any beyond the queue', async () => {
    const reader = new BillReader({ cachePath: cache, timeoutMs: 60_000, queueLimit: 2 });
    let release: (bytes: Uint8Array) => void = () => undefined;
    const held = new Promise<Uint8Array>((resolve) => {
      release = resolve;
    });
    const first = reader.read('group-a', () => held);
    expect(code(() => reader.read('group-a', async () => BILL))).toBe('busy');
    const other = reader.read('group-b', async () => BILL);
    expect(code(() => reader.read('group-c', async () => BILL))).toBe('full');
    release(BILL);
    expect(await first).toMatch(/Haldiram/i);
    expect(await other).toMatch(/Haldiram/i);
    // Both done: the group may send again.
    expect(await reader.read('group-a', async () => BILL)).toMatch(/2,163\.00/);
    await reader.stop();
  }, 120_000);

  it('gives up on a job past its deadline with "timeout", and reads the next one with a fresh engine', async () => {
    const reader = new BillReader({ cachePath: cache, timeoutMs: 200 });
    const never = reader.read('group-a', () => new Promise<Uint8Array>(() => undefined));
    await expect(never).rejects.toMatchObject({ code: 'timeout' });
    const patient = new BillReader({ cachePath: cache, timeoutMs: 60_000 });
    expect(await patient.read('group-a', async () => BILL)).toMatch(/Haldiram/i);
    await Promise.all([reader.stop(), patient.stop()]);
  }, 120_000);

  it('refuses what is not a JPEG or PNG, or larger than 4096 pixels a side, before decoding it', async () => {
    const reader = new BillReader({ cachePath: cache, timeoutMs: 60_000 });
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 9)]);
    await expect(reader.read('g', async () => junk)).rejects.toMatchObject({ code: 'not-an-image' });
    const png = Buffer.alloc(32);
    png.writeUInt32BE(0x89504e47, 0);
    png.writeUInt32BE(5000, 16);
    png.writeUInt32BE(100, 20);
    await expect(reader.read('g', async () => png)).rejects.toMatchObject({ code: 'not-an-image' });
    expect(imageSize(BILL)).toMatchObject({ width: expect.any(Number), height: expect.any(Number) });
    expect(reader.started).toBe(0);
    await reader.stop();
  });

  it('starts its engine for a photo and ends it once idle', async () => {
    const reader = new BillReader({ cachePath: cache, timeoutMs: 60_000, idleMs: 100 });
    expect(reader.engineAlive()).toBe(false);
    await reader.read('g', async () => BILL);
    expect(reader.started).toBe(1);
    await vi.waitFor(() => expect(reader.engineAlive()).toBe(false), { timeout: 10_000, interval: 50 });
    await reader.stop();
  }, 120_000);
});
