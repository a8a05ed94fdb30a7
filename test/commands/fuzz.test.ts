// Property tests: whatever text and entities Telegram (or a person) sends, every parser returns a
// well-formed intent or refuses with a CommandError whose sentence leaks no internals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CommandError,
  type CommandInput,
  commandName,
  DESCRIPTION_LIMIT,
  type EntityLike,
  type PaidIntent,
  parsePage,
  parsePaid,
  parseSettle,
  parseUndo,
  resolveSpentOn,
  suggestCommand,
} from '../../src/commands/index.js';
import { MAX_PARTICIPANTS } from '../../src/ledger/index.js';

const FORBIDDEN = ['undefined', 'NaN', '[object', 'null'];

const user = fc.record(
  {
    id: fc.integer({ min: 1, max: 12 }),
    first_name: fc.oneof(fc.string({ maxLength: 12 }), fc.constant('')),
    last_name: fc.string({ maxLength: 8 }),
    username: fc.constantFrom('ravi_m', 'asha_k', 'HisaabBot', 'meera_i', 'u2'),
    is_bot: fc.boolean(),
  },
  { requiredKeys: ['id', 'first_name'] },
);
const position = fc.oneof(
  fc.integer({ min: -5, max: 90 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1.5, -0, 2 ** 53),
);
const entity: fc.Arbitrary<EntityLike> = fc.record(
  {
    type: fc.constantFrom('text_mention', 'text_mention', 'mention', 'bold', 'bot_command'),
    offset: position,
    length: position,
    user,
  },
  { requiredKeys: ['type', 'offset', 'length'] },
);
const words = fc.constantFrom(
  'shares',
  'weighted',
  'by',
  'yesterday',
  'today',
  'on',
  'Mar',
  'march',
  '31',
  'Feb',
  '1st',
  '2026-03-01',
  '2026-02-30',
  '1999-01-01',
  '0.5',
  '/paid',
  '/paid@HisaabBot',
  '/paid@OtherBot',
  '/settle',
  '/undo',
  '/expenses',
  '/passbook',
  '1000',
  '1,00,000',
  '1,000.50',
  '100.555',
  'Rs',
  'Rs.',
  'INR',
  '₹',
  '₹370',
  'equal',
  'EXACT',
  'percent',
  'pc',
  '%',
  '40',
  '40%',
  '33.33',
  '0',
  '@ravi_m',
  '@RAVI_M',
  '@asha_k',
  '@HisaabBot',
  '@u2',
  '@',
  '@a-b',
  'me',
  'everyone',
  'all',
  'and',
  ',',
  '-5',
  '1e9',
  'NaN',
  'Infinity',
  '😀',
  '👨‍👩‍👧',
  '\u200f',
  'متن',
  'ארוחת',
  'dinner',
  '#3',
  '<b>',
  '&amp;',
  '\n',
  // The phone grammar: shorthand, sums, Indian digits, plain names, commas without spaces.
  '1.5k',
  '12K',
  '2.5L',
  'lakh',
  'crore',
  '1cr',
  '250+180+90',
  '+',
  '५००',
  '१,२५०.५०',
  'Meera',
  'meera',
  'Ravi',
  'me,@u2',
  '@ravi_m,me',
  'for',
);
const text = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.array(words, { maxLength: 24 }).map((w) => w.join(' ')),
  fc.array(words, { maxLength: 24 }).map((w) => `/paid ${w.join(' ')}`),
  fc.array(words, { maxLength: 8 }).map((w) => `/settle ${w.join(' ')}`),
  // Most random word lists lack a leading amount; these reach the participant grammar.
  fc
    .tuple(
      fc.constantFrom(
        '1000',
        'Rs 500',
        '₹1,250.50',
        '1,00,00,000',
        '1.5k',
        '1 lakh',
        '250+180',
        '५००',
        '1cr',
      ),
      // `by <person>` and a date before the split type (the splits beyond the three types).
      fc.constantFrom(
        '',
        'by @ravi_m',
        'by me',
        'by Ravi',
        'yesterday',
        'on 1 Mar',
        'on 31 Feb 2026',
        '2026-03-01 by @u2',
      ),
      fc.constantFrom('', 'equal', 'exact', 'percent', 'pct', '%', 'shares'),
      fc.array(words, { maxLength: 24 }),
    )
    .map(([amount, extra, type, w]) => `/paid ${amount} ${extra} ${type} ${w.join(' ')}`),
);
const sender = fc.record(
  {
    id: fc.integer({ min: 1, max: 12 }),
    username: fc.constantFrom('asha_k', 'ravi_m', 'u2'),
    first_name: fc.string({ maxLength: 8 }),
  },
  { requiredKeys: ['id', 'first_name'] },
);

