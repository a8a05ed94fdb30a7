// Reading bill photos offline: tesseract.js (Tesseract compiled to WebAssembly) with its English
// model from the npm registry (@tesseract.js-data/eng), so nothing is downloaded and no photo leaves
// the machine. tesseract.js runs each engine in a worker thread of its own; this module starts that
// worker when a photo comes and ends it after IDLE_MS without one, so the bot's resting memory is
// what it was without the feature (WebAssembly memory is returned only when its thread ends).
//
// Limits: one job per group at a time (a second photo from the same group is refused, not queued,
// so one group cannot fill the queue), at most QUEUE_LIMIT jobs waiting or running in all, one
// engine (the machines are small), and a deadline per job counted from when it was accepted; a
// job past it ends the engine (recognition cannot be interrupted) and the next job starts a new one.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Worker } from 'tesseract.js';

/** The engine is ended after this long without a job. */
export const IDLE_MS = 60_000;
/** Jobs waiting or running, across all groups. */
export const QUEUE_LIMIT = 8;
/** Images larger than this on a side are refused before they are decoded (a decompression bomb). */
export const MAX_SIDE_PX = 4096;

export type ReadRefusal = 'busy' | 'full' | 'timeout' | 'not-an-image';

export class BillReadError extends Error {
  constructor(readonly code: ReadRefusal) {
    super(`bill not read: ${code}`);
    this.name = 'BillReadError';
  }
}

export interface BillReaderOptions {
  /** Where the engine keeps the unpacked model (a writable folder). */
  cachePath: string;
  /** A job not finished this long after it was accepted fails with 'timeout'. */
  timeoutMs: number;
  idleMs?: number;
  queueLimit?: number;
}

interface Job {
  group: string;
  load: () => Promise<Uint8Array>;
  deadline: number;
  resolve: (text: string) => void;
  reject: (error: unknown) => void;
}

export class BillReader {
  private readonly waiting: Job[] = [];
  private readonly groups = new Set<string>();
  private running = false;
  private engine: Promise<Worker> | null = null;
  private idle: NodeJS.Timeout | null = null;
  /** Engines started so far (the benchmark and tests read it: an idle reader holds none). */
  started = 0;

  constructor(private readonly options: BillReaderOptions) {}

  /**
   * Reads the text of the image `load` fetches, for `group`. Refuses at once (throws, not a
   * rejected promise) when the group already has a job or the queue is full, so the caller can
   * answer before saying it is reading.
   */
  read(group: string, load: () => Promise<Uint8Array>): Promise<string> {
    const refused = this.refusal(group);
    if (refused) throw new BillReadError(refused);
    this.groups.add(group);
    return new Promise<string>((resolve, reject) => {
      this.waiting.push({ group, load, deadline: Date.now() + this.options.timeoutMs, resolve, reject });
      void this.pump();
    });
  }

  /** Why a photo from `group` would be refused now ('busy', 'full'), or null when it would be taken. */
  refusal(group: string): 'busy' | 'full' | null {
    if (this.groups.has(group)) return 'busy';
    if (this.groups.size >= (this.options.queueLimit ?? QUEUE_LIMIT)) return 'full';
    return null;
  }

  /** Whether an engine is alive (a job running, or idle less than IDLE_MS). */
  engineAlive(): boolean {
    return this.engine !== null;
  }

  async stop(): Promise<void> {
    for (const job of this.waiting.splice(0)) job.reject(new BillReadError('timeout'));
    await this.endEngine();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.waiting.shift(); job; job = this.waiting.shift()) await this.run(job);
    } finally {
      this.running = false;
    }
    this.scheduleIdle();
  }

  private async run(job: Job): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BillReadError('timeout')), Math.max(0, job.deadline - Date.now()));
    });
    try {
      const text = await Promise.race([this.recognize(job), late]);
      job.resolve(text);
    } catch (error) {
      // A job past its deadline may still be running in the engine: end it, start afresh next time.
      if (error instanceof BillReadError && error.code === 'timeout') await this.endEngine();
      job.reject(error);
    } finally {
      clearTimeout(timer);
      this.groups.delete(job.group);
    }
  }

  private async recognize(job: Job): Promise<string> {
    const bytes = await job.load();
    if (!imageSizeAllowed(bytes)) throw new BillReadError('not-an-image');
    const engine = await this.startEngine();
    const result = await engine.recognize(Buffer.from(bytes));
    return result.data.text;
  }

  private startEngine(): Promise<Worker> {
    this.engine ??= (async () => {
      this.started += 1;
      mkdirSync(this.options.cachePath, { recursive: true });
      // Loaded with the first photo: a bot that never reads one never loads the library.
      const { createWorker, PSM } = await import('tesseract.js');
      const engine = await createWorker('eng', 1, {
        langPath: MODEL_DIR,
        gzip: true,
        cachePath: this.options.cachePath,
      });
      // One uniform block of text: keeps an item's name and its amount on one line (the default
      // page segmentation reads a bill's columns one after another, parting names from amounts).
      await engine.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, preserve_interword_spaces: '1' });
      return engine;
    })();
    // A failed start is not kept: the next job tries again.
    this.engine.catch(() => {
      this.engine = null;
    });
    return this.engine;
  }

  private async endEngine(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    if (this.idle) clearTimeout(this.idle);
    if (engine) await (await engine.catch(() => null))?.terminate().catch(() => undefined);
  }

  private scheduleIdle(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.endEngine(), this.options.idleMs ?? IDLE_MS);
    this.idle.unref();
  }
}

/** The English model shipped by @tesseract.js-data/eng (integer "best" weights: accurate and small). */
const MODEL_DIR = join(
  dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json')),
  '4.0.0_best_int',
);

/** JPEG or PNG no larger than MAX_SIDE_PX on a side, read from the header alone. */
export function imageSizeAllowed(bytes: Uint8Array): boolean {
  const size = imageSize(bytes);
  return size !== null && size.width <= MAX_SIDE_PX && size.height <= MAX_SIDE_PX;
}

export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length > 24 && view.getUint32(0) === 0x89504e47) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length < 4 || view.getUint16(0) !== 0xffd8) return null;
  // Walk the JPEG segments to a start-of-frame marker (C0–CF except C4, C8, CC).
  for (let at = 2; at + 9 < bytes.length; ) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] as number;
    const length = view.getUint16(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + length;
  }
  return null;
}
