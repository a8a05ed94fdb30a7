// One process per embedded database folder: two PGlite instances on one folder would corrupt it.
// The lock is a lease, not a PID: the holder writes a random id and renews the file's time every
// few seconds. A second opener (another process, or another container sharing the volume, where
// every process may be PID 1) waits until the lease has gone unrenewed for `staleMs` and takes it
// over (its holder died: a restart after a crash waits that long), or is refused if the holder
// keeps renewing it.
import { randomUUID } from 'node:crypto';
import { open, readFile, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';

export class DatabaseLockedError extends Error {
  constructor(dir: string, ageSeconds: number) {
    super(
      `The embedded database in ${dir} is in use by another Hisaab process (its lock was renewed ${ageSeconds} s ago); stop it first, or set DATABASE_URL to share a PostgreSQL server.`,
    );
    this.name = 'DatabaseLockedError';
  }
}

export interface LeaseOptions {
  /** How often the holder renews its lease. */
  renewMs?: number;
  /** A lease not renewed for this long is taken over. */
  staleMs?: number;
  now?: () => number;
  /** Called while waiting for a fresh lease to go stale (each try). */
  onWait?: () => void;
}

/** Takes the folder's lease, or throws DatabaseLockedError. Returns the release. */
export async function lockDataDir(dir: string, options: LeaseOptions = {}): Promise<() => Promise<void>> {
  const renewMs = options.renewMs ?? 2_000;
  const staleMs = options.staleMs ?? 10_000;
  const now = options.now ?? Date.now;
  const lockPath = join(dir, '.hisaab.lock');
  const id = randomUUID();
  const giveUpAt = now() + staleMs + renewMs;
  for (;;) {
    try {
      // O_EXCL: of two openers racing for a missing file, exactly one creates it.
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(id);
      await handle.close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await leaseAge(lockPath, now);
      if (age === undefined) continue; // released meanwhile
      if (age >= staleMs) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (now() >= giveUpAt) throw new DatabaseLockedError(dir, Math.round(age / 1000));
      options.onWait?.();
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, staleMs - age + 10)));
      continue;
    }
    const timer = setInterval(() => {
      const at = new Date(now());
      utimes(lockPath, at, at).catch(() => undefined);
    }, renewMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      // Only our own lease is removed (one that was taken over belongs to someone else now).
      if ((await readFile(lockPath, 'utf8').catch(() => '')) === id) await rm(lockPath, { force: true });
    };
  }
}

/** How long ago the lease was last renewed, in ms; undefined when the file is gone. */
async function leaseAge(lockPath: string, now: () => number): Promise<number | undefined> {
  try {
    const handle = await open(lockPath, 'r');
    try {
      return now() - (await handle.stat()).mtimeMs;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
