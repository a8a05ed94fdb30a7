// What operators scrape at /metrics (Prometheus' text format, prom-client): updates received and
// handled, handler latency, answers waiting per chat and the oldest one's age, Telegram's 429s and
// flood waits, updates taken over from another instance, chat-lease waits, export runs by outcome,
// and the process's own figures (memory, CPU, event-loop lag). One registry per app, so tests that
// run several apps in one process keep their counts apart.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The answer queues as the sender sees them at a scrape. */
export interface AnswerQueueStats {
  /** Answers waiting (or being sent), in all chats. */
  answers: number;
  /** Chats with at least one answer waiting. */
  chats: number;
  /** The most answers waiting in one chat. */
  mostInOneChat: number;
  /** How long the oldest waiting answer has waited, in seconds (0 when none). */
  oldestAgeSeconds: number;
}

export class Metrics {
  readonly registry = new Registry();
  private answerStats: () => AnswerQueueStats = () => ({
    answers: 0,
    chats: 0,
    mostInOneChat: 0,
    oldestAgeSeconds: 0,
  });

  readonly updatesReceived = new Counter({
    name: 'hisaab_updates_received_total',
    help: 'Updates received from Telegram (polling or webhook), redeliveries included.',
    registers: [this.registry],
  });
  readonly updatesHandled = new Counter({
    name: 'hisaab_updates_handled_total',
    help: 'Updates this instance ran its handlers for.',
    registers: [this.registry],
  });
  readonly updatesSkipped = new Counter({
    name: 'hisaab_updates_skipped_total',
    help: 'Updates not handled here: handled before, or by the instance that held their chat.',
    registers: [this.registry],
  });
  readonly handlerSeconds = new Histogram({
    name: 'hisaab_update_handler_seconds',
    help: 'Time to handle one update (its answers are queued, not yet delivered).',
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly telegram429 = new Counter({
    name: 'hisaab_telegram_429_total',
    help: 'Sends Telegram refused with 429 Too Many Requests.',
    registers: [this.registry],
  });
  readonly floodWaitSeconds = new Counter({
    name: 'hisaab_telegram_flood_wait_seconds_total',
    help: 'Seconds of retry_after Telegram asked for, summed over its 429s.',
    registers: [this.registry],
  });
  readonly updatesTakenOver = new Counter({
    name: 'hisaab_updates_taken_over_total',
    help: 'Stored updates this instance took over after their claim expired (an instance died or stopped).',
    registers: [this.registry],
  });
  readonly chatLeaseWaits = new Counter({
    name: 'hisaab_chat_lease_waits_total',
    help: "Times an update waited because another instance was handling its chat's updates.",
    registers: [this.registry],
  });
  readonly exportRuns = new Counter({
    name: 'hisaab_export_runs_total',
    help: 'Export runs finished by this instance, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    const stats = () => this.answerStats();
    new Gauge({
      name: 'hisaab_answers_queued',
      help: 'Answers waiting to be sent (or being sent), in all chats.',
      registers: [this.registry],
      collect() {
        this.set(stats().answers);
      },
    });
    new Gauge({
      name: 'hisaab_answer_queue_chats',
      help: 'Chats with answers waiting.',
      registers: [this.registry],
      collect() {
        this.set(stats().chats);
      },
    });
    new Gauge({
      name: 'hisaab_answers_queued_most_in_one_chat',
      help: 'The most answers waiting in any one chat.',
      registers: [this.registry],
      collect() {
        this.set(stats().mostInOneChat);
      },
    });
    new Gauge({
      name: 'hisaab_oldest_answer_age_seconds',
      help: 'How long the oldest waiting answer has waited.',
      registers: [this.registry],
      collect() {
        this.set(stats().oldestAgeSeconds);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'hisaab_' });
  }

  /** Where the answer-queue gauges read from at each scrape (the sender). */
  watchAnswers(stats: () => AnswerQueueStats): void {
    this.answerStats = stats;
  }

  /** The scrape: every metric in Prometheus' text format. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
