// Webhook mode: an HTTP server that takes updates only with Telegram's secret-token header,
// answers /healthz (is the database reachable?) and shows a small landing page at /.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import type { Logger } from '../log.js';
import { escapeHtml } from './format.js';
import type { UpdateProcessor } from './updates.js';

const MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookServerOptions {
  path: string;
  secret: string;
  botUsername: string;
  processor: UpdateProcessor;
  checkDatabase: () => Promise<void>;
  logger: Logger;
}

export function createWebhookServer(options: WebhookServerOptions): Server {
  return createServer((req, res) => {
    route(req, res, options).catch((error) => {
      options.logger.error('webhook request failed', { error });
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
    });
  });
}

async function route(req: IncomingMessage, res: ServerResponse, o: WebhookServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'POST' && path === o.path) return receiveUpdate(req, res, o);
  if (req.method === 'GET' && path === '/healthz') {
    try {
      await o.checkDatabase();
      return send(res, 200, 'application/json', JSON.stringify({ ok: true }));
    } catch {
      return send(
        res,
        503,
        'application/json',
        JSON.stringify({ ok: false, reason: 'database unreachable' }),
      );
    }
  }
  if (req.method === 'GET' && path === '/')
    return send(res, 200, 'text/html; charset=utf-8', landingPage(o.botUsername));
  return send(res, 404, 'text/plain', 'not found');
}

async function receiveUpdate(
  req: IncomingMessage,
  res: ServerResponse,
  o: WebhookServerOptions,
): Promise<void> {
  if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], o.secret)) {
    o.logger.warn('webhook request without the right secret refused');
    return send(res, 401, 'text/plain', 'unauthorized');
  }
  let update: Update;
  try {
    update = JSON.parse(await readBody(req)) as Update;
    if (typeof update.update_id !== 'number') throw new Error('no update_id');
  } catch {
    return send(res, 400, 'text/plain', 'bad request');
  }
  // Answered once stored and queued: the inbox replays it if we die before handling it, so
  // Telegram need not wait for the handling (a slow one would make it deliver the update again).
  await o.processor.receive([update]);
  await o.processor.process(update);
  send(res, 200, 'application/json', '{}');
}

function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

function landingPage(botUsername: string): string {
  const name = escapeHtml(botUsername);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hisaab: shared expenses in your group chat</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .25rem}</style>
</head><body>
<h1>Hisaab</h1>
<p>Hisaab is a Telegram bot that keeps the shared expenses of a group chat, exact to the paisa: who paid,
how it was split, and who owes whom.</p>
<h2>Add it to your group</h2>
<ol>
<li>Open <a href="https://t.me/${name}">@${name}</a> in Telegram and press <b>Start</b>.</li>
<li>In your group: <i>Add members</i> → <code>@${name}</code>. Everyone sends <code>/start</code> in the group once.</li>
<li>Record an expense: <code>/paid 1200 equal @asha @ravi dinner</code>, then <code>/balances</code>.</li>
</ol>
<p>Your own passbook is private: send <code>/passbook</code> to the bot in a direct chat.</p>
</body></html>`;
}
