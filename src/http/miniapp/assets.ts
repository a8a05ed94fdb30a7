// The Mini App's page and its bundled files (built into dist/miniapp by `npm run build`), served at
// /app with a Content-Security-Policy that allows only our own script, styles and API: no inline
// script or style, no third party. Files are read once at start and gzipped when the browser takes it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Route, send } from '../server.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  // Telegram's web clients show a Mini App in a frame; nobody else may.
  'frame-ancestors https://web.telegram.org https://*.telegram.org',
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

interface Asset {
  type: string;
  body: Buffer;
  gzipped: Buffer;
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function load(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(dir)) return assets;
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    assets.set(name, { type, body, gzipped: gzipSync(body, { level: 9 }) });
  }
  return assets;
}

export function miniAppAssetRoutes(o: { dir: string }): Route[] {
  const assets = load(o.dir);
  const serve =
    (name: string, cache: string): Route['handle'] =>
    (req, res) => {
      const asset = assets.get(name);
      if (!asset) {
        return send(
          res,
          name === 'index.html' ? 503 : 404,
          'text/plain; charset=utf-8',
          name === 'index.html' ? 'The Mini App was not built: run npm run build.' : 'not found',
        );
      }
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      send(res, 200, asset.type, gzip ? asset.gzipped : asset.body, {
        ...SECURITY_HEADERS,
        'cache-control': cache,
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
    };
  const page = serve('index.html', 'no-cache');
  return [
    { method: 'GET', path: '/app', handle: page },
    { method: 'GET', path: '/app/', handle: page },
    {
      method: 'GET',
      prefix: '/app/',
      handle(req, res, url) {
        const name = url.pathname.slice('/app/'.length);
        // Bundles carry their content's hash in their name: they never change under it.
        return serve(name === 'index.html' ? '' : name, 'public, max-age=31536000, immutable')(req, res, url);
      },
    },
  ];
}
