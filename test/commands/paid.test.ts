import { describe, expect, it } from 'vitest';
import { type CommandInput, PAID_EXAMPLES, parsePaid, USAGE } from '../../src/commands/index.js';
import { LedgerError, parseAmount, parsePercent } from '../../src/ledger/index.js';
import { input, refusal, sender, show, textMention } from './helpers.js';

/** The ledger's own sentence for a bad number, without its full stop, as the parser quotes it. */
function ledgerReason(run: () => unknown, name?: string): string {
  try {
    run();
  } catch (error) {
    if (error instanceof LedgerError) {
      return (name === undefined ? error : error.withName(name)).message.replace(/[.\s]+$/, '');
    }
    throw error;
  }
  throw new Error('expected a ledger refusal');
}

/** `@u2 370`-style summary of the participants, for compact table expectations. */
function people(text: string, entities?: CommandInput['entities']): string[] {
  return parsePaid(input(text, entities)).participants.map(
    (p) => `${show(p.person)}${p.value === undefined ? '' : ` ${p.value.toString()}`}`,
  );
}

describe('/paid reads the worked example of docs/product.md', () => {
  it.each([
    [
      '/paid 1000 equal @u1 @u2 @u3 @u4 electricity bill',
      '1000',
      'EQUAL',
      ['@u1', '@u2', '@u3', '@u4'],
      'electricity bill',
    ],
    [
      '/paid 1250 exact @u2 370 @u3 880 flipkart sale',
      '1250',
      'EXACT',
      ['@u2 370', '@u3 880'],
      'flipkart sale',
    ],
    [
      '/paid 1200 percent @u1 40 @u2 20 @u3 20 @u4 20 dinner out',
      '1200',
      'PERCENT',
      ['@u1 40', '@u2 20', '@u3 20', '@u4 20'],
      'dinner out',
    ],
  ])('%s', (text, amount, splitType, expected, description) => {
    const intent = parsePaid(input(text));
    expect(intent.amount.toString()).toBe(amount);
    expect(intent.splitType).toBe(splitType);
    expect(intent.everyone).toBe(false);
    expect(people(text)).toEqual(expected);
    expect(intent.description).toBe(description);
  });
});

