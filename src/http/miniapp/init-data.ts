// Who is asking: Telegram's initData, sent with every API request, checked with @tma.js/init-data-node
// (HMAC-SHA256 keyed by HMAC("WebAppData", bot token) over the sorted fields) and no older than an
// hour. Anything else (no data, a forged or altered field, another bot's data, an old one) is
// refused before the database is asked anything.
import { parse, validate } from '@tma.js/init-data-node';

export const INIT_DATA_MAX_AGE_S = 60 * 60;

export interface Launch {
  telegramId: number;
  firstName: string;
  /** The startapp value the Mini App was opened with (signed by Telegram as part of initData). */
  startParam?: string;
}

export type InitDataCheck = { ok: true; launch: Launch } | { ok: false; reason: string };

/** Reads `Authorization: tma <initData>`. */
export function initDataFromHeader(header: string | undefined): string | undefined {
  const match = /^tma (.+)$/.exec(header ?? '');
  return match?.[1];
}

export function checkInitData(initData: string | undefined, botToken: string): InitDataCheck {
  if (!initData)
    return { ok: false, reason: 'Open this page from Telegram: it came without Telegram’s launch data.' };
  try {
    validate(initData, botToken, { expiresIn: INIT_DATA_MAX_AGE_S });
  } catch (error) {
    const expired = (error as Error).name === 'ExpiredError';
    return {
      ok: false,
      reason: expired
        ? 'This page was opened more than an hour ago: close it and open it again from the chat.'
        : 'Telegram’s launch data did not check out: open this page from the chat again.',
    };
  }
  // Signed is not well-formed: data that checks out (a leaked token, a bug on Telegram's side) but
  // does not parse is refused like any other bad data, not answered with an error of ours.
  let data: ReturnType<typeof parse>;
  try {
    data = parse(initData);
  } catch {
    return {
      ok: false,
      reason: 'Telegram’s launch data could not be read: open this page from the chat again.',
    };
  }
  if (!data.user)
    return { ok: false, reason: 'Telegram’s launch data names no user: open this page from the chat again.' };
  return {
    ok: true,
    launch: {
      telegramId: data.user.id,
      firstName: data.user.first_name,
      ...(data.start_param ? { startParam: data.start_param } : {}),
    },
  };
}
