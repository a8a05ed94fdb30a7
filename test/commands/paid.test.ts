import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CommandError,
  type CommandInput,
  commandName,
  parsePage,
  parsePaid,
  parseSettle,
  parseUndo,
} from '../../src/commands/index.js';

const sender = { id: 1, username: 'asha_k', first_name: 'Asha' };
const input = (text: string, entities: CommandInput['entities'] = []): CommandInput => ({
  text,
  entities,
  sender,
  botUsername: 'HisaabBot',
});
const refs = (text: string, entities?: CommandInput['entities']) =>
  parsePaid(input(text, entities)).participants.map((p) =>
    p.person.kind === 'username'
      ? `@${p.person.username}${p.value ? ` ${p.value}` : ''}`
      : `#${p.person.user.id}${p.value ? ` ${p.value}` : ''}`,
  );

function refusal(run: () => unknown): CommandError {
  try {
    run();
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parsePaid', () => {
  it('reads the worked example commands', () => {
    const equal = parsePaid(input('/paid 1000 equal @u1 @u2 @u3 @u4 electricity bill'));
    expect(equal.splitType).toBe('EQUAL');
    expect(equal.amount.toString()).toBe('1000');
    expect(equal.description).toBe('electricity bill');
    expect(refs('/paid 1000 equal @u1 @u2 @u3 @u4 electricity bill')).toEqual(['@u1', '@u2', '@u3', '@u4']);
    expect(refs('/paid 1250 exact @u2 370 @u3 880 flipkart sale')).toEqual(['@u2 370', '@u3 880']);
    expect(refs('/paid 1200 percent @u1 40 @u2 20 @u3 20 @u4 20 dinner out')).toEqual([
      '@u1 40',
      '@u2 20',
      '@u3 20',
      '@u4 20',
    ]);
    expect(parsePaid(input('/paid 1200 percent @u1 40 @u2 20 @u3 20 @u4 20 dinner out')).description).toBe(
      'dinner out',
    );
  });

  it('defaults to equal, and to everyone when nobody is named', () => {
    const intent = parsePaid(input('/paid@HisaabBot ₹1,250.50 groceries for the week'));
    expect(intent).toMatchObject({
      splitType: 'EQUAL',
      everyone: true,
      description: 'groceries for the week',
    });
    expect(intent.amount.toString()).toBe('1250.5');
    expect(parsePaid(input('/paid Rs 500 everyone')).everyone).toBe(true);
  });

  it('reads text mentions, with emoji before them, and me as the sender', () => {
    const text = '/paid 300 🍕 ';
    // A description cannot come before names, so put the emoji in the mention's own text instead.
    const mentionText = '/paid 300 me Ravi Kumar 🍕 pizza';
    const offset = mentionText.indexOf('Ravi');
    const intent = parsePaid(
      input(mentionText, [
        { type: 'text_mention', offset, length: 'Ravi Kumar'.length, user: { id: 7, first_name: 'Ravi' } },
      ]),
    );
    expect(intent.participants.map((p) => (p.person.kind === 'user' ? p.person.user.id : 0))).toEqual([1, 7]);
    expect(intent.description).toBe('🍕 pizza');
    expect(text.length).toBeGreaterThan(0);
    const withEmoji = '/paid 300 equal 👍';
    expect(parsePaid(input(withEmoji)).description).toBe('👍');
    const emojiFirst = '/paid 😀300';
    expect(refusal(() => parsePaid(input(emojiFirst))).code).toBe('MISSING_AMOUNT');
  });

  it('slices text mentions correctly after astral-plane characters', () => {
    const text = '/paid 90 exact 😀x';
    expect(refusal(() => parsePaid(input(text))).code).toBe('NOBODY_NAMED');
    const t2 = '/paid 90 exact Meera 😀 90 chai';
    const intent = parsePaid(
      input(t2, [
        {
          type: 'text_mention',
          offset: t2.indexOf('Meera'),
          length: 'Meera 😀'.length,
          user: { id: 9, first_name: 'Meera' },
        },
      ]),
    );
    expect(intent.participants[0]?.value?.toString()).toBe('90');
    expect(intent.description).toBe('chai');
  });

  it.each([
    ['/paid', 'MISSING_AMOUNT', /amount first/],
    ['/paid dinner @ravi', 'MISSING_AMOUNT', /amount first/],
    ['/paid 1e9 @ravi', 'BAD_AMOUNT', /not an amount/],
    ['/paid 100.555 @ravi', 'BAD_AMOUNT', /two decimal/],
    ['/paid 0 @ravi', 'BAD_AMOUNT', /more than zero/],
    ['/paid 1250 exact @u2 370 @u3', 'MISSING_VALUE', /after @u3/],
    ['/paid 1250 exact 370 @u3 880', 'VALUE_WITHOUT_PERSON', /370/],
    ['/paid 100 @u2 50 @u3 50', 'VALUE_WITHOUT_TYPE', /exact/],
    ['/paid 100 exact', 'NOBODY_NAMED', /Name each person/],
    ['/paid 100 @ravi @RAVI', 'DUPLICATE_PERSON', /twice/],
    ['/paid 100 me @asha_k', 'DUPLICATE_PERSON', /twice/],
    ['/paid 100 @ravi @hisaabbot', 'BOT_NAMED', /leave me out/],
    ['/paid 100 @ra-vi', 'NOT_A_USERNAME', /not a Telegram username/],
    ['/paid 100 percent @a 40 @b 40%%', 'BAD_VALUE', /percentage/],
    ['/paid 100 everyone @ravi', 'EVERYONE_AND_NAMES', /not both/],
  ])('refuses %s', (text, code, sentence) => {
    const error = refusal(() => parsePaid(input(text)));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(sentence);
    expect(error.message).toMatch(/Write it like: \/paid /);
  });

  it('refuses more than 1000 people and an over-long description', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `@user${i}`).join(' ');
    expect(refusal(() => parsePaid(input(`/paid 10000 ${many}`))).code).toBe('TOO_MANY_PEOPLE');
    expect(refusal(() => parsePaid(input(`/paid 10 @ravi ${'x'.repeat(201)}`))).code).toBe(
      'DESCRIPTION_TOO_LONG',
    );
  });
});

