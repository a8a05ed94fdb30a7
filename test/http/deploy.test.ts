// The shipped nginx example keeps what is for the operator off the internet: /metrics and /healthz
// are answered 404 by nginx itself (an exact location, which wins over `location /`), while the
// webhook, the Mini App and the pay page pass through.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const conf = readFileSync(new URL('../../deploy/nginx/hisaab.conf', import.meta.url), 'utf8');

/** What nginx does for a path: the exact location if there is one, else the longest prefix. */
function routeOf(path: string): string {
  const blocks = [...conf.matchAll(/location\s+(=\s*)?(\S+)\s*\{([^}]*)\}/g)].map((m) => ({
    exact: Boolean(m[1]),
    path: m[2] as string,
    body: m[3] as string,
  }));
  const exact = blocks.find((b) => b.exact && b.path === path);
  if (exact) return exact.body;
  const prefixes = blocks.filter((b) => !b.exact && path.startsWith(b.path));
  prefixes.sort((a, b) => b.path.length - a.path.length);
  return prefixes[0]?.body ?? '';
}

describe('the nginx example', () => {
  it('does not serve /metrics or /healthz to the internet', () => {
    for (const path of ['/metrics', '/healthz']) expect(routeOf(path)).toMatch(/return 404;|deny all;/);
  });

  it('passes the webhook, the Mini App and the pay page to the bot', () => {
    for (const path of ['/telegram', '/app', '/app/api/overview', '/upi/pay'])
      expect(routeOf(path)).toContain('proxy_pass http://hisaab;');
  });
});
