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

const MOBILE_EXAMPLES =
  "an Indian mobile number has 10 digits, like 98765 43210, and another country's starts with + and its code, like +44 7700 900123";

/**
 * A mobile number in international form (+<country><number>), or the one sentence that says why
 * not. Without a +, it is Indian (the country this bot was first built for): 10 digits starting 6-9,
 * with an optional 0 or 91 before them; anything else without a + is refused rather than guessed
 * (`98765 4321` is a digit short, not +987654321). With a +, +91 must be followed by such 10 digits
 * and any other country code by 8 to 15 digits in all (E.164's limit). `contact`: a number Telegram
 * shared, which is always international, with or without its +.
 */
export function readMobile(text: string, contact = false): { mobile: string } | { refusal: string } {
  const typed = text.trim().length <= 30 ? text.trim() : 'That';
  const compact = text.trim().replace(/[\s().-]/g, '');
  const international = compact.startsWith('+') || contact;
  const digits = compact.replace(/^\+/, '');
  // Too few digits to be any number at all (a typo, "12"): no count, which would only puzzle.
  if (!/^\d{6,}$/.test(digits)) return { refusal: `That is not a phone number; ${MOBILE_EXAMPLES}.` };
  if (international && !digits.startsWith('91')) {
    return /^[1-9]\d{7,14}$/.test(digits)
      ? { mobile: `+${digits}` }
      : { refusal: `${typed} is too short or too long for a phone number; ${MOBILE_EXAMPLES}.` };
  }
  // Indian: +91 and 10 digits, or (typed without a +) 10 digits with an optional 0 or 91 before them.
  const national = international ? digits.slice(2) : digits.replace(/^(0|91)(?=\d{10}$)/, '');
  if (national.length !== 10)
    return { refusal: `${typed} has ${national.length} digits; ${MOBILE_EXAMPLES}.` };
  if (!/^[6-9]/.test(national))
    return {
      refusal: `${typed} is not an Indian mobile number, which starts with 6, 7, 8 or 9; ${MOBILE_EXAMPLES}.`,
    };
  return { mobile: `+91${national}` };
}

/** Returns the number in international form (+<country><number>), or null (readMobile says why). */
export function parseMobile(text: string, contact = false): string | null {
  const read = readMobile(text, contact);
  return 'mobile' in read ? read.mobile : null;
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
  /** A field left undefined (/skip) is kept as it is. */
  profile: { email?: string; mobile?: string; upiId?: string | null },
): Promise<Profile> {
  const user = await prisma.user.update({
    where: { telegramId: BigInt(telegramId) },
    data: {
      ...(profile.email === undefined ? {} : { email: profile.email }),
      ...(profile.mobile === undefined ? {} : { mobile: profile.mobile }),
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
