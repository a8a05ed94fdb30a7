// The embedded database's folder lock is a lease, not a PID (in containers every process may be
// PID 1): a second opener is refused while the holder renews its lease, and takes over a lease
// nobody renews.
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseLockedError, lockDataDir } from '../../src/db/data-dir-lock.js';

describe('the embedded database folder lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hisaab-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second opener in the same process id, and lets it in once released', async () => {
    const fast = { renewMs: 30, staleMs: 200 };
    const release = await lockDataDir(dir, fast);
    // The same PID (as two containers that are both PID 1) is not enough to get in: the holder
    // keeps renewing its lease, so the second opener waits, then is refused.
    await expect(lockDataDir(dir, fast)).rejects.toBeInstanceOf(DatabaseLockedError);
    await expect(lockDataDir(dir, fast)).rejects.toThrow(/in use by another Hisaab process/);
    await release();
    const again = await lockDataDir(dir, fast);
    await again();
  });

  it('takes over a lease its holder stopped renewing (a crash), once it has gone stale', async () => {
    const lockPath = join(dir, '.hisaab.lock');
    await writeFile(lockPath, 'a-holder-that-was-killed'); // fresh: written just now
    let waits = 0;
    const release = await lockDataDir(dir, { renewMs: 30, staleMs: 300, onWait: () => waits++ });
    expect(waits).toBeGreaterThan(0);
    await release();
  });

  it('takes over a lease its holder stopped renewing, and keeps a renewed one', async () => {
    const lockPath = join(dir, '.hisaab.lock');
    await writeFile(lockPath, 'a-dead-holder');
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath, old, old);
    const release = await lockDataDir(dir, { renewMs: 20 });
    // Renewed by its holder: still refused well after the stale limit of a lease left alone.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(lockDataDir(dir, { staleMs: 80 })).rejects.toBeInstanceOf(DatabaseLockedError);
    await release();
  });
});
