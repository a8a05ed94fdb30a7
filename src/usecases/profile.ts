// A user's profile (email and mobile number, as the brief asks, and a UPI id for pay links):
// validation and storage.
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client.js';

const email = z.email();

/** Returns the normalised email, or null when it is not one. */
export function parseEmail(text: string): string | null {
  const candidate = text.trim().toLowerCase();
  return candidate.length <= 254 && email.safeParse(candidate).success ? candidate : null;
}

/**
 * Returns the number in international form (+<country><number>), or null. Ten digits starting 6-9
 * are taken as an Indian mobile (+91), the country this bot was first built for.
 */
export function parseMobile(text: string): string | null {
  const compact = text.trim().replace(/[\s().-]/g, '');
  if (/^[6-9]\d{9}$/.test(compact)) return `+91${compact}`;
  if (/^0[6-9]\d{9}$/.test(compact)) return `+91${compact.slice(1)}`;
  if (/^\+?[1-9]\d{7,14}$/.test(compact)) return compact.startsWith('+') ? compact : `+${compact}`;
  return null;
}

/**
 * A UPI id (virtual payment address), `name@bank`: letters, digits, dot, hyphen or underscore before
 * the @ (at most 50 in all, as NPCI allows), letters after it. Lower-cased (UPI ids are not case
 * sensitive); null when it is not one.
 */
export function parseUpiId(text: string): string | null {
  const candidate = text.trim().toLowerCase();
  return candidate.length <= 50 && /^[a-z0-9._-]{2,}@[a-z]{2,}$/.test(candidate) ? candidate : null;
}

export interface Profile {
  name: string;
  username: string | null;
  email: string | null;
  mobile: string | null;
  upiId: string | null;
}

export async function saveProfile(
  prisma: PrismaClient,
  telegramId: number,
  /** `upiId` undefined: kept as it is. */
  profile: { email: string; mobile: string; upiId?: string | null },
): Promise<Profile> {
  const user = await prisma.user.update({
    where: { telegramId: BigInt(telegramId) },
    data: {
      email: profile.email,
      mobile: profile.mobile,
      ...(profile.upiId === undefined ? {} : { upiId: profile.upiId }),
    },
  });
  return {
    name: user.lastName ? `${user.firstName} ${user.lastName}` : user.firstName,
    username: user.username,
    email: user.email,
    mobile: user.mobile,
    upiId: user.upiId,
  };
}