describe('/paid forms', () => {
  it.each([
    ['/paid 100 @ravi_m', 'EQUAL'],
    ['/paid 100 equal @ravi_m', 'EQUAL'],
    ['/paid 100 EQUAL @ravi_m', 'EQUAL'],
    ['/paid 100 Equally @ravi_m', 'EQUAL'],
    ['/paid 100 eq @ravi_m', 'EQUAL'],
    ['/paid 100 exact @ravi_m 100', 'EXACT'],
    ['/paid 100 Exactly @ravi_m 100', 'EXACT'],
    ['/paid 100 ex @ravi_m 100', 'EXACT'],
    ['/paid 100 percent @ravi_m 100', 'PERCENT'],
    ['/paid 100 PC @ravi_m 100', 'PERCENT'],
    ['/paid 100 pct @ravi_m 100', 'PERCENT'],
    ['/paid 100 % @ravi_m 100', 'PERCENT'],
    ['/paid 100 percentage @ravi_m 100', 'PERCENT'],
  ])('%s is %s', (text, splitType) => {
    expect(parsePaid(input(text)).splitType).toBe(splitType);
  });

  it.each([
    ['1000', '1000'],
    ['1,000.50', '1000.5'],
    ['1,00,00,000', '10000000'],
    ['₹1000', '1000'],
    ['₹ 1000', '1000'],
    ['Rs 1000', '1000'],
    ['Rs.1000', '1000'],
    ['rs. 1000', '1000'],
    ['INR 1000', '1000'],
    ['1000/-', '1000'],
  ])('reads the amount %s', (amount, expected) => {
    const intent = parsePaid(input(`/paid ${amount} @ravi_m chai`));
    expect(intent.amount.toString()).toBe(expected);
    expect(intent.description).toBe('chai');
    expect(people(`/paid ${amount} @ravi_m chai`)).toEqual(['@ravi_m']);
  });

  it('reads exact shares in any amount form, with a currency word apart from the number', () => {
    expect(people('/paid 2000 exact @asha_k 1,250.50 @ravi_m ₹370 @meera_i Rs 379.50 sale')).toEqual([
      '#1 1250.5',
      '@ravi_m 370',
      '@meera_i 379.5',
    ]);
  });

  it('reads percentages with or without % and with % written apart', () => {
    expect(people('/paid 900 percent @ravi_m 33.33% @meera_i 33.33 % me 33.34 tea')).toEqual([
      '@ravi_m 33.33',
      '@meera_i 33.33',
      '#1 33.34',
    ]);
  });

  it('splits equally among everyone when nobody is named, or when everyone or all is written', () => {
    for (const text of [
      '/paid 1000 groceries',
      '/paid 1000 equal groceries',
      '/paid 1000 everyone groceries',
      '/paid 1000 equal all groceries',
      '/paid 1000 Everybody groceries',
      '/paid 1000 @all groceries',
    ]) {
      const intent = parsePaid(input(text));
      expect(intent, text).toMatchObject({
        splitType: 'EQUAL',
        everyone: true,
        participants: [],
        description: 'groceries',
      });
    }
    expect(parsePaid(input('/paid 1000')).description).toBe('');
    expect(parsePaid(input('/paid 1000')).everyone).toBe(true);
  });

  it('treats an unknown word after the amount as the start of the description', () => {
    expect(parsePaid(input('/paid 500 equa1 snacks'))).toMatchObject({
      splitType: 'EQUAL',
      everyone: true,
      description: 'equa1 snacks',
    });
  });

  it('reads a short split word as one only when a person follows it', () => {
    expect(parsePaid(input('/paid 45000 pc for the flat'))).toMatchObject({
      splitType: 'EQUAL',
      everyone: true,
      description: 'pc for the flat',
    });
    expect(parsePaid(input('/paid 100 ex')).description).toBe('ex');
    expect(parsePaid(input('/paid 100 pc me 100')).splitType).toBe('PERCENT');
    expect(parsePaid(input('/paid 100 eq everyone')).description).toBe('eq everyone');
    // The full words are never descriptions: a missing person is refused instead.
    expect(refusal(() => parsePaid(input('/paid 100 percent'))).code).toBe('NOBODY_NAMED');
  });

  it.each([
    ['/paid 500rs @ravi_m', '500', ['@ravi_m']],
    ['/paid 500₹ @ravi_m', '500', ['@ravi_m']],
    ['/paid 500 rs @ravi_m @meera_i', '500', ['@ravi_m', '@meera_i']],
    ['/paid 500 INR @ravi_m', '500', ['@ravi_m']],
    ['/paid 500 exact @ravi_m 300 rs @meera_i 200Rs', '500', ['@ravi_m 300', '@meera_i 200']],
    ['/paid 500 exact @ravi_m Rs 300 @meera_i ₹ 200', '500', ['@ravi_m 300', '@meera_i 200']],
  ])('reads a currency written after the number: %s', (text, amount, expected) => {
    expect(parsePaid(input(text)).amount.toString()).toBe(amount);
    expect(people(text)).toEqual(expected);
  });

  it('reads `me` as the sender, and the sender by @username or text mention as the same person', () => {
    const intent = parsePaid(input('/paid 300 me @ravi_m'));
    expect(intent.participants[0]?.person).toEqual({
      kind: 'user',
      user: { id: 1, first_name: 'Asha', username: 'asha_k' },
    });
    expect(parsePaid(input('/paid 300 @Asha_K @ravi_m')).participants[0]?.person).toEqual(
      intent.participants[0]?.person,
    );
    const text = '/paid 300 Asha K @ravi_m';
    const viaMention = parsePaid(
      input(text, [textMention(text, 'Asha K', { id: 1, first_name: 'Asha (old name)' })]),
    );
    expect(viaMention.participants[0]?.person).toEqual(intent.participants[0]?.person);
    expect(people('/paid 300 ME @ravi_m')).toEqual(['#1', '@ravi_m']);
  });

  it('reads text mentions (names with spaces), keeping the user Telegram attached', () => {
    const text = '/paid 600 equal Ravi Kumar @meera_i me rent share';
    const intent = parsePaid(
      input(text, [textMention(text, 'Ravi Kumar', { id: 7, first_name: 'Ravi', last_name: 'Kumar' })]),
    );
    expect(intent.participants.map((p) => p.person)).toEqual([
      { kind: 'user', user: { id: 7, first_name: 'Ravi', last_name: 'Kumar' } },
      { kind: 'username', username: 'meera_i' },
      { kind: 'user', user: { id: 1, first_name: 'Asha', username: 'asha_k' } },
    ]);
    expect(intent.description).toBe('rent share');
  });

  it('reads a text mention followed by its exact share', () => {
    const text = '/paid 1250 exact Ravi Kumar 370 Meera 880 sale';
    const intent = parsePaid(
      input(text, [
        textMention(text, 'Ravi Kumar', { id: 7, first_name: 'Ravi' }),
        textMention(text, 'Meera', { id: 8, first_name: 'Meera' }),
      ]),
    );
    expect(intent.participants.map((p) => `${show(p.person)} ${p.value}`)).toEqual(['#7 370', '#8 880']);
    expect(intent.description).toBe('sale');
  });

  it('slices text mentions by UTF-16 offsets when emoji come before them', () => {
    const text = '/paid 300 😀🍕 👨‍👩‍👧 eq';
    // A description cannot precede names, so the emoji sit inside the description after the names.
    const withEmoji = '/paid 300 🍕 exact';
    expect(parsePaid(input(withEmoji)).description).toBe('🍕 exact');
    const mentionAfterEmoji = '/paid@HisaabBot 300 exact Ravi 😀 Kumar 150 👨‍👩‍👧 Meera 150 🍕 pizza';
    const intent = parsePaid(
      input(mentionAfterEmoji, [
        textMention(mentionAfterEmoji, 'Ravi 😀 Kumar', { id: 7, first_name: 'Ravi' }),
        textMention(mentionAfterEmoji, '👨‍👩‍👧 Meera', { id: 8, first_name: 'Meera' }),
      ]),
    );
    expect(intent.participants.map((p) => `${show(p.person)} ${p.value}`)).toEqual(['#7 150', '#8 150']);
    expect(intent.description).toBe('🍕 pizza');
    expect(parsePaid(input(text)).description).toBe('😀🍕 👨‍👩‍👧 eq');
  });

  it('reads right-to-left text, and names wrapped in invisible direction marks', () => {
    const intent = parsePaid(input('/paid 500 \u200f@ravi_m\u200f me عشاء مع الأصدقاء'));
    expect(intent.participants.map((p) => show(p.person))).toEqual(['@ravi_m', '#1']);
    expect(intent.description).toBe('عشاء مع الأصدقاء');
    const hebrew = '/paid 90 exact \u202b@meera_i\u202c 90 ארוחת ערב';
    expect(people(hebrew)).toEqual(['@meera_i 90']);
    expect(parsePaid(input(hebrew)).description).toBe('ארוחת ערב');
  });

  it('accepts /paid@HisaabBot, whatever its case', () => {
    expect(people('/paid@HisaabBot 100 @ravi_m')).toEqual(['@ravi_m']);
    expect(people('/PAID@hisaabbot 100 @ravi_m')).toEqual(['@ravi_m']);
    const text = '/paid@HisaabBot 100 @ravi_m';
    expect(
      parsePaid(input(text, [{ type: 'bot_command', offset: 0, length: '/paid@HisaabBot'.length }]))
        .participants,
    ).toHaveLength(1);
  });

  it('accepts commas and "and" between names, but keeps "and" in a description', () => {
    expect(people('/paid 300 @ravi_m, @meera_i and me chai')).toEqual(['@ravi_m', '@meera_i', '#1']);
    expect(people('/paid 300 exact @ravi_m 100, @meera_i 200 chai')).toEqual(['@ravi_m 100', '@meera_i 200']);
    expect(parsePaid(input('/paid 300 @ravi_m and chai')).description).toBe('and chai');
  });

  it('collapses whitespace in the description and allows 200 characters', () => {
    expect(parsePaid(input('/paid 100 @ravi_m   late\n night\tchai  ')).description).toBe('late night chai');
    const long = 'x'.repeat(200);
    expect(parsePaid(input(`/paid 100 @ravi_m ${long}`)).description).toBe(long);
    // Emoji count as one character each, as a person counts them.
    expect(parsePaid(input(`/paid 100 @ravi_m ${'🍕'.repeat(200)}`)).description).toHaveLength(400);
  });

  it('keeps a number that starts the description of an equal split', () => {
    expect(parsePaid(input('/paid 600 @ravi_m @meera_i 2 pizzas'))).toMatchObject({
      description: '2 pizzas',
    });
    expect(parsePaid(input('/paid 600 2 pizzas')).description).toBe('2 pizzas');
  });

  it('ignores text mentions inside the command, out of range, or on blank text', () => {
    const text = '/paid 100 @ravi_m chai';
    expect(
      people(text, [
        { type: 'text_mention', offset: 0, length: 5, user: { id: 9, first_name: 'X' } },
        { type: 'text_mention', offset: 15, length: 400, user: { id: 9, first_name: 'X' } },
        { type: 'text_mention', offset: -3, length: 4, user: { id: 9, first_name: 'X' } },
        { type: 'text_mention', offset: 9, length: 1, user: { id: 9, first_name: 'X' } },
      ]),
    ).toEqual(['@ravi_m']);
  });

  it('accepts 1000 people', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `@user${i}`).join(' ');
    expect(parsePaid(input(`/paid 10000 ${many}`)).participants).toHaveLength(1000);
  });
});

