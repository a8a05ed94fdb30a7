// The UPI pay page, GET /upi/pay?<the pay link's query>&sig=<the bot's signature>: Telegram's URL
// buttons take only http(s) links, so a /settleup pay button opens this page, which sends the phone
// on to the upi:// link (a refresh, and a link to tap where the browser does not follow it). It
// forwards only links the bot signed (src/bot/upi.ts); anything else is a 404.
import { escapeHtml } from '../bot/format.js';
import { verifiedUpiLink } from '../bot/upi.js';
import { type Route, send } from './server.js';

export function upiRoutes(o: { key: Buffer }): Route[] {
  return [
    {
      method: 'GET',
      path: '/upi/pay',
      handle(req, res) {
        const raw = (req.url ?? '').split('?')[1] ?? '';
        const page = verifiedUpiLink(o.key, raw);
        if (!page) return send(res, 404, 'text/plain', 'not found');
        const { name, amount } = page;
        const href = escapeHtml(page.link);
        const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0;url=${href}"><title>Pay by UPI</title>
<style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;line-height:1.5}a{font-size:1.25rem}</style>
</head><body>
<p><a href="${href}">Pay ₹${escapeHtml(amount)} to ${escapeHtml(name)} with your UPI app</a></p>
<p>If no app opens, copy this into one: <code>${href}</code></p>
</body></html>`;
        send(res, 200, 'text/html; charset=utf-8', body, {
          'content-security-policy':
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
        });
      },
    },
  ];
}