function key(p: PaidIntent['participants'][number]): string {
  if (p.person.kind === 'name') return `name:${p.person.name.toLowerCase()}`;
  return p.person.kind === 'username' ? `@${p.person.username.toLowerCase()}` : `#${p.person.user.id}`;
}

/** The invariants the use case relies on without checking again. */
function checkPaid(intent: PaidIntent, input: CommandInput): void {
  expect(intent.amount.gt(0)).toBe(true);
  expect(intent.amount.decimalPlaces()).toBeLessThanOrEqual(2);
  expect(intent.participants.length).toBeLessThanOrEqual(MAX_PARTICIPANTS);
  const keys = intent.participants.map(key);
  expect(new Set(keys).size).toBe(keys.length);
  // A text mention of someone and their @username are one person, too.
  const usernames = intent.participants.flatMap((p) =>
    p.person.kind === 'user' && p.person.user.username ? [`@${p.person.user.username.toLowerCase()}`] : [],
  );
  for (const name of usernames) expect(keys.filter((k) => k === name)).toHaveLength(0);
  for (const p of intent.participants) {
    expect(p.value !== undefined).toBe(intent.splitType !== 'EQUAL');
    if (p.value) expect(p.value.gt(0)).toBe(true);
    if (p.person.kind === 'user') {
      // Only the fields the resolver needs; `is_bot` never survives (bots are refused).
      expect('is_bot' in p.person.user).toBe(false);
      if (p.person.user.id === input.sender.id) {
        // However the sender was named, they come out as the sender (one person, one reference).
        const { id, first_name, username } = input.sender;
        expect(p.person.user).toEqual(
          username === undefined ? { id, first_name } : { id, first_name, username },
        );
      }
    }
    if (p.person.kind === 'username') {
      expect(p.person.username.toLowerCase()).not.toBe(input.botUsername.toLowerCase());
      expect(p.person.username.toLowerCase()).not.toBe(input.sender.username?.toLowerCase());
    }
  }
  if (intent.splitType !== 'EQUAL') expect(intent.participants.length).toBeGreaterThan(0);
  expect(intent.everyone).toBe(intent.participants.length === 0);
  expect(Array.from(intent.description).length).toBeLessThanOrEqual(DESCRIPTION_LIMIT);
  expect(intent.description).toBe(intent.description.replace(/\s+/g, ' ').trim());
  expect(intent.description.startsWith('@')).toBe(false);
  if (intent.amountTyped !== undefined) expect(intent.amountTyped.length).toBeGreaterThan(0);
  if (intent.splitType !== 'EQUAL') expect(intent.candidates).toEqual([]);
  for (const candidate of intent.candidates) {
    expect(candidate.name).toMatch(/^\p{L}/u);
    expect(candidate.descriptionAfter).toBe(candidate.descriptionAfter.replace(/\s+/g, ' ').trim());
    expect(intent.description.endsWith(candidate.descriptionAfter)).toBe(true);
  }
  for (const p of intent.participants) {
    if (p.person.kind === 'name') expect(p.person.name).toMatch(/^\p{L}/u);
  }
  if (intent.payer?.kind === 'username') {
    expect(intent.payer.username.toLowerCase()).not.toBe(input.botUsername.toLowerCase());
  }
  if (intent.spentOn) {
    // A date read is either a day not after today, or one plain refusal.
    try {
      const day = resolveSpentOn(intent.spentOn, new Date('2026-11-29T10:00:00Z'));
      expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(day <= '2026-11-29').toBe(true);
    } catch (error) {
      checkRefusal(error, input);
    }
  }
}

function checkRefusal(error: unknown, input: CommandInput): void {
  expect(error).toBeInstanceOf(CommandError);
  const refusal = error as CommandError;
  expect(refusal.message).toBe(refusal.message.trim());
  expect(refusal.message).toContain(refusal.usage);
  expect(refusal.message.startsWith(refusal.reason)).toBe(true);
  expect(refusal.message).not.toMatch(/\n\s*at |\.ts:\d+/);
  expect(refusal.message.length).toBeLessThan(400);
  for (const word of FORBIDDEN) {
    // The only way such a word may appear is by quoting what the person typed.
    if (!input.text.includes(word)) expect(refusal.message).not.toContain(word);
  }
  for (const value of Object.values(refusal.details)) expect(typeof value).toBe('string');
}

