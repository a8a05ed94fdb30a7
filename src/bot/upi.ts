// UPI pay links (NPCI's deep-link form): `upi://pay?pa=<UPI id>&pn=<payee name>&am=<amount>&cu=INR
// &tn=Hisaab`. Each value is percent-encoded (RFC 3986: a space is %20, never +, which some UPI apps
// read literally), except the @ of the UPI id, which a query may hold as it is and which apps
// expect to see. Telegram's inline URL buttons take only http(s):// and tg:// URLs (Bot API,
// InlineKeyboardButton.url), so the link goes in the message text, where a tap copies it.
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
