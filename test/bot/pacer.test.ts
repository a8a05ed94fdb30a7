import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/bot/pacer.js';

describe('Pacer', () => {
  it('lets at most the given number of messages start in any second', async () => {
    let now = 0;
    const starts: number[] = [];
    const pacer = new Pacer(
      25,
      () => now,
      async (ms) => {
        now += ms;
      },
    );
    for (let i = 0; i < 100; i++) {
      await pacer.take();
      starts.push(now);
    }
    for (let i = 25; i < starts.length; i++) {
      expect((starts[i] as number) - (starts[i - 25] as number)).toBeGreaterThanOrEqual(1000);
    }
    expect(starts[99]).toBeCloseTo(99 * 40);
  });
});
