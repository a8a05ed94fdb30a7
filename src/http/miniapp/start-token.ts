// The startapp value that opens the Mini App on a group: an opaque, signed reference to the group
// (its row id and an HMAC under a key derived from the bot token), never the chat id. Telegram
// allows A-Z, a-z, 0-9, _ and - and at most 64 characters; ours are about 25 (43 with
// a page to open, start-page.ts). Anyone can copy a
// link, so the token only says which group is meant: the API still asks whether the person who
// opened it is a member now.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type StartPage, startPageSuffix } from './start-page.js';

const SIGNATURE_CHARS = 22; // 132 bits of the HMAC, base64url
/** g<group id, base 36>_<signature>, then perhaps a page (-spending-2026-10). */
const TOKEN = new RegExp(`^g([0-9a-z]{1,10})_([A-Za-z0-9_-]{${SIGNATURE_CHARS}})(?:-[A-Za-z0-9_-]*)?$`);

function key(botToken: string): Buffer {
  return createHmac('sha256', 'HisaabStartApp').update(botToken).digest();
}

function signature(botToken: string, payload: string): string {
  return createHmac('sha256', key(botToken))
    .update(`group:${payload}`)
    .digest('base64url')
    .slice(0, SIGNATURE_CHARS);
}

export function groupStartToken(botToken: string, groupId: number): string {
  const payload = groupId.toString(36);
  return `g${payload}_${signature(botToken, payload)}`;
}

/**
 * The group a startapp value names, or null when its token is not one this bot signed. What follows
 * the token (`-spending...`, start-page.ts) only picks the page shown first.
 */
export function groupFromStartToken(botToken: string, token: string): number | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, payload = '', given = ''] = match;
  const expected = signature(botToken, payload);
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected)))
    return null;
  const id = Number.parseInt(payload, 36);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * The t.me link that opens the Mini App on a group (the named app, or the bot's main Mini App), on
 * its front page or on the page given.
 */
export function groupAppLink(o: {
  botUsername: string;
  shortName?: string;
  botToken: string;
  groupId: number;
  page?: StartPage;
}): string {
  const path = o.shortName ? `${o.botUsername}/${o.shortName}` : o.botUsername;
  const page = o.page ? startPageSuffix(o.page) : '';
  return `https://t.me/${path}?startapp=${groupStartToken(o.botToken, o.groupId)}${page}`;
}
