// initData that Telegram's signature covers but that does not parse (a user field that is not JSON)
// is refused as bad data, the 401 path, not thrown as an error of ours (which was a 500).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkInitData } from '../../src/http/miniapp/init-data.js';

const TOKEN = '123456:TEST';

function signed(fields: Record<string, string>): string {
  const check = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(TOKEN).digest();
  const hash = createHmac('sha256', secret).update(check).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}

describe('initData that checks out', () => {
  const authDate = String(Math.floor(Date.now() / 1000));

  it('is read when it parses', () => {
    const result = checkInitData(
      signed({ auth_date: authDate, signature: 'x', user: '{"id":5,"first_name":"Asha"}' }),
      TOKEN,
    );
    expect(result).toEqual({ ok: true, launch: { telegramId: 5, firstName: 'Asha' } });
  });

  it('is refused, not thrown, when it does not parse', () => {
    for (const user of ['{not json', '{"id":"five"}', '[]']) {
      const result = checkInitData(signed({ auth_date: authDate, signature: 'x', user }), TOKEN);
      expect(result.ok).toBe(false);
    }
  });
});
