// The webhook receiver: takes updates only with Telegram's secret-token header.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import type { UpdateProcessor } from '../bot/update-processor.js';
import type { Logger } from '../log.js';
import { type Route, readBody, send } from './server.js';

export interface WebhookRouteOptions {
  path: string;
  secret: string;
  processor: UpdateProcessor;
  logger: Logger;
  /** True once the instance is stopping: updates are turned away (503) for Telegram to post again. */
  draining?: () => boolean;
}

export function webhookRoutes(o: WebhookRouteOptions): Route[] {
  return [{ method: 'POST', path: o.path, handle: (req, res) => receiveUpdate(req, res, o) }];
}

async function receiveUpdate(
  req: IncomingMessage,
  res: ServerResponse,
  o: WebhookRouteOptions,
): Promise<void> {
  if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], o.secret)) {
    o.logger.warn('webhook request without the right secret refused');
    return send(res, 401, 'text/plain', 'unauthorized');
  }
  if (o.draining?.()) return send(res, 503, 'text/plain', 'stopping; post it again');
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
