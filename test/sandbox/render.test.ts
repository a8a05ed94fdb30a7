// The terminal rendering of bot messages in the sandbox keeps their meaning.
import { describe, expect, it } from 'vitest';
import { buttonsOf, htmlToTerminal, renderMessage } from '../../sandbox/render.js';

describe('the sandbox rendering', () => {
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
