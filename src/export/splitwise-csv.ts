// A group's expenses and payments in Splitwise's own export layout, so a group can leave Hisaab as
// easily as it came (and /import reads the file back): `Date, Description, Category, Cost,
// Currency`, then one column per person with that person's net for the row (paid minus share for an
// expense; + for who paid and − for who received a payment, Category "Payment"), a blank line, and
// the Total balance row, each person's net in the group. Money is exact decimal text; text cells a
// spreadsheet would run as a formula are neutralised as in the users file.
import { stringify } from 'csv-stringify/sync';
import { Decimal } from '../ledger/index.js';
import { neutralise } from './csv.js';

export interface LedgerRow {
  kind: 'expense' | 'payment';
  /** YYYY-MM-DD: the day spent (expense) or recorded (payment). */
  day: string;
  description: string;
  category: string;
  amount: string;
  /** The payer, or who paid the payment. */
  fromId: number;
  /** Who received a payment. */
  toId: number | null;
  /** [userId, share] of an expense. */
  shares: [number, string][] | null;
}

export interface ColumnPerson {
  id: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
}

export const SPLITWISE_COLUMNS = ['Date', 'Description', 'Category', 'Cost', 'Currency'] as const;

export function splitwiseCsv(
  rows: readonly LedgerRow[],
  people: readonly ColumnPerson[],
  currency: string,
): string {
  const columns = columnNames(people);
  const index = new Map(people.map((p, i) => [p.id, i]));
  const totals = people.map(() => new Decimal(0));
  const records: string[][] = [[...SPLITWISE_COLUMNS, ...columns], []];
  const nameOf = (id: number | null) => (id === null ? '' : (columns[index.get(id) ?? -1] ?? `#${id}`));
  for (const row of rows) {
    const nets = people.map(() => new Decimal(0));
    const add = (id: number, amount: Decimal) => {
      const i = index.get(id);
      if (i !== undefined) nets[i] = (nets[i] as Decimal).plus(amount);
    };
    const amount = new Decimal(row.amount);
    add(row.fromId, amount);
    if (row.kind === 'payment' && row.toId !== null) add(row.toId, amount.neg());
    for (const [userId, share] of row.shares ?? []) add(userId, new Decimal(share).neg());
    for (const [i, net] of nets.entries()) totals[i] = (totals[i] as Decimal).plus(net);
    const description =
      row.kind === 'payment'
        ? `${nameOf(row.fromId)} paid ${nameOf(row.toId)}${row.description ? `: ${row.description}` : ''}`
        : row.description;
    records.push([
      row.day,
      neutralise(description),
      neutralise(row.kind === 'payment' ? 'Payment' : row.category || 'General'),
      amount.toFixed(2),
      currency,
      ...nets.map((n) => n.toFixed(2)),
    ]);
  }
  const last = rows.at(-1)?.day ?? '';
  records.push([], [last, 'Total balance', ' ', ' ', currency, ...totals.map((t) => t.toFixed(2))]);
  return stringify(records, { bom: true, record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

/** Each person's column: their name, made unique with the username or the id when two share it. */
function columnNames(people: readonly ColumnPerson[]): string[] {
  const plain = people.map(
    (p) => (p.lastName ? `${p.firstName} ${p.lastName}` : p.firstName).trim() || `#${p.id}`,
  );
  const key = (name: string) =>
    name
      .toLowerCase()
      .replace(/[.\s_]+/g, ' ')
      .trim();
  return plain.map((name, i) => {
    const twins = plain.filter((other) => key(other) === key(name)).length;
    if (twins === 1) return neutralise(name);
    const person = people[i] as ColumnPerson;
    return neutralise(person.username ? `${name} (@${person.username})` : `${name} (#${person.id})`);
  });
}
