// Telegram's send limits, as the Bot API emulator enforces them (see the header of
// bot-api-emulator.ts for the rules as a bot sees them). Pure bookkeeping on an injected clock: no
// timers, so a test can move time by hand and nothing waits for real.
//
// Per chat, a token bucket as the generic cell rate algorithm: a chat may take `burst` sends at once,
// then one every 1/perSecond seconds. Per group (negative chat id) and across all chats, a sliding
// window: at most `max` sends in any `windowSeconds` (a send at t counts in the windows (t - W, t]).
// Every duration is multiplied by `timeScale`. Only sends that succeed use budget.

export interface SendLimits {
  /** Every chat: `burst` sends at once, refilled at `perSecond` (Telegram: about one a second). */
  perChat: { burst: number; perSecond: number };
  /** Groups and supergroups (negative chat ids): at most `max` sends in any `windowSeconds`. */
  perGroup: { max: number; windowSeconds: number };
  /** All chats together: at most `max` sends in any `windowSeconds`. */
  global: { max: number; windowSeconds: number };
  /** Multiplies every duration: 0.1 makes "a minute" 6 s and "a second" 100 ms. */
  timeScale: number;
  /**
   * Each send during a flood wait extends the wait by `penalty` times the retry_after that began it
   * (1: the original wait again; 0: no extension).
   */
  penalty: number;
}

/** Limits to start from: `true` is Telegram's values; an object overrides some of them. */
export type SendLimitsOptions =
  | boolean
  | {
      perChat?: Partial<SendLimits['perChat']>;
      perGroup?: Partial<SendLimits['perGroup']>;
      global?: Partial<SendLimits['global']>;
      timeScale?: number;
      penalty?: number;
    };

export const TELEGRAM_SEND_LIMITS: Readonly<SendLimits> = Object.freeze({
  perChat: { burst: 3, perSecond: 1 },
  perGroup: { max: 20, windowSeconds: 60 },
  global: { max: 30, windowSeconds: 1 },
  timeScale: 1,
  penalty: 1,
});

export function resolveSendLimits(options: SendLimitsOptions | undefined): SendLimits | undefined {
  if (options === undefined || options === false) return undefined;
  const given = options === true ? {} : options;
  const t = TELEGRAM_SEND_LIMITS;
  const limits: SendLimits = {
    perChat: { ...t.perChat, ...given.perChat },
    perGroup: { ...t.perGroup, ...given.perGroup },
    global: { ...t.global, ...given.global },
    timeScale: given.timeScale ?? t.timeScale,
    penalty: given.penalty ?? t.penalty,
  };
  if (!(limits.timeScale > 0)) throw new Error(`timeScale must be positive, got ${limits.timeScale}`);
  if (!(limits.penalty >= 0)) throw new Error(`penalty must be 0 or more, got ${limits.penalty}`);
  return limits;
}

/** The methods that send or change a message in a chat, and so use its budget. */
export const LIMITED_METHODS: ReadonlySet<string> = new Set([
  'sendMessage',
  'editMessageText',
  'editMessageReplyMarkup',
  'editMessageCaption',
  'sendDocument',
  'sendPhoto',
  'copyMessage',
  'forwardMessage',
]);

export interface SendRecord {
  chatId: number;
  method: string;
  /** On the emulator's clock, in milliseconds. */
  at: number;
}

export interface SendStats {
  /** Sending calls that succeeded (edits included). */
  sends: number;
  /** 429s answered (by the limits, during flood waits, and injected 429s while limits are on). */
  tooManyRequests: number;
  /** Sends that arrived while the chat was in a flood wait. */
  sendsDuringFloodWait: number;
  /** When the chat's flood wait ends (clock ms), if it is in one now. */
  floodWaitEndsAt?: number;
}

export interface TooManyRequests {
  /** What the bot is told: seconds to wait (fractional when timeScale is not 1). */
  retryAfter: number;
  /** Which limit refused: for messages and debugging. */
  limit: 'chat' | 'group' | 'global' | 'flood wait';
}

interface ChatSends {
  times: number[];
  /** The bucket's theoretical arrival time: the chat may send once now >= tat - (burst - 1) * interval. */
  tat: number;
  floodUntil: number;
  floodMs: number;
  tooManyRequests: number;
  duringFloodWait: number;
}

/** Clocks and float sums may differ by a rounding error; a millionth of a millisecond is no send earlier. */
const EPSILON_MS = 1e-6;
const MAX_LOG = 100_000;

export class SendLimiter {
  private limitsNow: SendLimits | undefined;
  private readonly chats = new Map<number, ChatSends>();
  private log: SendRecord[] = [];
  private tooMany = 0;
  private duringWait = 0;

  constructor(
    private readonly now: () => number,
    limits?: SendLimits,
  ) {
    this.limitsNow = limits;
  }

  get limits(): SendLimits | undefined {
    return this.limitsNow;
  }

  /** New limits (or none). Flood waits end and buckets are full again; the send log is kept. */
  setLimits(limits: SendLimits | undefined): void {
    this.limitsNow = limits;
    for (const chat of this.chats.values()) {
      chat.tat = Number.NEGATIVE_INFINITY;
      chat.floodUntil = Number.NEGATIVE_INFINITY;
    }
  }

  get tooManyRequests(): number {
    return this.tooMany;
  }

  get sendsDuringFloodWait(): number {
    return this.duringWait;
  }

  stats(chatId: number): SendStats {
    const chat = this.chats.get(chatId);
    const now = this.now();
    return {
      sends: chat?.times.length ?? 0,
      tooManyRequests: chat?.tooManyRequests ?? 0,
      sendsDuringFloodWait: chat?.duringFloodWait ?? 0,
      ...(chat && this.limitsNow && chat.floodUntil > now ? { floodWaitEndsAt: chat.floodUntil } : {}),
    };
  }

