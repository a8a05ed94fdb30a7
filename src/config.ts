// The only reader of process.env: settings are parsed once, validated with zod, and passed down as a
// typed object. Every bad or missing setting gets its own plain sentence at start-up.
import { z } from 'zod';

const TELEGRAM_API_ROOT = 'https://api.telegram.org';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanText = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['', 'true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be true or false')
  .transform((v) => ['true', '1', 'yes'].includes(v));

const positiveInt = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? String(fallback) : v))
    .refine((v) => /^\d+$/.test(v) && Number(v) > 0, 'must be a positive whole number')
    .transform(Number);

const botToken = z
  .string({ error: 'is required: create a bot with @BotFather and paste its token' })
  .trim()
  .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'does not look like a bot token (digits, a colon, then letters)');

const settings = {
  TELEGRAM_API_ROOT: z
    .url({ error: 'must be a URL like http://127.0.0.1:8081' })
    .optional()
    .transform((v) => (v ?? TELEGRAM_API_ROOT).replace(/\/+$/, '')),
  DATABASE_URL: optionalText.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
    'must start with postgres:// or postgresql://',
  ),
  DATA_DIR: optionalText.transform((v) => v ?? './data'),
  ADMIN_IDS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    )
    .refine((ids) => ids.every((id) => /^\d+$/.test(id)), 'must be Telegram user ids separated by commas')
    .transform((ids) => ids.map((id) => BigInt(id))),
  WEBHOOK_URL: optionalText.refine(
    (v) => v === undefined || /^https?:\/\//.test(v),
    'must be the public https:// URL Telegram should post updates to',
  ),
  WEBHOOK_SECRET: optionalText.refine(
    (v) => v === undefined || /^[A-Za-z0-9_-]{8,256}$/.test(v),
    'must be 8 to 256 letters, digits, _ or -',
  ),
  POLLING_REPLACES_WEBHOOK: booleanText.optional().transform((v) => v ?? false),
  PORT: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? '8080' : v))
    .refine(
      (v) => /^\d+$/.test(v) && Number(v) <= 65535,
      'must be a port number from 0 to 65535 (0: any free port)',
    )
    .transform(Number),
  HOST: optionalText.transform((v) => v ?? '0.0.0.0'),
  /** Whom people write to about their data (/privacy): an email address or a Telegram @username. */
  PRIVACY_CONTACT: optionalText,
  PUBLIC_URL: optionalText
    .refine(
      (v) => v === undefined || /^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(v),
      "must be the bot's public address, like https://hisaab.example.com",
    )
    .transform((v) => v?.replace(/\/+$/, '')),
  MINIAPP_SHORT_NAME: optionalText.refine(
    (v) => v === undefined || /^[A-Za-z0-9_]{3,30}$/.test(v),
    "must be the Mini App's short name from BotFather (3 to 30 letters, digits or _)",
  ),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional().default('info'),
  RATE_LIMIT_PER_MINUTE: positiveInt(30),
  EXPORT_SCHEDULE: optionalText.transform((v) => v ?? '0 2 * * 1'),
  EXPORT_TZ: optionalText
    .transform((v) => v ?? 'UTC')
    .refine(validZone, 'must be an IANA time zone name such as Asia/Kolkata or UTC'),
  RECURRING_SWEEP_SECONDS: positiveInt(60),
  BILL_READING: booleanText.optional().transform((v) => v ?? true),
  BILL_READING_TIMEOUT_SECONDS: positiveInt(20),
  DIGEST_SCHEDULE: optionalText
    .transform((v) => v ?? 'mon 10')
    .refine(
      (v) => v === 'off' || DIGEST_WHEN.test(v),
      'must be a weekday and an hour, such as mon 10, or off',
    ),
  REMINDERS_PER_SECOND: positiveInt(25).refine(
    (v) => v <= 30,
    'must be at most 30 (Telegram allows 30 a second)',
  ),
  EXPORT_DIR: optionalText,
  EXPORT_MAX_ATTEMPTS: positiveInt(3),
  EXPORT_RETENTION_WEEKS: positiveInt(8),
  S3_BUCKET: optionalText,
  S3_PREFIX: optionalText.transform((v) => v ?? ''),
  S3_REGION: optionalText.transform((v) => v ?? 'us-east-1'),
  S3_ENDPOINT: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), 'must be a URL'),
  S3_FORCE_PATH_STYLE: booleanText.optional().transform((v) => v ?? false),
};

const DIGEST_WHEN = /^(mon|tue|wed|thu|fri|sat|sun) ([01]?\d|2[0-3])$/;

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every environment variable Hisaab reads (.env.example lists the same). */
export const SETTING_NAMES = ['BOT_TOKEN', ...Object.keys(settings)].sort();

function envSchema(needsBot: boolean) {
  return z
    .object({ ...settings, BOT_TOKEN: needsBot ? botToken : botToken.optional() })
    .superRefine((env, ctx) => {
      if (env.WEBHOOK_URL && !env.WEBHOOK_SECRET) {
        ctx.addIssue({
          code: 'custom',
          path: ['WEBHOOK_SECRET'],
          message: 'is required when WEBHOOK_URL is set, so that only Telegram can post updates',
        });
      }
    });
}

