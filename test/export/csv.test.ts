import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createCsvStringifier, neutralise, toRecord, type UserRow } from '../../src/export/csv.js';
import { isoWeek } from '../../src/export/runs.js';

const user = (over: Partial<UserRow>): UserRow => ({
  id: 1,
  telegramId: '1001',
  username: 'asha',
  firstName: 'Asha',
  lastName: null,
  email: null,
  mobile: null,
  groups: 1,
  totalPaid: '0.00',
  totalShare: '0.00',
  net: '0.00',
  createdAt: new Date('2026-11-24T10:00:00Z'),
  updatedAt: new Date('2026-11-24T10:00:00Z'),
  ...over,
});

async function csvOf(users: UserRow[]): Promise<string> {
  const stringifier = createCsvStringifier();
  const chunks: Buffer[] = [];
  stringifier.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  const done = new Promise((resolve) => stringifier.on('end', resolve));
  for (const u of users) stringifier.write(toRecord(u));
  stringifier.end();
  await done;
  return Buffer.concat(chunks).toString('utf8');
}

describe('the export CSV', () => {
  it('is RFC 4180: CRLF rows, quoted commas, quotes and line breaks, UTF-8 with a BOM', async () => {
    const text = await csvOf([
      user({ firstName: 'Ravi, "the boss"', lastName: 'K\nline two' }),
      user({ id: 2, firstName: 'मीरा 😀', net: '-12.50' }),
    ]);
    expect(text.startsWith('\uFEFFuser_id,telegram_id,')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFuser_id,telegram_id,username,name,email,mobile,groups,total_paid,total_share,net_balance,created_at,updated_at',
    );
    expect(text).toContain('"Ravi, ""the boss"" K\nline two"');
    const rows = parse(text.slice(1), { columns: true, record_delimiter: '\r\n' }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(2);
    expect(rows[0]?.name).toBe('Ravi, "the boss" K\nline two');
    expect(rows[1]?.name).toBe('मीरा 😀');
    expect(rows[1]?.net_balance).toBe('-12.50');
  });

  it('neutralises cells a spreadsheet would run as formulas, but not numbers', async () => {
    for (const dangerous of ['=SUM(A1)', '+1', '-1+2', '@cmd', '\tx', '\rx', '\nx']) {
      expect(neutralise(dangerous)).toBe(`'${dangerous}`);
    }
    expect(neutralise('Asha')).toBe('Asha');
    const record = toRecord(user({ firstName: '=HYPERLINK("x")', net: '-5.00', email: '@evil' }));
    expect(record[3]).toBe('\'=HYPERLINK("x")');
    expect(record[4]).toBe("'@evil");
    expect(record[9]).toBe('-5.00');
  });
});

describe('isoWeek', () => {
  it.each([
    ['2026-11-24', '2026-W48'],
    ['2026-01-01', '2026-W01'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
    ['2020-12-31', '2020-W53'],
    ['2027-01-03', '2026-W53'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeek(new Date(`${date}T12:00:00Z`))).toBe(week);
  });
});
