// The HTTP part: the landing page and /healthz, /metrics, the Mini App and its API, the UPI pages
// and (webhook mode) the webhook, on one server. In polling mode a port that is taken only costs the
// pages; a webhook needs it. Its stop first lets the updates being handled finish (`beforeClose`),
// so meanwhile /healthz says "draining" and the webhook turns updates away for Telegram to resend.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Services } from '../bot/context.js';
import type { UpdateProcessor } from '../bot/update-processor.js';
import { upiPageKey } from '../bot/upi.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { pingSql } from '../db/queries/health.js';
import { metricsRoutes } from '../http/metrics.js';
import { miniAppApiRoutes } from '../http/miniapp/api.js';
import { miniAppAssetRoutes } from '../http/miniapp/assets.js';
import { billApiRoutes } from '../http/miniapp/bill-api.js';
import { createHttpServer, type HttpServer, localUrl, type Route } from '../http/server.js';
import { siteRoutes } from '../http/site.js';
import { upiRoutes } from '../http/upi.js';
import { webhookRoutes } from '../http/webhook.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import { PROJECT_ROOT } from '../project-root.js';
import type { Part } from './part.js';

export interface HttpPart extends Part {
  server?: HttpServer['server'];
  bound?: { address: AddressInfo; url: string };
}

export async function startHttp(
  config: Config,
  parts: { db: Database; services: Services; metrics: Metrics; processor: UpdateProcessor },
  options: { logger: Logger; botUsername: string; miniAppDir?: string; draining: () => boolean },
): Promise<HttpPart> {
  const { logger } = options;
  const server = createHttpServer({
    routes: routesOf(config, parts, options),
    logger: logger.child({ component: 'http' }),
  });
  try {
    const address = await server.listen(config.http.port, config.http.host);
    logger.info('HTTP server listening', { host: address.address, port: address.port });
    return {
      name: 'http',
      server: server.server,
      bound: { address, url: localUrl(address) },
      async stop() {
        await parts.processor.drain(5_000);
        await server.close();
      },
    };
  } catch (error) {
    const sentence = `Cannot listen on ${config.http.host}:${config.http.port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    if (config.webhook) throw new Error(`${sentence}: webhook mode needs it; free the port or set PORT.`);
    // Polling works without HTTP; only the pages it serves are missing.
    logger.warn(`${sentence}; the bot runs without its HTTP pages. Set PORT to a free port (0: any).`);
    return { name: 'http', stop: () => parts.processor.drain(5_000) };
  }
}

function routesOf(
  config: Config,
  parts: { db: Database; services: Services; metrics: Metrics; processor: UpdateProcessor },
  options: { logger: Logger; botUsername: string; miniAppDir?: string; draining: () => boolean },
): Route[] {
  const { db, services, metrics, processor } = parts;
  const { logger, draining } = options;
  const routes: Route[] = [
    ...siteRoutes({
      botUsername: options.botUsername,
      checkDatabase: async () => {
        await db.sql.run(pingSql, []);
      },
      draining,
    }),
    ...metricsRoutes(metrics),
    ...miniAppAssetRoutes({ dir: options.miniAppDir ?? join(PROJECT_ROOT, 'dist/miniapp') }),
    ...miniAppApiRoutes({
      deps: services,
      botToken: config.botToken,
      logger: logger.child({ component: 'miniapp' }),
    }),
    ...billApiRoutes({
      deps: services,
      botToken: config.botToken,
      logger: logger.child({ component: 'miniapp' }),
      // A bill recorded from the Mini App is confirmed in its group, through the sender.
      announce: (chatId, lines) => {
        void services.sender.enqueue(Number(chatId), { method: 'sendMessage', text: lines.join('\n') });
      },
    }),
    ...upiRoutes({ key: upiPageKey(config.botToken) }),
  ];
  if (config.webhook) {
    const path = new URL(config.webhook.url).pathname;
    routes.push(...webhookRoutes({ path, secret: config.webhook.secret, processor, logger, draining }));
  }
  return routes;
}
