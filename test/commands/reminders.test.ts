import { describe, expect, it } from 'vitest';
import { CommandError, parseRemind, parseReminders, parseTimezone } from '../../src/commands/index.js';
import { input } from './helpers.js';

function refusal(run: () => unknown): CommandError {
  try {
    run();
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('/timezone', () => {
  it.each([
    ['/timezone Asia/Kolkata', 'Asia/Kolkata'],
    ['/timezone asia/kolkata', 'Asia/Kolkata'],
    ['/timezone IST', 'Asia/Kolkata'],
    ['/timezone Europe/Berlin', 'Europe/Berlin'],
    ['/timezone UTC', 'UTC'],
    ['/timezone America/New_York', 'America/New_York'],
  ])('%s is %s', (text, zone) => {
    expect(parseTimezone(input(text))).toBe(zone);
  });

  it('without a zone, shows the current one', () => {
    expect(parseTimezone(input('/timezone'))).toBeNull();
  });

  it.each(['/timezone Mars/Olympus', '/timezone Asia Kolkata', '/timezone +5:30'])(
    '%s is refused in one sentence with an example',
    (text) => {
      const error = refusal(() => parseTimezone(input(text)));
      expect(error.code).toBe('BAD_TIMEZONE');
      expect(error.message).toMatch(/write it as region\/city, like: \/timezone Asia\/Kolkata$/);
    },
  );
});

describe('/remind', () => {
  it('names one person', () => {
    expect(parseRemind(input('/remind @ravi_m'))).toEqual({ kind: 'username', username: 'ravi_m' });
  });

  it.each(['/remind', '/remind @ravi_m @meera_i', '/remind @ravi_m 500', '/remind me', '/remind @asha_k'])(
    '%s is refused',
    (text) => {
      expect(refusal(() => parseRemind(input(text))).message).toMatch(/like: \/remind @ravi$/);
    },
  );
});

describe('/reminders', () => {
  it('reads days, an amount, both, off, or nothing', () => {
    expect(parseReminders(input('/reminders'))).toEqual({ kind: 'show' });
    expect(parseReminders(input('/reminders off'))).toEqual({ kind: 'off' });
    expect(parseReminders(input('/reminders after 7 days'))).toEqual({ kind: 'set', afterDays: 7 });
    const both = parseReminders(input('/reminders after 10 days and above 1.5k'));
    expect(both.kind === 'set' && both.afterDays).toBe(10);
    expect(both.kind === 'set' && both.above?.toFixed(2)).toBe('1500.00');
  });

  it.each(['/reminders after', '/reminders after 0 days', '/reminders above lots', '/reminders weekly'])(
    '%s is refused in one sentence',
    (text) => {
      expect(refusal(() => parseReminders(input(text))).code).toBe('BAD_REMINDERS');
    },
  );
});
