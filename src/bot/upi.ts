// UPI pay links (NPCI's deep-link form): `upi://pay?pa=<UPI id>&pn=<payee name>&am=<amount>&cu=INR
// &tn=Hisaab`. Each value is percent-encoded (RFC 3986: a space is %20, never +, which some UPI apps
// read literally), except the @ of the UPI id, which a query may hold as it is and which apps
// expect to see. Telegram's inline URL buttons take only http(s):// and tg:// URLs (Bot API,
// InlineKeyboardButton.url), so the link itself goes in the message text, where a tap copies it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Decimal } from '../ledger/index.js';

function encode(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@');
}

export function upiPayLink(payee: { upiId: string; name: string }, amount: Decimal): string {
  const params: [string, string][] = [
    ['pa', payee.upiId],
    ['pn', payee.name],
    ['am', amount.toFixed(2)],
    ['cu', 'INR'],
    ['tn', 'Hisaab'],
  ];
  return `upi://pay?${params.map(([k, v]) => `${k}=${encode(v)}`).join('&')}`;
}

// A pay *button* needs an https link: /upi/pay on the bot's own HTTP server (src/http/upi.ts) takes
// the same query, signed by the bot, and sends the phone on to the upi:// link. The signature (an
// HMAC under a key derived from the bot token) means the page forwards only pay links the bot made.

/** The key pay pages are signed with, derived from the bot token (never the token itself). */
export function upiPageKey(botToken: string): Buffer {
  return createHmac('sha256', 'hisaab upi pay page').update(botToken).digest();
}

function signature(key: Buffer, query: string): string {
  return createHmac('sha256', key).update(query).digest('base64url');
}

/** `https://host/upi/pay?pa=...&tn=Hisaab&sig=...` for the pay link of `payee` and `amount`. */
export function upiPageUrl(
  base: string,
  key: Buffer,
  payee: { upiId: string; name: string },
  amount: Decimal,
): string {
  const query = upiPayLink(payee, amount).slice('upi://pay?'.length);
  return `${base.replace(/\/+$/, '')}/upi/pay?${query}&sig=${signature(key, query)}`;
}

/** The upi:// link a pay page's query stands for, or null when its signature is not the bot's. */
export function verifiedUpiLink(key: Buffer, rawQuery: string): string | null {
  const match = /^(pa=[^#]*)&sig=([A-Za-z0-9_-]{43})$/.exec(rawQuery);
  if (!match) return null;
  const [, query = '', sig = ''] = match;
  const expected = Buffer.from(signature(key, query));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? `upi://pay?${query}` : null;
}
