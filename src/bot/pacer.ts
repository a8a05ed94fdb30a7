// Paces bulk private messages (the weekly digest, automatic nudges) under Telegram's global limit of
// 30 messages a second across all chats. The sender keeps each chat within its own limits; only
// bulk sends to many chats at once need this: each waits for its slot, at most `perSecond` a second.
export class Pacer {
  private next = 0;
  private readonly gapMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.gapMs = 1000 / perSecond;
  }

  /** Resolves when the next message may go. */
  async take(): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + this.gapMs;
    if (at > now) await this.sleep(at - now);
  }
}