export interface S3Settings {
  bucket: string;
  prefix: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
}

export interface Config {
  botToken: string;
  telegramApiRoot: string;
  databaseUrl?: string;
  dataDir: string;
  adminIds: readonly bigint[];
  webhook?: { url: string; secret: string };
  /** The HTTP server (webhook, /healthz, the landing page), in both modes; port 0 is any free port. */
  http: { port: number; host: string };
  /** Polling may remove a webhook that is set (otherwise it refuses to start). */
  pollingReplacesWebhook: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  rateLimitPerMinute: number;
  /**
   * The Mini App, when PUBLIC_URL says where the bot is reached: `url` is PUBLIC_URL + /app (what
   * BotFather's /newapp is given); `shortName` makes group links t.me/<bot>/<shortName>, without it
   * they open the bot's main Mini App (t.me/<bot>?startapp=...).
   */
  miniApp?: { url: string; shortName?: string };
  /** Whom people write to about their data, shown by /privacy (PRIVACY_CONTACT). */
  privacyContact?: string;
  export: {
    schedule: string;
    timezone: string;
    exportDir: string;
    maxAttempts: number;
    /** Weekly export files kept (EXPORT_RETENTION_WEEKS), counting the newest; older ones are deleted. */
    retentionWeeks: number;
    s3?: S3Settings;
  };
  /**
   * Reading bill photos (a photo captioned /paid with no amount), offline: off, or the deadline per
   * photo and where the engine unpacks its model (under DATA_DIR).
   */
  billReading?: { timeoutMs: number; cachePath: string };
  recurring: {
    /** How often the sweep looks for recurring expenses that fell due. */
    sweepSeconds: number;
  };
  reminders: {
    /** When the weekly digest goes out, in EXPORT_TZ: weekday 1 (Monday) … 7 and hour; null: never. */
    digest: { weekday: number; hour: number } | null;
    /** Private reminders sent per second at most, across all chats (Telegram allows 30 in all). */
    perSecond: number;
  };
}

/** Thrown with one line per bad setting; main prints it and exits without a stack trace. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Hisaab cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses an environment (process.env in production, a plain object in tests). Tools that do not
 * talk to Telegram (the export CLI) pass `needsBot: false`; their botToken is then empty.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
  options: { needsBot?: boolean } = {},
): Config {
  const needsBot = options.needsBot ?? true;
  const parsed = envSchema(needsBot).safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'setting');
        const problem =
          issue.code === 'invalid_type' && env[name] === undefined ? 'is required' : issue.message;
        return `${name} ${problem}.`;
      }),
    );
  }
  const e = parsed.data;
  return {
    botToken: e.BOT_TOKEN ?? '',
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    adminIds: e.ADMIN_IDS,
    webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } : undefined,
    http: { port: e.PORT, host: e.HOST },
    pollingReplacesWebhook: e.POLLING_REPLACES_WEBHOOK,
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    ...(e.PRIVACY_CONTACT ? { privacyContact: e.PRIVACY_CONTACT } : {}),
    miniApp: e.PUBLIC_URL
      ? { url: `${e.PUBLIC_URL}/app`, ...(e.MINIAPP_SHORT_NAME ? { shortName: e.MINIAPP_SHORT_NAME } : {}) }
      : undefined,
    export: {
      schedule: e.EXPORT_SCHEDULE,
      timezone: e.EXPORT_TZ,
      exportDir: e.EXPORT_DIR ?? `${e.DATA_DIR.replace(/\/+$/, '')}/exports`,
      maxAttempts: e.EXPORT_MAX_ATTEMPTS,
      retentionWeeks: e.EXPORT_RETENTION_WEEKS,
      s3: e.S3_BUCKET
        ? {
            bucket: e.S3_BUCKET,
            prefix: e.S3_PREFIX,
            region: e.S3_REGION,
            endpoint: e.S3_ENDPOINT,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : undefined,
    },
    billReading: e.BILL_READING
      ? {
          timeoutMs: e.BILL_READING_TIMEOUT_SECONDS * 1000,
          cachePath: `${e.DATA_DIR.replace(/\/+$/, '')}/ocr-cache`,
        }
      : undefined,
    recurring: { sweepSeconds: e.RECURRING_SWEEP_SECONDS },
    reminders: { digest: digestWhen(e.DIGEST_SCHEDULE), perSecond: e.REMINDERS_PER_SECOND },
  };
}

function digestWhen(text: string): { weekday: number; hour: number } | null {
  const match = DIGEST_WHEN.exec(text);
  if (!match) return null;
  return {
    weekday: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(match[1] as string) + 1,
    hour: Number(match[2]),
  };
}

/**
 * Settings of the libraries we use, put in the environment they read them from. The AWS SDK warns
 * on every start under Node 20 (three paragraphs, once per client package) that its releases after
 * January 2027 need Node 22; the project runs on 20, 22 and 24 and says so in package.json's
 * engines, so the warning is switched off by its own setting, unless the operator set it.
 */
export function quietLibraries(env: Record<string, string | undefined>): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