describe('the command grammar, fuzzed', () => {
  it('turns any text and entities into an intent or a CommandError, never anything else', () => {
    fc.assert(
      fc.property(text, fc.array(entity, { maxLength: 5 }), sender, (t, entities, from) => {
        const commandInput: CommandInput = { text: t, entities, sender: from, botUsername: 'HisaabBot' };
        for (const parse of [parsePaid, parseSettle, parseUndo, parsePage] as const) {
          let result: unknown;
          try {
            result = parse(commandInput);
          } catch (error) {
            checkRefusal(error, commandInput);
            continue;
          }
          if (parse === parsePaid) checkPaid(result as PaidIntent, commandInput);
          if (parse === parseSettle) {
            const settle = result as ReturnType<typeof parseSettle>;
            if (settle.person.kind === 'user') expect(settle.person.user.id).not.toBe(from.id);
            if (settle.amount) expect(settle.amount.gt(0)).toBe(true);
          }
          if (parse === parseUndo) {
            const id = (result as { expenseId?: number }).expenseId;
            if (id !== undefined) expect(Number.isSafeInteger(id) && id > 0).toBe(true);
          }
          if (parse === parsePage) {
            const page = (result as { page: number }).page;
            expect(Number.isSafeInteger(page) && page > 0).toBe(true);
          }
        }
        const name = commandName(t, entities, 'HisaabBot');
        if (name) {
          expect(name.name).toMatch(/^[a-z0-9_]+$/);
          const suggestion = suggestCommand(name.name);
          if (suggestion) {
            expect(suggestion.sentence).not.toMatch(/\n|undefined/);
            expect(suggestion.sentence).toContain(`/${suggestion.command}`);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back well-formed /paid commands it is given', () => {
    const person = fc.constantFrom('@ravi_m', '@meera_i', '@kabir_s', '@u2', '@dev_p', 'me');
    const amount = fc.integer({ min: 1, max: 99_999_99 }).map((paise) => (paise / 100).toFixed(2));
    fc.assert(
      fc.property(
        amount,
        fc.uniqueArray(person, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('EQUAL', 'EXACT', 'PERCENT', 'SHARES'),
        fc.constantFrom('', 'dinner out', 'चाय', '🍕 party', 'عشاء'),
        (total, people, type, description) => {
          const parts = people.map((p) => (type === 'EQUAL' ? p : `${p} 1`));
          const t = `/paid ${total} ${type.toLowerCase()} ${parts.join(' ')} ${description}`;
          const intent = parsePaid({
            text: t,
            sender: { id: 1, username: 'asha_k', first_name: 'Asha' },
            botUsername: 'HisaabBot',
          });
          expect(intent.splitType).toBe(type);
          expect(intent.participants).toHaveLength(people.length);
          expect(intent.description).toBe(description);
          expect(intent.amount.toFixed(2)).toBe(total);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds text mentions by UTF-16 offsets whatever characters their names and the text hold', () => {
    const name = fc
      .array(fc.constantFrom('Ravi', 'Kumar', '😀', '👨‍👩‍👧', 'रवि', 'علي', 'x', '🇮🇳'), {
        minLength: 1,
        maxLength: 3,
      })
      .map((parts) => parts.join(' '));
    fc.assert(
      fc.property(
        fc.constantFrom('/paid', '/paid@HisaabBot', '/PAID@hisaabbot'),
        fc.array(fc.oneof(name, fc.constantFrom('@ravi_m', '@meera_i', '@u2')), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom('', '🍕 pizza', 'चाय', 'عشاء'),
        (command, people, description) => {
          let t = `${command} 600 exact`;
          const entities: EntityLike[] = [];
          const expected: string[] = [];
          const usernames = new Set<string>();
          people.forEach((person, index) => {
            t += ' ';
            if (person.startsWith('@')) {
              if (usernames.has(person)) return;
              usernames.add(person);
              expected.push(person);
            } else {
              const id = 100 + index;
              entities.push({
                type: 'text_mention',
                offset: t.length,
                length: person.length,
                user: { id, first_name: 'P' },
              });
              expected.push(`#${id}`);
            }
            t += `${person} 1`;
          });
          t += ` ${description}`;
          const intent = parsePaid({
            text: t,
            entities,
            sender: { id: 1, username: 'asha_k', first_name: 'Asha' },
            botUsername: 'HisaabBot',
          });
          expect(
            intent.participants.map((p) =>
              p.person.kind === 'user'
                ? `#${p.person.user.id}`
                : p.person.kind === 'name'
                  ? p.person.name
                  : `@${p.person.username}`,
            ),
          ).toEqual(expected);
          expect(intent.description).toBe(description);
        },
      ),
      { numRuns: 500 },
    );
  });
});
