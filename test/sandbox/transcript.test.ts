// The README's transcript is what the sandbox prints for examples/flat.txt.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeMigratedDataDir } from '../../src/testing/db.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

describe('the sandbox', () => {
  it('prints exactly the transcript the README shows for examples/flat.txt', async () => {
    const readme = await readFile(new URL('README.md', root), 'utf8');
    const block = /<!-- transcript:start -->\n```\n([\s\S]*?)\n```\n<!-- transcript:end -->/.exec(
      readme,
    )?.[1];
    expect(block).toBeDefined();
    // A migrated database folder to start on, so the sandbox skips initdb (seconds); the
    // transcript does not depend on it, the first start from nothing is tested in process.test.ts.
    const dataDir = await mkdtemp(join(tmpdir(), 'hisaab-sandbox-test-'));
    try {
      await writeMigratedDataDir(dataDir);
      const { stdout } = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          'sandbox/main.ts',
          '--script',
          'examples/flat.txt',
          '--no-color',
          '--data-dir',
          dataDir,
        ],
        { cwd: root, timeout: 60_000 },
      );
      expect(stdout.trimEnd()).toBe(block);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('continues message ids after a restart on the same folder, and says so when a button is gone', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hisaab-sandbox-test-'));
    const sandbox = async (lines: string[]) => {
      const script = join(dataDir, 'script.txt');
      await writeFile(script, `${lines.join('\n')}\n`);
      const args = [
        '--import',
        'tsx',
        'sandbox/main.ts',
        '--script',
        script,
        '--no-color',
        '--data-dir',
        dataDir,
      ];
      return (await run(process.execPath, args, { cwd: root, timeout: 60_000 })).stdout;
    };
    try {
      await writeMigratedDataDir(dataDir);
      const first = await sandbox(['u1> /start', 'u2> /start', 'u1> /paid 100 equal @u1 @u2 tea']);
      expect(first).toContain('✅ Recorded #1: ₹100.00 paid by User1 for tea');
      // Started again on the same folder: a new message is new, not "Already recorded #1".
      const second = await sandbox([
        'u1> /paid 200 equal @u1 @u2 milk',
        'u1> /undo',
        // [1] is milk's category button; [2] and [3] are the undo question's.
        'press 2',
        // Answered after the press (one chat's updates are handled in order): the question is edited by then.
        'u1> /expenses all',
        'press 2',
      ]);
      expect(second).toContain('✅ Recorded #2: ₹200.00 paid by User1 for milk');
      expect(second).not.toContain('Already recorded');
      expect(second).toMatch(/#2 \S+ ₹200\.00 milk, paid by User1 \(equal, 2 people\) undone/);
      expect(second).toContain('(button 2 is no longer there: the bot has changed that message since)');
      expect(second).toMatch(/#1 \S+ ₹100\.00 tea/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
