// Reading Splitwise group exports: the layout Splitwise writes, and every broken file refused with
// the line it is on.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  matchSplitwisePeople,
  parseImportMap,
  parseSplitwiseCsv,
  SplitwiseFileError,
} from '../../src/commands/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/splitwise/${name}`, import.meta.url), 'utf8');
const HEADER = 'Date,Description,Category,Cost,Currency,Asha,Ravi Menon\n';

function refusal(text: string): SplitwiseFileError {
  try {
    parseSplitwiseCsv(text);
  } catch (error) {
    if (error instanceof SplitwiseFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('a Splitwise export', () => {
  it('reads people with spaces in their names, quoted descriptions, payments and the balance row', () => {
    const file = parseSplitwiseCsv(fixture('flat-september.csv'));
    expect(file.people).toEqual(['Asha', 'Ravi Menon', 'Meera Iyer', 'Kabir']);
    expect(file.rows).toHaveLength(10);
    expect(file.rows[0]).toEqual({
      line: 3,
      date: '2026-09-01',
      description: 'Rent September',
      category: 'Rent',
      cost: '40000.00',
      currency: 'INR',
      nets: ['30000.00', '-10000.00', '-10000.00', '-10000.00'],
    });
    expect(file.rows[2]?.description).toBe('Dinner, "Toit"');
    expect(file.rows[5]?.category).toBe('Payment');
    expect(file.balances).toEqual([
      { line: 14, currency: 'INR', nets: ['28107.37', '-3602.13', '-11202.62', '-13302.62'] },
    ]);
  });

  it('reads Windows line ends, a byte-order mark, trailing commas and an undated balance row', () => {
    const file = parseSplitwiseCsv(fixture('three-flatmates.csv'));
    expect(file.people).toEqual(['asha_k', 'Ravi', 'Meera Iyer']);
    expect(file.rows.map((r) => r.date)).toEqual([
      '2026-08-02',
      '2026-08-04',
      '2026-08-09',
      '2026-08-15',
      '2026-08-16',
      '2026-08-30',
    ]);
    expect(file.balances[0]?.nets).toEqual(['1819.58', '-1221.91', '-597.67']);
  });

  it.each([
    [
      'a row with a missing cell',
      `${HEADER}2026-01-02,Tea,General,10.00,INR,5.00\n`,
      2,
      /has 6 cells where the header has 7/,
    ],
    [
      'an amount that is not one',
      `${HEADER}2026-01-02,Tea,General,10.00,INR,5.00,-5.0O\n`,
      2,
      /"-5\.0O" under Ravi Menon/,
    ],
    ['three decimals', `${HEADER}2026-01-02,Tea,General,10.005,INR,5.00,-5.00\n`, 2, /under Cost/],
    [
      'nets that do not add up to zero',
      `${HEADER}2026-01-02,Tea,General,10.00,INR,5.00,-4.00\n`,
      2,
      /add up to 1\.00 instead of 0/,
    ],
    [
      'a date Splitwise never writes',
      `${HEADER}\n2026-01-02,Tea,General,10.00,INR,5.00,-5.00\n31/01/2026,Milk,General,4.00,INR,2.00,-2.00\n`,
      4,
      /"31\/01\/2026" as its date/,
    ],
    ['a day that does not exist', `${HEADER}2026-02-30,Tea,General,10.00,INR,5.00,-5.00\n`, 2, /as its date/],
    [
      'an unclosed quote',
      `${HEADER}2026-01-02,"Tea,General,10.00,INR,5.00,-5.00\n`,
      2,
      /not well-formed CSV/,
    ],
    [
      "a balance row that is not the rows' sum",
      `${HEADER}2026-01-02,Tea,General,10.00,INR,5.00,-5.00\n\n2026-01-03,Total balance, , ,INR,6.00,-6.00\n`,
      4,
      /gives Asha a total balance of 6\.00, but the rows above add up to 5\.00/,
    ],
    [
      'a row after the balance row',
      `${HEADER}2026-01-02,Tea,General,10.00,INR,5.00,-5.00\n,Total balance,,,INR,5.00,-5.00\n2026-01-04,Tea,General,10.00,INR,5.00,-5.00\n`,
      4,
      /after the Total balance row/,
    ],
    ['another layout', 'Name,Amount\nAsha,5\n', 1, /Date, Description, Category, Cost, Currency/],
    [
      'two people who read alike',
      'Date,Description,Category,Cost,Currency,Asha K,asha  k.\n2026-01-02,Tea,General,1.00,INR,1.00,-1.00\n',
      1,
      /cannot tell apart/,
    ],
    [
      'a net over the limit',
      `${HEADER}2026-01-02,Flat,General,100.00,INR,10000000.01,-10000000.01\n`,
      2,
      /has 10000000\.01 under Asha, more than the most one expense may be/,
    ],
    [
      'a cost over the limit',
      `${HEADER}2026-01-02,Flat,General,10000000.01,INR,5.00,-5.00\n`,
      2,
      /more than the most one expense may be/,
    ],
  ])('refuses %s with its line number', (_what, text, line, sentence) => {
    const error = refusal(text);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(sentence);
    expect(error.message).toMatch(new RegExp(`^Line ${line} of the file .+\\.$`));
  });

  it('refuses an empty file and a file with no rows in one sentence', () => {
    expect(refusal('').message).toBe(
      "The file is empty; send the group's CSV from Splitwise (Export as spreadsheet) unchanged.",
    );
    expect(refusal(HEADER).message).toMatch(/^The file has no expenses or payments in it;/);
  });
});

describe('matching Splitwise names to members', () => {
  const members = [
    { id: 1, firstName: 'Asha', lastName: null, username: 'asha_k' },
    { id: 2, firstName: 'Ravi', lastName: null, username: 'ravi_m' },
    { id: 3, firstName: 'Meera', lastName: 'Iyer', username: null },
    { id: 4, firstName: 'Kabir', lastName: null, username: null },
    { id: 5, firstName: 'Kabir', lastName: 'Rao', username: null },
  ];
  it('matches first names, full names and usernames whatever the case and spacing', () => {
    expect(matchSplitwisePeople(['ASHA', ' meera   iyer ', '@ravi_m', 'Kabir Rao'], members)).toEqual([
      1, 3, 2, 5,
    ]);
    expect(matchSplitwisePeople(['asha_k'], members)).toEqual([1]);
  });
  it('ignores spaces and dots the member\'s name lacks, as the README says ("Ravi K." is "RaviK")', () => {
    const flat = [
      { id: 1, firstName: 'RaviK', lastName: null, username: null },
      { id: 2, firstName: 'Meera', lastName: 'Iyer', username: null },
      { id: 3, firstName: 'Asha', lastName: null, username: 'asha_rao' },
    ];
    expect(matchSplitwisePeople(['Ravi K.', 'meera iyer', 'Asha R.A.O'], flat)).toEqual([1, 2, 3]);
    expect(matchSplitwisePeople(['ravik', 'MeeraIyer', 'asha'], flat)).toEqual([1, 2, 3]);
  });
  it('leaves a name unmatched when it fits nobody or several, or when two names fit one member', () => {
    // "Kabir" is the full name of member 4 only, so it is him; "Ravi Menon" fits nobody.
    expect(matchSplitwisePeople(['Kabir', 'Ravi Menon'], members)).toEqual([4, null]);
    expect(matchSplitwisePeople(['Asha', 'asha_k'], members)).toEqual([null, null]);
  });
});

describe('/import map', () => {
  const input = (text: string) => ({
    text,
    sender: { id: 7, first_name: 'Asha', username: 'asha_k' },
    botUsername: 'HisaabTestBot',
  });
  it('reads a quoted name and a person', () => {
    expect(parseImportMap(input('/import map "Ravi Menon" @ravi_m'))).toEqual({
      name: 'Ravi Menon',
      person: { kind: 'username', username: 'ravi_m' },
    });
    expect(parseImportMap(input('/import'))).toBeNull();
  });
  it('refuses a map without a name or a person in one sentence', () => {
    expect(() => parseImportMap(input('/import map @ravi_m'))).toThrow(
      /^Say which name in the file is which member: the name in quotes, then the person, like: \/import map "Ravi Kumar" @ravi$/,
    );
  });
});
