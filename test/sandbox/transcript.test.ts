// The README's transcript is what the sandbox prints for examples/flat.txt, and the terminal
// rendering of bot messages keeps their meaning.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buttonsOf, htmlToTerminal, renderMessage } from '../../sandbox/render.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

describe('the sandbox', () => {
  it('prints exactly the transcript the README shows for examples/flat.txt', async () => {
    const readme = await readFile(new URL('README.md', root), 'utf8');
    const block = /<!-- transcript:start -->\n```\n([\s\S]*?)\n```\n<!-- transcript:end -->/.exec(
      readme,
    )?.[1];
    expect(block).toBeDefined();
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'sandbox/main.ts', '--script', 'examples/flat.txt', '--no-color'],
      { cwd: root, timeout: 60_000 },
    );
    expect(stdout.trimEnd()).toBe(block);
  });

  it('renders Telegram HTML for a terminal and numbers buttons', () => {
    expect(htmlToTerminal('<b>Balances</b> &lt;3 &amp; more', { color: false })).toBe('Balances <3 & more');
    expect(htmlToTerminal('<b>x</b>', { color: true })).toBe('\x1b[1mx\x1b[22m');
    const message = {
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Yes', callback_data: 'undo:1' },
            { text: 'No', callback_data: 'keep:1' },
          ],
        ],
      },
    } as never;
    expect(buttonsOf(message)).toEqual([
      { text: 'Yes', data: 'undo:1' },
      { text: 'No', data: 'keep:1' },
    ]);
    expect(renderMessage('Undo #1?', [{ text: 'Yes' }, { text: 'No' }], 3, { color: false })).toBe(
      'bot> Undo #1?\n     [3] Yes  [4] No',
    );
  });
});