  sendLog(chatId?: number): SendRecord[] {
    return chatId === undefined ? [...this.log] : this.log.filter((r) => r.chatId === chatId);
  }

  /** The most successful sends (to one chat, or to all) in any window of `windowMs` on the clock. */
  maxInWindow(windowMs: number, chatId?: number): number {
    const times = this.sendLog(chatId).map((r) => r.at);
    let most = 0;
    let first = 0;
    for (let last = 0; last < times.length; last++) {
      while ((times[last] as number) - (times[first] as number) >= windowMs) first++;
      most = Math.max(most, last - first + 1);
    }
    return most;
  }

  /** A send arrives (before any injected fault): if its chat is in a flood wait, count and penalise it. */
  arrive(chatId: number): void {
    const limits = this.limitsNow;
    const chat = this.chats.get(chatId);
    if (!limits || !chat || chat.floodUntil <= this.now()) return;
    chat.duringFloodWait++;
    this.duringWait++;
    chat.floodUntil += limits.penalty * chat.floodMs;
  }

  /** An injected 429 for this chat: while limits are on, it begins (or lengthens) a flood wait too. */
  injected429(chatId: number, retryAfter: number): void {
    if (!this.limitsNow) return;
    const chat = this.chat(chatId);
    chat.tooManyRequests++;
    this.tooMany++;
    const ms = retryAfter * 1000;
    const until = this.now() + ms;
    if (until > chat.floodUntil) {
      chat.floodUntil = until;
      chat.floodMs = ms;
    }
  }

  /** Whether a send to this chat may go now; if not, the 429 to answer (and the flood wait begins). */
  admit(chatId: number): TooManyRequests | undefined {
    const limits = this.limitsNow;
    if (!limits) return undefined;
    const now = this.now();
    const chat = this.chat(chatId);
    if (chat.floodUntil > now) {
      chat.tooManyRequests++;
      this.tooMany++;
      return { retryAfter: this.retryAfter(chat.floodUntil - now), limit: 'flood wait' };
    }
    let allowedAt = Number.NEGATIVE_INFINITY;
    let limit: TooManyRequests['limit'] = 'chat';
    const hit = (at: number, which: TooManyRequests['limit']) => {
      if (at > now + EPSILON_MS && at > allowedAt) {
        allowedAt = at;
        limit = which;
      }
    };
    const interval = this.interval(limits);
    if (interval > 0 && Number.isFinite(limits.perChat.burst)) {
      hit(chat.tat - (limits.perChat.burst - 1) * interval, 'chat');
    }
    if (chatId < 0) {
      hit(windowOpensAt(chat.times, limits.perGroup.max, this.ms(limits.perGroup.windowSeconds)), 'group');
    }
    const all = this.log;
    const globalMax = limits.global.max;
    if (all.length >= globalMax) {
      hit((all[all.length - globalMax] as SendRecord).at + this.ms(limits.global.windowSeconds), 'global');
    }
    if (allowedAt === Number.NEGATIVE_INFINITY) return undefined;
    const retryAfter = this.retryAfter(allowedAt - now);
    chat.floodUntil = now + retryAfter * 1000;
    chat.floodMs = retryAfter * 1000;
    chat.tooManyRequests++;
    this.tooMany++;
    return { retryAfter, limit };
  }

  /** A send to this chat succeeded: it uses budget and is logged. */
  record(chatId: number, method: string): void {
    const now = this.now();
    const chat = this.chat(chatId);
    chat.times.push(now);
    if (chat.times.length > MAX_LOG) chat.times.splice(0, chat.times.length - MAX_LOG / 2);
    this.log.push({ chatId, method, at: now });
    if (this.log.length > MAX_LOG) this.log = this.log.slice(-MAX_LOG / 2);
    const limits = this.limitsNow;
    if (limits) chat.tat = Math.max(chat.tat, now) + this.interval(limits);
  }

  /**
   * Seconds to tell the bot: the wait rounded up to whole seconds of the scaled clock, at least one,
   * expressed in real seconds. At timeScale 1 a whole number as Telegram sends; at 0.1 a multiple of
   * 0.1 (a wait of 250 ms is told as 0.3). Never less than the wait, so a bot that waits exactly
   * retry_after is past it.
   */
  private retryAfter(waitMs: number): number {
    const scale = (this.limitsNow as SendLimits).timeScale;
    const whole = Math.max(1, Math.ceil(waitMs / (1000 * scale) - 1e-9));
    return scale === 1 ? whole : Number((whole * scale).toPrecision(12));
  }

  private interval(limits: SendLimits): number {
    return this.ms(1 / limits.perChat.perSecond);
  }

  private ms(seconds: number): number {
    return seconds * 1000 * (this.limitsNow as SendLimits).timeScale;
  }

  private chat(chatId: number): ChatSends {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = {
        times: [],
        tat: Number.NEGATIVE_INFINITY,
        floodUntil: Number.NEGATIVE_INFINITY,
        floodMs: 0,
        tooManyRequests: 0,
        duringFloodWait: 0,
      };
      this.chats.set(chatId, chat);
    }
    return chat;
  }
}

/** When a sliding window of `windowMs` allowing `max` sends next admits one, given the sends so far. */
function windowOpensAt(times: number[], max: number, windowMs: number): number {
  if (times.length < max) return Number.NEGATIVE_INFINITY;
  return (times[times.length - max] as number) + windowMs;
}
