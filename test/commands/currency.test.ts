// Amounts in other currencies as people type them in /paid, the inline rate, exact shares in that
// currency, and /currency and /rate. Words that only look like codes stay names or descriptions.
import { describe, expect, it } from 'vitest';
import { parseCurrency, parsePaid, parseRateCommand, readMoney } from '../../src/commands/index.js';
import { input, refusal, show } from './helpers.js';

const paid = (text: string) => parsePaid(input(text));

describe('/paid in another currency', () => {
  it.each([
    ['/paid 45 USD equal @asha @ravi taxi', '45', 'USD'],
    ['/paid USD 45 @asha taxi', '45', 'USD'],
    ['/paid $45 @asha taxi', '45', 'USD'],
    ['/paid $ 45 @asha taxi', '45', 'USD'],
    ['/paid US$45 @asha taxi', '45', 'USD'],
    ['/paid €20 @asha taxi', '20', 'EUR'],
    ['/paid 20€ @asha taxi', '20', 'EUR'],
    ['/paid £12.50 @asha taxi', '12.5', 'GBP'],
    ['/paid 45usd @asha taxi', '45', 'USD'],
    ['/paid 45 usd @asha taxi', '45', 'USD'],
    ['/paid ¥4500 @asha ramen', '4500', 'JPY'],
    ['/paid 1,50,000 VND @asha pho', '150000', 'VND'],
    ['/paid 1.250 BHD @asha tea', '1.25', 'BHD'],
    ['/paid 1.5k USD @asha hotel', '1500', 'USD'],
    ['/paid $20 + $25 @asha two cabs', '45', 'USD'],
    ['/paid 2,000,000,000 KRW @asha', '2000000000', 'KRW'],
  ])('%s is %s %s', (text, amount, currency) => {
    const intent = paid(text);
    expect(intent.amount.toFixed()).toBe(amount);
    expect(intent.currency).toBe(currency);
    expect(intent.rate).toBeUndefined();
  });

  it('keeps the rupee forms as the group currency, exactly as before', () => {
    for (const text of [
      '/paid ₹500 @asha',
      '/paid Rs 500 @asha',
      '/paid 500 INR @asha',
      '/paid 500rs @asha',
    ]) {
      const intent = paid(text);
      expect(intent.amount.toFixed()).toBe('500');
      expect(intent.currency).toBeUndefined();
    }
  });

  it.each([
    ['/paid 45 USD @ 83.20 equal @asha @ravi taxi', '83.2'],
    ['/paid 45 USD @83.20 @asha taxi', '83.2'],
    ['/paid 45 USD at 83.2 @asha taxi', '83.2'],
    ['/paid 45 USD yesterday @ 83.2 @asha taxi', '83.2'],
    ['/paid 45 USD @ 0.0000033333 @asha', '0.0000033333'],
  ])('%s takes the rate %s', (text, rate) => {
    const intent = paid(text);
    expect(intent.rate?.toFixed()).toBe(rate);
    expect(intent.participants.map((p) => show(p.person))).toEqual(
      text.includes('@ravi') ? ['@asha', '@ravi'] : ['@asha'],
    );
  });

  it('reads exact shares in the amount currency, with its decimals', () => {
    const intent = paid('/paid 45 USD exact @asha 20 @ravi $25 dinner');
    expect(intent.participants.map((p) => p.value?.toFixed())).toEqual(['20', '25']);
    const dinars = paid('/paid 3.750 KWD exact @asha 1.250 @ravi 2.500');
    expect(dinars.participants.map((p) => p.value?.toFixed())).toEqual(['1.25', '2.5']);
    const dong = paid('/paid 50,000,000 VND exact @asha 20,000,000 @ravi 30,000,000');
    expect(dong.participants.map((p) => p.value?.toFixed())).toEqual(['20000000', '30000000']);
  });

  it.each([
    ['/paid 4500.5 JPY @asha', '"JPY 4500.5" has too many decimal places: JPY amounts have no decimals'],
    [
      '/paid 1.2555 BHD @asha',
      '"BHD 1.2555" has too many decimal places: BHD amounts have at most 3 decimals',
    ],
    [
      '/paid 500 @ 83 @asha',
      'A rate goes with an amount in another currency; write the currency after the amount',
    ],
    ['/paid 45 USD @ 83 @ 84 @asha', 'Give the rate once'],
    ['/paid 45 USD @ 0 @asha', 'A rate must be more than zero, like 83.20'],
    [
      '/paid 45 USD @ 83.1234567890123 @asha',
      '"83.1234567890123" has too many digits; a rate has at most 10 decimals and 12 digits, like 0.0031 or 83.2',
    ],
    ['/paid $20 + €25 @asha', '"$20 + €25" mixes currencies; write one amount in one currency, like 45 USD'],
    [
      '/paid 45 USD exact @asha ₹20 @ravi 25',
      "@asha's share is in INR but the amount is in USD; write the shares in the amount's currency",
    ],
    [
      '/paid 4500 exact @asha $20 @ravi 25',
      "@asha's share is in USD but the amount is in rupees; write the shares in the amount's currency",
    ],
    [
      '/paid 1,000,000,000,001 USD @asha',
      '"USD 1,000,000,000,001" is too large; an amount in USD can be at most 1,000,000,000,000',
    ],
  ])('refuses %s', (text, reason) => {
    expect(refusal(() => paid(text)).reason).toBe(reason);
  });

  it('does not take words that only look like codes: names, everyone, descriptions', () => {
    expect(paid('/paid 500 all dinner').everyone).toBe(true);
    expect(paid('/paid 500 all dinner').currency).toBeUndefined();
    const bob = paid('/paid 500 bob me lunch');
    expect(bob.currency).toBeUndefined();
    expect(bob.participants.map((p) => show(p.person))).toEqual(['name:bob', '#1']);
    expect(paid('/paid 500 cup of tea').description).toBe('cup of tea');
    expect(paid('/paid 500 BOB @asha').currency).toBe('BOB'); // in capitals it is the boliviano
  });

  it('readMoney leaves group amounts to readAmount', () => {
    expect(readMoney('1.5k')).toEqual({ value: expect.anything(), plain: false });
    expect(readMoney('1.5k').value.toFixed()).toBe('1500');
  });
});

describe('/currency and /rate', () => {
  it('reads a code in any case, or a symbol', () => {
    expect(parseCurrency(input('/currency'))).toEqual({});
    expect(parseCurrency(input('/currency eur'))).toEqual({ currency: 'EUR' });
    expect(parseCurrency(input('/currency €'))).toEqual({ currency: 'EUR' });
    expect(refusal(() => parseCurrency(input('/currency rupee dollars'))).reason).toBe(
      'rupee dollars is not a currency I know; write its three-letter ISO code',
    );
  });

  it('reads /rate, /rate USD and /rate USD 83.20', () => {
    expect(parseRateCommand(input('/rate'))).toEqual({});
    expect(parseRateCommand(input('/rate usd'))).toEqual({ currency: 'USD' });
    const set = parseRateCommand(input('/rate $ = 83.20'));
    expect([set.currency, set.rate?.toFixed()]).toEqual(['USD', '83.2']);
    expect(refusal(() => parseRateCommand(input('/rate USD 83 84'))).reason).toBe(
      "Write the currency, then one rate (what one USD is worth in the group's currency)",
    );
    expect(refusal(() => parseRateCommand(input('/rate USD abc'))).code).toBe('BAD_RATE');
    expect(refusal(() => parseRateCommand(input('/rate XYZ 2'))).code).toBe('BAD_CURRENCY');
  });
});