describe('/paid refusals', () => {
  it.each([
    ['/paid', 'MISSING_AMOUNT', 'Write the amount first, like: /paid 1200 equal @asha @ravi dinner'],
    [
      '/paid dinner @ravi_m',
      'MISSING_AMOUNT',
      'Write the amount first, like: /paid 1200 equal @asha @ravi dinner',
    ],
    [
      '/paid equal 100 @ravi_m',
      'MISSING_AMOUNT',
      'Write the amount first, like: /paid 1200 equal @asha @ravi dinner',
    ],
    ['/paid Rs', 'MISSING_AMOUNT', 'Write the amount first, like: /paid 1200 equal @asha @ravi dinner'],
    [
      '/paid 1250 exact @u2 370 @u3',
      'MISSING_VALUE',
      'Give an amount after @u3, like: /paid 1250 exact @asha 370 @ravi 880 sale',
    ],
    [
      '/paid 1250 exact @u2 370 @u3 dinner',
      'MISSING_VALUE',
      'Give an amount after @u3, like: /paid 1250 exact @asha 370 @ravi 880 sale',
    ],
    [
      '/paid 100 percent @u2 @u3 50',
      'MISSING_VALUE',
      'Give a percentage after @u2, like: /paid 1200 percent @asha 40 @ravi 60 dinner',
    ],
    [
      '/paid 1250 exact 370 @u3 880',
      'VALUE_WITHOUT_PERSON',
      '370 has nobody before it; write each person and then an amount, like: /paid 1250 exact @asha 370 @ravi 880 sale',
    ],
    [
      '/paid 1250 exact @u2 370 880 @u3 0',
      'VALUE_WITHOUT_PERSON',
      '880 has nobody before it; write each person and then an amount, like: /paid 1250 exact @asha 370 @ravi 880 sale',
    ],
    [
      '/paid 100 50 @u2',
      'VALUE_WITHOUT_PERSON',
      '50 has nobody before it; for shares, write exact or percent and then each person with their share, like: /paid 1250 exact @asha 370 @ravi 880 sale',
    ],
    [
      '/paid 100 @u2 50 @u3 50',
      'VALUE_WITHOUT_TYPE',
      '50 after a name needs a split type: exact for amounts, percent for percentages, like: /paid 1250 exact @asha 370 @ravi 880 sale',
    ],
    ['/paid 100 @u2 60%', 'VALUE_WITHOUT_TYPE', '60% after a name needs a split type'],
    ['/paid 100 @u2 Rs 50', 'VALUE_WITHOUT_TYPE', 'Rs 50 after a name needs a split type'],
    ['/paid 100 @u2 50 rs', 'VALUE_WITHOUT_TYPE', '50 rs after a name needs a split type'],
    [
      '/paid 100 exact',
      'NOBODY_NAMED',
      'Name each person with an amount, like: /paid 1250 exact @asha 370 @ravi 880 sale',
    ],
    [
      '/paid 100 percent dinner',
      'NOBODY_NAMED',
      'Name each person with a percentage, like: /paid 1200 percent @asha 40 @ravi 60 dinner',
    ],
    [
      '/paid 100 @ravi_m @RAVI_M',
      'DUPLICATE_PERSON',
      '@RAVI_M is named twice; name each person once, like: /paid 1200 equal @asha @ravi dinner',
    ],
    ['/paid 100 me @asha_k', 'DUPLICATE_PERSON', '@asha_k is named twice'],
    ['/paid 100 @Asha_K me', 'DUPLICATE_PERSON', 'me is named twice'],
    ['/paid 100 exact @u2 50 @u2 50', 'DUPLICATE_PERSON', '@u2 is named twice'],
    [
      '/paid 100 @ravi_m @hisaabbot',
      'BOT_NAMED',
      'I keep the accounts but take no share, so leave me out, like: /paid 1200 equal @asha @ravi dinner',
    ],
    [
      '/paid 100 @ra-vi',
      'NOT_A_USERNAME',
      '@ra-vi is not a Telegram username; name people as @username, like: /paid 1200 equal @asha @ravi dinner',
    ],
    ['/paid 100 @', 'NOT_A_USERNAME', '@ is not a Telegram username'],
    ['/paid 100 @1ravi', 'NOT_A_USERNAME', '@1ravi is not a Telegram username'],
    ['/paid 100 @_ravi', 'NOT_A_USERNAME', '@_ravi is not a Telegram username'],
    [`/paid 100 @${'a'.repeat(33)}`, 'NOT_A_USERNAME', 'is not a Telegram username'],
    ['/paid 100 @ravi_m @meera_i@x', 'NOT_A_USERNAME', '@meera_i@x is not a Telegram username'],
    [
      '/paid 100 everyone @ravi_m',
      'EVERYONE_AND_NAMES',
      'Name people or write everyone, not both, like: /paid 1200 everyone dinner',
    ],
    ['/paid 100 @ravi_m everyone', 'EVERYONE_AND_NAMES', 'not both'],
    [
      '/paid 100 exact everyone',
      'EVERYONE_NOT_EQUAL',
      'The word everyone works with an equal split only; for an exact split, name each person with an amount, like: /paid 1250 exact @asha 370 @ravi 880 sale',
    ],
  ])('%s is refused (%s)', (text, code, message) => {
    const error = refusal(() => parsePaid(input(text)));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(error.message).toMatch(/like: \/paid /);
    expect(error.message).not.toMatch(/\.\s|\.$/u); // one sentence, no full stop in the middle
    expect(error.reason).not.toContain('like: /');
  });

  it.each([
    ['/paid 1e9 @ravi_m', '1e9', 'AMOUNT_NOT_A_NUMBER'],
    ['/paid 100.555 @ravi_m', '100.555', 'AMOUNT_TOO_PRECISE'],
    ['/paid 0 @ravi_m', '0', 'AMOUNT_NOT_POSITIVE'],
    ['/paid -5 @ravi_m', '-5', 'AMOUNT_NOT_POSITIVE'],
    ['/paid 1,00,00,001 @ravi_m', '1,00,00,001', 'AMOUNT_TOO_LARGE'],
    ['/paid Rs 1,00,00,001 @ravi_m', 'Rs 1,00,00,001', 'AMOUNT_TOO_LARGE'],
  ])('%s is refused with the ledger reason and the usage', (text, amount, ledgerCode) => {
    const error = refusal(() => parsePaid(input(text)));
    expect(error.code).toBe('BAD_AMOUNT');
    expect(error.details.ledgerCode).toBe(ledgerCode);
    expect(error.message).toBe(
      `${ledgerReason(() => parseAmount(amount))}; the whole command goes like: ${USAGE.paid}`,
    );
  });

  it.each([
    ['/paid 100 percent @c_d 60 @a_b 40%%', '40%%', 'PERCENT'],
    ['/paid 100 percent @a_b 140', '140', 'PERCENT'],
    ['/paid 100 percent @a_b 33.333', '33.333', 'PERCENT'],
    ['/paid 100 pct @a_b ₹40', '₹40', 'PERCENT'],
    ['/paid 100 exact @a_b 0', '0', 'EXACT'],
    ['/paid 100 exact @a_b 1e2', '1e2', 'EXACT'],
    ['/paid 100 exact @a_b Rs 1,0', 'Rs 1,0', 'EXACT'],
  ] as const)('%s is refused with the ledger reason and the usage', (text, value, type) => {
    const error = refusal(() => parsePaid(input(text)));
    expect(error.code).toBe('BAD_VALUE');
    expect(error.details.person).toBe('@a_b');
    const reason = ledgerReason(() => (type === 'EXACT' ? parseAmount(value) : parsePercent(value)), '@a_b');
    expect(error.message).toBe(`${reason}; the whole command goes like: ${PAID_EXAMPLES[type]}`);
  });

  it('reads `for @ravi @meera` as only them, and `dinner with @ravi` as the payer and Ravi (issue 23)', () => {
    expect(people('/paid 500 for @ravi_m @meera_i')).toEqual(['@ravi_m', '@meera_i']);
    const dinner = parsePaid(input('/paid 500 equal dinner with @ravi_m'));
    expect(dinner.participants.map((p) => show(p.person))).toEqual(['#1', '@ravi_m']);
    expect(dinner.description).toBe('dinner');
  });

  it.each([['/paid 500 equa1 @ravi_m', '"equa1" comes before @ravi_m']])(
    'refuses %s: names after a stray word would silently become everyone',
    (text, start) => {
      const error = refusal(() => parsePaid(input(text)));
      expect(error.code).toBe('NAMES_IN_DESCRIPTION');
      expect(error.message).toBe(
        `${start}, so I cannot tell who shares: put the people right after the amount, or write everyone before the description, like: ${USAGE.paid}`,
      );
    },
  );

  it('keeps names in a description when people are named or everyone is written', () => {
    expect(parsePaid(input('/paid 500 everyone farewell for @ravi_m')).description).toBe(
      'farewell for @ravi_m',
    );
    expect(parsePaid(input('/paid 500 me @meera_i gift for @ravi_m')).description).toBe('gift for @ravi_m');
    // `for me`: only the payer shares (nobody owes anything), and the description is what is left.
    expect(parsePaid(input('/paid 500 lunch for me')).description).toBe('lunch');
  });

  it('reads `for` and a text mention as only that person', () => {
    const text = '/paid 500 for Ravi Kumar';
    const intent = parsePaid(input(text, [textMention(text, 'Ravi Kumar', { id: 7, first_name: 'Ravi' })]));
    expect(intent.participants.map((p) => show(p.person))).toEqual(['#7']);
    expect(intent.everyone).toBe(false);
  });

  it('names the person in details for per-person refusals', () => {
    expect(refusal(() => parsePaid(input('/paid 1250 exact @u2 370 @u3'))).details).toEqual({
      person: '@u3',
    });
    expect(refusal(() => parsePaid(input('/paid 100 exact @a_b 0'))).details).toMatchObject({
      person: '@a_b',
      name: '@a_b',
      ledgerCode: 'AMOUNT_NOT_POSITIVE',
    });
  });

  it('refuses the same person named by text mention and by @username', () => {
    const text = '/paid 100 Ravi @ravi_m';
    const error = refusal(() =>
      parsePaid(input(text, [textMention(text, 'Ravi', { id: 7, first_name: 'Ravi', username: 'ravi_m' })])),
    );
    expect(error.code).toBe('DUPLICATE_PERSON');
    expect(error.message).toContain('@ravi_m is named twice');
  });

  it('refuses a text mention of the sender next to me', () => {
    const text = '/paid 100 me Asha';
    const error = refusal(() =>
      parsePaid(input(text, [textMention(text, 'Asha', { id: 1, first_name: 'Asha' })])),
    );
    expect(error.code).toBe('DUPLICATE_PERSON');
    expect(error.details.person).toBe('Asha');
  });

  it('refuses a text mention of this bot or of another bot', () => {
    const text = '/paid 100 Hisaab @ravi_m';
    const ours = refusal(() =>
      parsePaid(
        input(text, [
          textMention(text, 'Hisaab', { id: 99, first_name: 'Hisaab', username: 'HisaabBot', is_bot: true }),
        ]),
      ),
    );
    expect(ours.code).toBe('BOT_NAMED');
    expect(ours.message).toContain('leave me out');
    const other = refusal(() =>
      parsePaid(input(text, [textMention(text, 'Hisaab', { id: 98, first_name: 'Other', is_bot: true })])),
    );
    expect(other.code).toBe('BOT_NAMED');
    expect(other.message).toContain('Hisaab is a bot');
  });

  it('refuses more than 1000 people, pointing to everyone', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `@user${i}`).join(' ');
    const error = refusal(() => parsePaid(input(`/paid 10000 ${many}`)));
    expect(error.code).toBe('TOO_MANY_PEOPLE');
    expect(error.message).toBe(
      'One expense can be split among at most 1000 people; to split with the whole group, write everyone, like: /paid 1200 everyone dinner',
    );
    const exact = Array.from({ length: 1001 }, (_, i) => `@user${i} 1`).join(' ');
    expect(refusal(() => parsePaid(input(`/paid 1001 exact ${exact}`))).code).toBe('TOO_MANY_PEOPLE');
  });

  it('refuses a description longer than 200 characters', () => {
    const error = refusal(() => parsePaid(input(`/paid 10 @ravi_m ${'x'.repeat(201)}`)));
    expect(error.code).toBe('DESCRIPTION_TOO_LONG');
    expect(error.message).toBe(
      'The description is 201 characters long but can be at most 200, like: /paid 1200 equal @asha @ravi dinner',
    );
  });

  it('clips long typed text in a refusal', () => {
    const error = refusal(() => parsePaid(input(`/paid 10 @${'a'.repeat(60)}`)));
    expect(error.details.text).toHaveLength(40);
    expect(error.details.text?.endsWith('…')).toBe(true);
  });

  it('carries the example it shows', () => {
    expect(refusal(() => parsePaid(input('/paid'))).usage).toBe(USAGE.paid);
    expect(refusal(() => parsePaid(input('/paid 1 exact'))).usage).toBe(PAID_EXAMPLES.EXACT);
    expect(refusal(() => parsePaid(input('/paid'))).reason).toBe('Write the amount first');
    expect(sender.id).toBe(1);
  });
});
