// Structured logging: one JSON line per event on stderr, with a child logger per update/job.
// Secrets registered with `redact` (the bot token) are masked in every line, whatever logs them.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const secrets = new Set<string>();

/** Masks `secret` in every log line from now on (used for the bot token). */
export function redact(secret: string): void {
  if (secret.length >= 8) secrets.add(secret);
}

/** The first line of an error's message: a sentence for a person, without the stack or details. */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] ?? '';
}

/** Replaces every registered secret in `text` with a fixed mask. */
export function maskSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function createLogger(
  options: { level?: LogLevel; bindings?: Record<string, unknown>; write?: (line: string) => void } = {},
): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const bindings = options.bindings ?? {};
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    const record: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      msg: message,
      ...bindings,
    };
    for (const [key, value] of Object.entries(fields ?? {})) record[key] = serialise(value);
    write(maskSecrets(JSON.stringify(record, (_key, v) => (typeof v === 'bigint' ? v.toString() : v))));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (more) => createLogger({ ...options, bindings: { ...bindings, ...more } }),
  };
}

/** A logger that drops everything: for tests and benchmarks that do not want noise. */
export const silentLogger: Logger = createLogger({
  write: () => {
    // dropped: that is the point of this logger
  },
});
