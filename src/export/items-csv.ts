// A group's itemised bills (/bill) for the weekly export, beside its Splitwise-layout file (which has
// one row per expense and no place for items): one row per line of each bill, `Expense` being the
// group's number for it (#5 in the chat), `Kind` item or charge, `Had it` the people who shared an
// item (a charge is spread over the items in proportion). Text cells are neutralised as elsewhere.
import { stringify } from 'csv-stringify/sync';
import { neutralise } from './csv.js';
import type { ColumnPerson } from './splitwise-csv.js';

export interface ItemRow {
  number: number;
  day: string;
  expense: string;
  position: number;
  description: string;
  amount: string;
  percent: string | null;
  charge: boolean;
  userIds: number[];
}

export const ITEM_COLUMNS = [
  'Expense',
  'Date',
  'Bill',
  'Line',
  'Kind',
  'What',
  'Amount',
  'Percent',
  'Currency',
  'Had it',
] as const;

export function itemsCsv(
  rows: readonly ItemRow[],
  people: readonly ColumnPerson[],
  currency: string,
): string {
  const names = new Map(
    people.map((p) => [
      p.id,
      (p.lastName ? `${p.firstName} ${p.lastName}` : p.firstName).trim() || `#${p.id}`,
    ]),
  );
  const records: string[][] = [[...ITEM_COLUMNS]];
  for (const row of rows) {
    records.push([
      `#${row.number}`,
      row.day,
      neutralise(row.expense),
      String(row.position),
      row.charge ? 'charge' : 'item',
      neutralise(row.description),
      row.amount,
      row.percent ?? '',
      currency,
      neutralise(row.userIds.map((id) => names.get(id) ?? `#${id}`).join('; ')),
    ]);
  }
  return stringify(records, { bom: true, record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}
