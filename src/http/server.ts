// The bot's one HTTP server, in webhook and polling mode alike: a list of routes (the webhook
// receiver, the landing page and /healthz, the Mini App's files and API), matched by method and
// exact path or path prefix. Each feature brings its own routes; this file knows none of them.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';

export type Method = 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE';

export interface Route {
  method: Method;
  /** Exactly this path... */
  path?: string;
  /** ...or every path that starts with this (the longest matching prefix wins). */
  prefix?: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}

export interface HttpServer {
  server: Server;
  /** Binds; port 0 takes any free port. Resolves with the bound address, rejects if it cannot bind. */
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** Where a bound server can be reached from this machine (0.0.0.0 and :: become loopback). */
export function localUrl(address: AddressInfo): string {
  const host =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : address.address;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${address.port}`;
}

export function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): Route | 'wrong method' | undefined {
  let best: Route | undefined;
  let pathKnown = false;
  for (const route of routes) {
    const fits =
      route.path !== undefined
        ? route.path === path
        : route.prefix !== undefined && path.startsWith(route.prefix);
    if (!fits) continue;
    pathKnown = true;
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
    if (route.path !== undefined) return route;
    if (!best || (best.prefix?.length ?? 0) < (route.prefix?.length ?? 0)) best = route;
  }
  return best ?? (pathKnown ? 'wrong method' : undefined);
}

export function createHttpServer(options: { routes: readonly Route[]; logger: Logger }): HttpServer {
  const { routes, logger } = options;
  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return send(res, 400, 'text/plain', 'bad request');
    }
    const route = findRoute(routes, req.method ?? 'GET', url.pathname);
    if (route === undefined) return send(res, 404, 'text/plain', 'not found');
    if (route === 'wrong method') return send(res, 405, 'text/plain', 'method not allowed');
    Promise.resolve()
      .then(() => route.handle(req, res, url))
      .catch((error) => {
        logger.error('HTTP request failed', { error, path: url.pathname });
        if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
        else res.destroy();
      });
  });
  // Browsers keep connections open; a stop must not wait for them.
  server.keepAliveTimeout = 5_000;
  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const failed = (error: Error) => reject(error);
        server.once('error', failed);
        server.listen(port, host, () => {
          server.off('error', failed);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    close() {
      if (!server.listening) return Promise.resolve();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // A request still being answered gets a moment; then its connection is cut.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
    },
  };
}

export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), {
    'cache-control': 'no-store',
    ...headers,
  });
}

const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
