// The startapp value that opens the Mini App on a group: an opaque, signed reference to the group
// (its row id and an HMAC under a key derived from the bot token), never the chat id. Telegram
// allows A-Z, a-z, 0-9, _ and - and at most 64 characters; ours are about 25. Anyone can copy a
// link, so the token only says which group is meant: the API still asks whether the person who
// opened it is a member now.
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_CHARS = 22; // 132 bits of the HMAC, base64url

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

/** The group a token names, or null when it is not one this bot signed. */
export function groupFromStartToken(botToken: string, token: string): number | null {
  const match = /^g([0-9a-z]{1,10})_([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return null;
  const [, payload = '', given = ''] = match;
  const expected = signature(botToken, payload);
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected)))
    return null;
  const id = Number.parseInt(payload, 36);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The t.me link that opens the Mini App on a group (the named app, or the bot's main Mini App). */
export function groupAppLink(o: {
  botUsername: string;
  shortName?: string;
  botToken: string;
  groupId: number;
}): string {
  const path = o.shortName ? `${o.botUsername}/${o.shortName}` : o.botUsername;
  return `https://t.me/${path}?startapp=${groupStartToken(o.botToken, o.groupId)}`;
}
