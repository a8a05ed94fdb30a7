// The /paid grammar as examples, one per form: shown for a bare /paid (what tapping the command in
// Telegram's menu sends), in /help, and kept in step with the README's Commands section by a test.

/** Each form of /paid: an example a person can copy, and what it does. */
export const PAID_FORMS: readonly { example: string; meaning: string }[] = [
  {
    example: '/paid 1200 equal @asha @ravi me dinner',
    meaning: 'split equally among the people named (me is you)',
  },
  { example: '/paid 1200 dinner', meaning: 'nobody named: split among everyone who sent /start here' },
  {
    example: '/paid 300 Meera me auto',
    meaning: 'name people by @username, by first name, or with a text mention',
  },
  { example: '/paid 1250 exact @asha 370 @ravi 880 sale', meaning: 'exact shares, adding up to the amount' },
  { example: '/paid 1200 percent @asha 40 @ravi 60 dinner', meaning: 'percentages, adding up to 100' },
  {
    example: '/paid 1000 shares me 2 @ravi 1 @meera 1 groceries',
    meaning: 'weighted shares: 2 shares are twice 1 (here 500, 250, 250)',
  },
  {
    example: '/paid 900 by @ravi equal @asha @ravi @meera dinner',
    meaning: 'someone else paid: Ravi is the payer, you recorded it',
  },
  {
    example: '/paid 3000 by me 2000 @ravi 1000 equal @asha @ravi @meera dinner',
    meaning: 'several payers, each with what they paid (adding up to the amount)',
  },
  {
    example: '/paid 1200 equal everyone +200 @ravi -100 @meera dinner',
    meaning: 'equal with adjustments: Ravi pays 200 more, Meera 100 less, the rest equally',
  },
  {
    example: '/paid 500 yesterday equal @asha me lunch',
    meaning: 'the day it was spent: yesterday, on 1 Mar, or 2026-03-01',
  },
  {
    example: '/paid 1200 dinner with ravi and meera',
    meaning: 'you and the people after with (half with ravi: you and Ravi)',
  },
  { example: '/paid 1200 everyone except kabir', meaning: 'everyone but them (all, sab; but, excluding)' },
  { example: '/paid 300 chai for kabir', meaning: 'only the people after for share it' },
  {
    example: '/paid 1500 by Kabir paragliding',
    meaning: 'someone else paid, by first name too (Kabir paid)',
  },
  {
    example: '/paid 45 dollars dinner',
    meaning: 'currency words: dollars, euros, pounds, dirhams, baht, yen, nrs, rupees',
  },
  {
    example: '/paid 1.5k everyone groceries',
    meaning: 'amounts as 1.5k, 2.5L, 1 lakh, 1cr, 250+180+90 or ५००',
  },
  {
    example: '/paid 45 USD @ 83.20 equal @asha @ravi taxi',
    meaning: "another currency ($45, €20, 45usd) at the rate given, or the group's (/rate USD 83.20)",
  },
];
