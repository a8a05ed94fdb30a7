// The HTTP server's routing: exact paths before prefixes, the longest prefix, 404 and 405, and a
// handler that throws answers 500 without taking the server down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpServer,
  findRoute,
  type HttpServer,
  localUrl,
  type Route,
  send,
} from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';

const answer =
  (text: string): Route['handle'] =>
  (_req, res, url) =>
    send(res, 200, 'text/plain', `${text} ${url.pathname}`);

const routes: Route[] = [
  { method: 'GET', path: '/app', handle: answer('page') },
  { method: 'GET', prefix: '/app/', handle: answer('files') },
  { method: 'GET', prefix: '/app/api/', handle: answer('api') },
  { method: 'POST', path: '/hook', handle: answer('hook') },
  {
    method: 'GET',
    path: '/boom',
    handle() {
      throw new Error('handler failed');
    },
  },
];

describe('the HTTP server', () => {
  let http: HttpServer;
  let base: string;
  beforeAll(async () => {
    http = createHttpServer({ routes, logger: silentLogger });
    base = localUrl(await http.listen(0, '127.0.0.1'));
  });
  afterAll(() => http.close());

  it('picks the exact path, else the longest prefix', () => {
    expect(findRoute(routes, 'GET', '/app')).toBe(routes[0]);
    expect(findRoute(routes, 'GET', '/app/app.js')).toBe(routes[1]);
    expect(findRoute(routes, 'GET', '/app/api/overview')).toBe(routes[2]);
    expect(findRoute(routes, 'GET', '/hook')).toBe('wrong method');
    expect(findRoute(routes, 'GET', '/elsewhere')).toBeUndefined();
  });

  it('answers over HTTP: the route, 404, 405, and 500 when a handler throws', async () => {
    expect(await (await fetch(`${base}/app/api/x`)).text()).toBe('api /app/api/x');
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/hook`)).status).toBe(405);
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    expect((await fetch(`${base}/app`)).status).toBe(200);
  });

  it('says when the port is taken instead of hanging', async () => {
    const port = Number(new URL(base).port);
    const second = createHttpServer({ routes, logger: silentLogger });
    await expect(second.listen(port, '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
