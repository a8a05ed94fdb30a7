import { describe, expect, it } from 'vitest';
import { COMMANDS, commandName, isKnownCommand } from '../../src/commands/index.js';

describe('commandName', () => {
  it.each([
    ['/paid 100', { name: 'paid', forOtherBot: false }],
    ['/PAID 100', { name: 'paid', forOtherBot: false }],
    ['/paid@HisaabBot 100', { name: 'paid', forOtherBot: false }],
    ['/paid@hisaabbot', { name: 'paid', forOtherBot: false }],
    ['/paid@OtherBot 100', { name: 'paid', forOtherBot: true }],
    ['/balances', { name: 'balances', forOtherBot: false }],
    ['/settleup\n', { name: 'settleup', forOtherBot: false }],
    ['/start@HisaabBot', { name: 'start', forOtherBot: false }],
  ])('%s', (text, expected) => {
    expect(commandName(text, [], 'HisaabBot')).toEqual(expected);
  });

  it.each(['hello', '', ' /paid 100', '/', '/😀 100', 'paid/ 100', '/paid,100'])(
    '%j is not a command',
    (text) => {
      expect(commandName(text, [], 'HisaabBot')).toBeNull();
    },
  );

  it('prefers a sane bot_command entity and falls back to the text otherwise', () => {
    const text = '/paid@OtherBot 100';
    expect(commandName(text, [{ type: 'bot_command', offset: 0, length: 14 }], 'HisaabBot')).toEqual({
      name: 'paid',
      forOtherBot: true,
    });
    // An entity that cuts the command short or runs past the text is ignored.
    expect(commandName(text, [{ type: 'bot_command', offset: 0, length: 3 }], 'HisaabBot')?.forOtherBot).toBe(
      true,
    );
    expect(commandName(text, [{ type: 'bot_command', offset: 0, length: 999 }], 'HisaabBot')?.name).toBe(
      'paid',
    );
  });

  it('knows the commands Hisaab answers', () => {
    for (const name of [
      'start',
      'help',
      'paid',
      'settle',
      'undo',
      'expenses',
      'passbook',
      'balances',
      'balance',
    ]) {
      expect(isKnownCommand(name)).toBe(true);
    }
    expect(COMMANDS).toContain('cancel');
    expect(isKnownCommand('pay')).toBe(false);
  });
});
