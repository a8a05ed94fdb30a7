// Polling mode serves the same HTTP pages as webhook mode (on PORT, 0 being any free port), and a
// port that is taken costs only the pages: the bot still answers in the chat.
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type Logger, type LogLevel, silentLogger } from '../../src/log.js';
import { startTestBot, type TestBot } from '../support/app.js';

function recordingLogger(lines: { level: LogLevel; message: string }[]): Logger {
  const logger: Logger = {
    debug: (message) => lines.push({ level: 'debug', message }),
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
    child: () => logger,
  };
  return logger;
}

describe('the HTTP server in polling mode', () => {
  const started: TestBot[] = [];
  let blocker: Server | undefined;
  afterAll(async () => {
    for (const h of started) await h.stop();
    blocker?.close();
  });

  it('listens on any free port and says where; /healthz and the landing page answer', async () => {
    const h = await startTestBot({ logger: silentLogger });
    started.push(h);
    expect(h.app.http?.address.port).toBeGreaterThan(0);
    const health = await fetch(`${h.app.http?.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    expect(await (await fetch(`${h.app.http?.url}/`)).text()).toContain('@HisaabTestBot');
    // No webhook route in polling mode.
    expect((await fetch(`${h.app.http?.url}/telegram/hook`, { method: 'POST' })).status).toBe(404);
  });

  it('keeps running the bot without HTTP, with one warning, when the port is taken', async () => {
    const taken = createServer();
    blocker = taken;
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)),
    );
    const lines: { level: LogLevel; message: string }[] = [];
    const h = await startTestBot({ logger: recordingLogger(lines), env: { PORT: String(port) } });
    started.push(h);
    expect(h.app.http).toBeUndefined();
    const warnings = lines.filter((l) => l.level === 'warn' && /Cannot listen/.test(l.message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain(`127.0.0.1:${port}`);
    const asha = h.emulator.createUser({ firstName: 'Asha', username: 'asha_k' });
    const group = h.emulator.createGroup({ title: 'Flat', members: [asha] });
    h.emulator.sendText(asha, group, '/start');
    const [reply] = await h.emulator.waitForReplies(group.id, 1);
    expect(h.emulator.textOf(reply)).toMatch(/Hello Asha/);
  });
});
