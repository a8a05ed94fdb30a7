// The landing page at / and /healthz: is this instance ready (its database reachable, and it is not
// stopping)? A balancer sends updates only to instances that answer 200.
import { escapeHtml } from '../bot/format.js';
import { type Route, send, sendJson } from './server.js';

export interface SiteRouteOptions {
  botUsername: string;
  checkDatabase: () => Promise<void>;
  /** True once the instance is stopping: it finishes what it holds and takes nothing new. */
  draining?: () => boolean;
}

export function siteRoutes(o: SiteRouteOptions): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      async handle(_req, res) {
        if (o.draining?.()) return sendJson(res, 503, { ok: false, reason: 'draining' });
        try {
          await o.checkDatabase();
          sendJson(res, 200, { ok: true });
        } catch {
          sendJson(res, 503, { ok: false, reason: 'database unreachable' });
        }
      },
    },
    {
      method: 'GET',
      path: '/',
      handle(_req, res) {
        send(res, 200, 'text/html; charset=utf-8', landingPage(o.botUsername), {
          'content-security-policy':
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
        });
      },
    },
  ];
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
