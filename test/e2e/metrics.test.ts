// What an operator scrapes: /metrics in Prometheus' text format counts what happened (updates in and
// handled, handler latency, Telegram's 429s and the flood wait they asked for, answers waiting), and
// /healthz says "draining" once the instance is stopping, while it finishes what it holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotApiEmulator } from '../../src/testing/bot-api-emulator.js';
import { startTestBot, TEST_TOKEN, type TestBot } from '../support/app.js';
import { newFlat, replyTo } from '../support/flat.js';

/** The value of one sample line (`name{labels} value`) in a scrape, or undefined. */
function sample(scrape: string, name: string): number | undefined {
  const line = scrape.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('/metrics and /healthz', () => {
  let h: TestBot;
  let emulator: BotApiEmulator;
  beforeAll(async () => {
    // Telegram's limits off: the one 429 below is the one injected, not one the limits made.
    emulator = await BotApiEmulator.start({ token: TEST_TOKEN, botUsername: 'HisaabTestBot' });
    h = await startTestBot({ emulator });
  });
  afterAll(async () => {
    await h?.stop();
    await emulator?.stop();
  });

  it('counts updates, handling time, 429s with their flood wait, and shows the answer queues', async () => {
    const { group, asha } = await newFlat(h, { usernames: true });
    const scrape = async () => {
      const res = await fetch(`${h.app.http?.url}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text();
    };
    const before = await scrape();
    const received = sample(before, 'hisaab_updates_received_total') ?? 0;
    const handled = sample(before, 'hisaab_updates_handled_total') ?? 0;

    h.emulator.faults.next('sendMessage', { kind: '429', retryAfter: 1 });
    await replyTo(h, asha, group, '/paid 300 equal @asha_k @ravi_m @meera_i chai', /Recorded/);
    const after = await scrape();
    expect(sample(after, 'hisaab_updates_received_total')).toBe(received + 1);
    expect(sample(after, 'hisaab_updates_handled_total')).toBe(handled + 1);
    expect(sample(after, 'hisaab_update_handler_seconds_count')).toBe(handled + 1);
    expect(sample(after, 'hisaab_telegram_429_total')).toBe(1);
    expect(sample(after, 'hisaab_telegram_flood_wait_seconds_total')).toBe(1);
    expect(sample(after, 'hisaab_answers_queued')).toBe(0);
    expect(sample(after, 'hisaab_oldest_answer_age_seconds')).toBe(0);
    expect(sample(after, 'hisaab_updates_taken_over_total')).toBe(0);
    // The process's own figures come along (memory, for one).
    expect(sample(after, 'hisaab_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('says ready, then draining while it stops, answering what it holds', async () => {
    const { group, asha } = await newFlat(h, { usernames: true });
    expect(await (await fetch(`${h.app.http?.url}/healthz`)).json()).toEqual({ ok: true });
    // An answer Telegram holds up keeps the instance busy while it stops.
    h.emulator.faults.next('sendMessage', { kind: 'delay', ms: 1_500 });
    h.emulator.sendText(asha, group, '/balances');
    await h.emulator.waitForCall('sendMessage', (call) => Number(call.params.chat_id) === group.id);
    const url = h.app.http?.url;
    const stopped = h.app.stop();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, reason: 'draining' });
    await stopped;
    expect(h.emulator.sent({ chatId: group.id }).length).toBeGreaterThan(0);
    await h.restart();
  });
});
