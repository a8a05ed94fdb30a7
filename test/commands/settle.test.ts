import { describe, expect, it } from 'vitest';
import { parseReceived, parseRemind, parseSettle, USAGE } from '../../src/commands/index.js';
import { input, refusal, textMention } from './helpers.js';

describe('/settle', () => {
  it('reads a person with and without an amount', () => {
    expect(parseSettle(input('/settle @ravi_m'))).toEqual({
      person: { kind: 'username', username: 'ravi_m' },
    });
    expect(parseSettle(input('/settle@HisaabBot @ravi_m 500')).amount?.toString()).toBe('500');
    for (const amount of ['Rs 500', '₹500', 'INR 1,250.50', '1,00,000', 'Rs. 500']) {
      expect(parseSettle(input(`/settle @ravi_m ${amount}`)).amount?.gt(0), amount).toBe(true);
    }
  });

  it('accepts the amount before the person', () => {
    expect(parseSettle(input('/settle 500 @ravi_m'))).toMatchObject({
      person: { kind: 'username', username: 'ravi_m' },
    });
    expect(parseSettle(input('/settle Rs 500 @ravi_m')).amount?.toString()).toBe('500');
  });

  it('reads a text mention, with emoji before it', () => {
    const mention = '/settle Ravi 😀 Kumar 250';
    const intent = parseSettle(
      input(mention, [
        textMention(mention, 'Ravi 😀 Kumar', { id: 7, first_name: 'Ravi', last_name: 'Kumar' }),
      ]),
    );
    expect(intent.person).toEqual({ kind: 'user', user: { id: 7, first_name: 'Ravi', last_name: 'Kumar' } });
    expect(intent.amount?.toString()).toBe('250');
    // The mention is still found after an emoji; the emoji itself is not an amount.
    const later = '/settle 🙏🏽 Ravi Kumar';
    const error = refusal(() =>
      parseSettle(input(later, [textMention(later, 'Ravi Kumar', { id: 7, first_name: 'Ravi' })])),
    );
    expect(error.code).toBe('BAD_AMOUNT');
    expect(error.details).toMatchObject({ ledgerCode: 'AMOUNT_NOT_A_NUMBER', text: '🙏🏽' });
  });

  it.each([
    ['/settle', 'SETTLE_NOBODY', 'Name the person you paid, like: /settle @asha 500'],
    ['/settle 500', 'SETTLE_NOBODY', 'Name the person you paid, like: /settle @asha 500'],
    [
      '/settle @ravi_m @meera_i',
      'SETTLE_SEVERAL',
      'Settle with one person at a time, like: /settle @asha 500',
    ],
    ['/settle @ravi_m 5 @meera_i', 'SETTLE_SEVERAL', 'Settle with one person at a time'],
    ['/settle everyone', 'SETTLE_SEVERAL', 'Settle with one person at a time'],
    [
      '/settle me 5',
      'SETTLE_SELF',
      'You cannot settle with yourself; name the person you paid, like: /settle @asha 500',
    ],
    ['/settle @ASHA_K', 'SETTLE_SELF', 'You cannot settle with yourself'],
    ['/settle @ravi_m -5', 'BAD_AMOUNT', '; the whole command goes like: /settle @asha 500'],
    ['/settle @ravi_m 0', 'BAD_AMOUNT', '; the whole command goes like: /settle @asha 500'],
    ['/settle @ravi_m half', 'BAD_AMOUNT', '; the whole command goes like: /settle @asha 500'],
    ['/settle @ravi_m 10.001', 'BAD_AMOUNT', '; the whole command goes like: /settle @asha 500'],
    [
      '/settle 500 @ravi_m 600',
      'SETTLE_EXTRA',
      'Write the person, the amount and then, if you like, a note, like: /settle @asha 500',
    ],
    ['/settle @ravi_m 500 for @meera_i', 'SETTLE_SEVERAL', 'Settle with one person at a time'],
    ['/settle @ravi_m for dinner', 'BAD_AMOUNT', '; the whole command goes like: /settle @asha 500'],
    [
      '/settle @r-m',
      'NOT_A_USERNAME',
      '@r-m is not a Telegram username; name people as @username, like: /settle',
    ],
    ['/settle @HisaabBot 5', 'BOT_NAMED', 'leave me out, like: /settle @asha 500'],
  ])('%s is refused (%s)', (text, code, message) => {
    const error = refusal(() => parseSettle(input(text)));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(error.message.endsWith(USAGE.settle)).toBe(true);
  });

  it.each([
    ['/settle @ravi_m -5', 'AMOUNT_NOT_POSITIVE'],
    ['/settle @ravi_m 0', 'AMOUNT_NOT_POSITIVE'],
    ['/settle @ravi_m half', 'AMOUNT_NOT_A_NUMBER'],
    ['/settle @ravi_m 10.001', 'AMOUNT_TOO_PRECISE'],
    ['/settle @ravi_m Rs 2,00,00,000', 'AMOUNT_TOO_LARGE'],
  ])('%s is refused for the ledger reason %s', (text, ledgerCode) => {
    const error = refusal(() => parseSettle(input(text)));
    expect(error.code).toBe('BAD_AMOUNT');
    expect(error.details.ledgerCode).toBe(ledgerCode);
    expect(error.message.startsWith(error.reason)).toBe(true);
  });

  it('reads a note after the amount, on either side of the person', () => {
    expect(parseSettle(input('/settle @ravi_m 500 rent   share, me too'))).toMatchObject({
      person: { kind: 'username', username: 'ravi_m' },
      note: 'rent share, me too',
    });
    const before = parseSettle(input('/settle Rs 500 @ravi_m for the trip'));
    expect(before.amount?.toString()).toBe('500');
    expect(before.note).toBe('for the trip');
    expect(parseSettle(input('/settle @ravi_m 500')).note).toBeUndefined();
    const long = refusal(() => parseSettle(input(`/settle @ravi_m 500 ${'x'.repeat(201)}`)));
    expect(long.code).toBe('DESCRIPTION_TOO_LONG');
    expect(long.message).toContain('at most 200');
  });

  it('reads /received the same way, in the words of the one who was paid', () => {
    expect(parseReceived(input('/received @ravi_m 500 cash'))).toMatchObject({
      person: { kind: 'username', username: 'ravi_m' },
      note: 'cash',
    });
    expect(parseReceived(input('/received @ravi_m')).amount).toBeUndefined();
    const nobody = refusal(() => parseReceived(input('/received 500')));
    expect(nobody.message).toBe('Name the person who paid you, like: /received @ravi 500');
    const self = refusal(() => parseReceived(input('/received me 5')));
    expect(self.code).toBe('SETTLE_SELF');
    expect(self.message.endsWith(USAGE.received)).toBe(true);
  });

  it('refuses settling with yourself named by text mention', () => {
    const text = '/settle Asha 100';
    expect(
      refusal(() => parseSettle(input(text, [textMention(text, 'Asha', { id: 1, first_name: 'Asha' })])))
        .code,
    ).toBe('SETTLE_SELF');
  });
});

describe('first names wherever a person is named (issue 23)', () => {
  it('reads /settle asha 500, /received 500 ravi and /remind kabir with the name for the members to decide', () => {
    expect(parseSettle(input('/settle asha 500 rent'))).toMatchObject({
      person: { kind: 'name', name: 'asha' },
      note: 'rent',
    });
    expect(parseReceived(input('/received 500 Ravi'))).toMatchObject({
      person: { kind: 'name', name: 'Ravi' },
    });
    expect(parseSettle(input('/settle Meera')).person).toEqual({ kind: 'name', name: 'Meera' });
    expect(parseRemind(input('/remind kabir'))).toEqual({ kind: 'name', name: 'kabir' });
  });
});
