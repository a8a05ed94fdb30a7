// The README's transcript is what the sandbox prints for examples/flat.txt.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
});