describe('other commands', () => {
  it('reads /settle with and without an amount', () => {
    expect(parseSettle(input('/settle @ravi'))).toEqual({ person: { kind: 'username', username: 'ravi' } });
    expect(parseSettle(input('/settle @ravi Rs 500'))?.amount?.toString()).toBe('500');
    expect(refusal(() => parseSettle(input('/settle'))).code).toBe('SETTLE_NOBODY');
    expect(refusal(() => parseSettle(input('/settle me 5'))).code).toBe('SETTLE_SELF');
    expect(refusal(() => parseSettle(input('/settle @a @b'))).code).toBe('SETTLE_SEVERAL');
    expect(refusal(() => parseSettle(input('/settle @ravi -5'))).code).toBe('BAD_AMOUNT');
  });

  it('reads /undo ids and page numbers', () => {
    expect(parseUndo(input('/undo'))).toEqual({ expenseId: undefined });
    expect(parseUndo(input('/undo #12'))).toEqual({ expenseId: 12 });
    expect(parsePage(input('/expenses 3'))).toEqual({ page: 3 });
    expect(refusal(() => parseUndo(input('/undo twelve'))).code).toBe('BAD_NUMBER');
  });

  it('knows which commands are for this bot', () => {
    expect(commandName('/paid 100', 'HisaabBot')).toBe('paid');
    expect(commandName('/PAID@hisaabbot 100', 'HisaabBot')).toBe('paid');
    expect(commandName('/paid@OtherBot 100', 'HisaabBot')).toBeNull();
    expect(commandName('hello', 'HisaabBot')).toBeNull();
  });
});

describe('fuzzing', () => {
  const entity = fc.record({
    type: fc.constantFrom('text_mention', 'mention', 'bold', 'bot_command'),
    offset: fc.integer({ min: -5, max: 80 }),
    length: fc.integer({ min: -2, max: 40 }),
    user: fc.option(
      fc.record({ id: fc.integer({ min: 1, max: 50 }), first_name: fc.string(), is_bot: fc.boolean() }),
      { nil: undefined },
    ),
  });
  const words = fc.constantFrom(
    '/paid',
    '/settle',
    '/undo',
    '1000',
    '1,00,000',
    'Rs',
    '₹',
    'equal',
    'exact',
    'percent',
    '40',
    '40%',
    '@ravi',
    '@u2',
    '@',
    'me',
    'everyone',
    '-5',
    '1e9',
    '😀',
    'متن',
    'dinner',
    '#3',
    '<b>',
    '&amp;',
  );
  const text = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.array(words, { maxLength: 20 }).map((w) => w.join(' ')),
    fc.array(words, { maxLength: 20 }).map((w) => `/paid ${w.join(' ')}`),
  );

  it('turns any text into an intent or a clear refusal, never anything else', () => {
    fc.assert(
      fc.property(text, fc.array(entity, { maxLength: 4 }), (t, entities) => {
        for (const parse of [parsePaid, parseSettle, parseUndo, parsePage]) {
          try {
            const result = parse(input(t, entities as CommandInput['entities']));
            if (parse === parsePaid) {
              const intent = result as ReturnType<typeof parsePaid>;
              expect(intent.participants.length).toBeLessThanOrEqual(1000);
              const withValues = intent.participants.filter((p) => p.value !== undefined).length;
              expect(withValues).toBe(intent.splitType === 'EQUAL' ? 0 : intent.participants.length);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(CommandError);
            expect((error as Error).message).not.toMatch(/undefined|NaN|\[object|at .+:\d+/);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
