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

/** The pay link's parameters, in the order the link has them. */
const PARAMS = ['pa', 'pn', 'am', 'cu', 'tn'] as const;
type PayParams = Record<(typeof PARAMS)[number], string>;

/** The query of the pay link with these values: our own encoding, in our own order. */
function canonicalQuery(values: PayParams): string {
  return PARAMS.map((k) => `${k}=${encode(values[k])}`).join('&');
}

export function upiPayLink(payee: { upiId: string; name: string }, amount: Decimal): string {
  const values = { pa: payee.upiId, pn: payee.name, am: amount.toFixed(2), cu: 'INR', tn: 'Hisaab' };
  return `upi://pay?${canonicalQuery(values)}`;
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

/**
 * A page query's parameters decoded (each of pa, pn, am, cu, tn and sig exactly once, nothing else;
 * `+` is a plus, as our links never write a space as `+`), or null.
 */
function pageParams(rawQuery: string): (PayParams & { sig: string }) | null {
  const found = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    const at = pair.indexOf('=');
    if (at < 0) return null;
    const name = pair.slice(0, at);
    if (found.has(name) || (name !== 'sig' && !(PARAMS as readonly string[]).includes(name))) return null;
    try {
      found.set(name, decodeURIComponent(pair.slice(at + 1)));
    } catch {
      return null; // a broken %-escape
    }
  }
  if (found.size !== PARAMS.length + 1) return null;
  return Object.fromEntries(found) as PayParams & { sig: string };
}

export interface VerifiedUpiPage {
  /** The upi:// link the bot signed. */
  link: string;
  name: string;
  amount: string;
}

/**
 * The pay link a page's query stands for, or null when its signature is not the bot's. The signature
 * covers the canonical query (the values decoded and encoded again our way), not the bytes that
 * arrive: a browser re-encodes some characters of a query (`'` becomes %27) before it asks, and a
 * name like D'Souza must still open the page. Links signed before this have the canonical query
 * already (it is how they were made), so they still verify.
 */
export function verifiedUpiLink(key: Buffer, rawQuery: string): VerifiedUpiPage | null {
  const params = pageParams(rawQuery);
  if (!params || !/^[A-Za-z0-9_-]{43}$/.test(params.sig)) return null;
  const query = canonicalQuery(params);
  const expected = Buffer.from(signature(key, query));
  const given = Buffer.from(params.sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { link: `upi://pay?${query}`, name: params.pn, amount: params.am };
}
