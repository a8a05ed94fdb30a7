// The UPI pay link's format and the UPI id a profile accepts.
import { describe, expect, it } from 'vitest';
import { upiPageKey, upiPageUrl, upiPayLink, verifiedUpiLink } from '../../src/bot/upi.js';
import { Decimal } from '../../src/ledger/index.js';
import { parseUpiId } from '../../src/usecases/profile.js';

describe('upiPayLink', () => {
  it('is upi://pay with pa, pn, am (two decimals), cu=INR and tn=Hisaab', () => {
    expect(upiPayLink({ upiId: 'asha@okaxis', name: 'Asha' }, new Decimal('500'))).toBe(
      'upi://pay?pa=asha@okaxis&pn=Asha&am=500.00&cu=INR&tn=Hisaab',
    );
  });

  it('percent-encodes each value (a space is %20, never +), keeping the @ of the UPI id', () => {
    const link = upiPayLink(
      { upiId: 'meera.iyer-1_@okhdfcbank', name: 'Meera & Iyer+Co #1 मीरा' },
      new Decimal('1234.5'),
    );
    expect(link).toBe(
      'upi://pay?pa=meera.iyer-1_@okhdfcbank&pn=Meera%20%26%20Iyer%2BCo%20%231%20%E0%A4%AE%E0%A5%80%E0%A4%B0%E0%A4%BE&am=1234.50&cu=INR&tn=Hisaab',
    );
    const query = new URL(link.replace('upi://pay', 'https://x/pay')).searchParams;
    expect(Object.fromEntries(query)).toEqual({
      pa: 'meera.iyer-1_@okhdfcbank',
      pn: 'Meera & Iyer+Co #1 मीरा',
      am: '1234.50',
      cu: 'INR',
      tn: 'Hisaab',
    });
  });
});

describe('the signed pay page address', () => {
  const key = upiPageKey('123:token-for-tests-only-abcdefgh');
  const url = upiPageUrl(
    'https://hisaab.example.com/',
    key,
    { upiId: 'asha@okaxis', name: 'Asha K' },
    new Decimal('500'),
  );

  it('carries the pay link and a signature, and gives back exactly that link', () => {
    expect(url).toMatch(
      /^https:\/\/hisaab\.example\.com\/upi\/pay\?pa=asha@okaxis&pn=Asha%20K&am=500\.00&cu=INR&tn=Hisaab&sig=[\w-]{43}$/,
    );
    expect(verifiedUpiLink(key, url.split('?')[1] as string)).toEqual({
      link: 'upi://pay?pa=asha@okaxis&pn=Asha%20K&am=500.00&cu=INR&tn=Hisaab',
      name: 'Asha K',
      amount: '500.00',
    });
  });

  it("still verifies after a browser re-encodes the query (Rohan D'Souza's apostrophe becomes %27)", () => {
    const rohan = upiPageUrl(
      'https://hisaab.example.com',
      key,
      { upiId: 'rohan@ybl', name: "Rohan D'Souza" },
      new Decimal('250'),
    );
    // What a browser asks for: the WHATWG URL parser percent-encodes ' in the query of an https URL.
    const asked = new URL(rohan).search.slice(1);
    expect(asked).toContain('pn=Rohan%20D%27Souza');
    const expected = {
      link: "upi://pay?pa=rohan@ybl&pn=Rohan%20D'Souza&am=250.00&cu=INR&tn=Hisaab",
      name: "Rohan D'Souza",
      amount: '250.00',
    };
    expect(verifiedUpiLink(key, asked)).toEqual(expected);
    // Other encodings of the same values too (the @ escaped, parameters in another order).
    const reordered = asked.split('&').reverse().join('&').replace('rohan@ybl', 'rohan%40ybl');
    expect(verifiedUpiLink(key, reordered)).toEqual(expected);
    // But not another name that encodes alike.
    expect(verifiedUpiLink(key, asked.replace('D%27Souza', 'D%22Souza'))).toBeNull();
  });

  it('forwards nothing changed or signed by another bot', () => {
    const query = url.split('?')[1] as string;
    expect(verifiedUpiLink(key, query.replace('am=500.00', 'am=5000.00'))).toBeNull();
    expect(verifiedUpiLink(upiPageKey('456:another-bot-token-abcdefghij'), query)).toBeNull();
    expect(verifiedUpiLink(key, query.replace(/&sig=.*/, ''))).toBeNull();
    expect(verifiedUpiLink(key, `${query}&x=1`)).toBeNull();
    expect(verifiedUpiLink(key, `${query}&am=5000.00`)).toBeNull();
    expect(verifiedUpiLink(key, query.replace('pn=Asha%20K', 'pn=%E0%A4'))).toBeNull();
  });
});

describe('parseUpiId', () => {
  it.each([
    ['asha@okaxis', 'asha@okaxis'],
    ['  Asha.K-1_@OKAxis ', 'asha.k-1_@okaxis'],
    ['9876543210@ybl', '9876543210@ybl'],
  ])('accepts %s', (typed, stored) => {
    expect(parseUpiId(typed)).toBe(stored);
  });

  it.each([
    'asha',
    'asha@',
    '@okaxis',
    'asha@ok axis',
    'asha@123',
    'as ha@okaxis',
    'asha@ok@axis',
    'a+b@okaxis',
    `${'a'.repeat(45)}@okaxis`,
  ])('refuses %s', (typed) => {
    expect(parseUpiId(typed)).toBeNull();
  });
});
