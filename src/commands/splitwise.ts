// A Splitwise group export (Splitwise → group → "Export as spreadsheet"), read into rows, purely.
// The layout Splitwise documents and writes: a header `Date,Description,Category,Cost,Currency,` then
// one column per person; each row gives every person's net for that row (what they paid minus their
// share: positive for a payer, negative for those who owe, 0.00 for the rest; the row's nets add up
// to zero); payments are rows with Category "Payment" (the payer +, the receiver −); blank lines
// separate the header and the last row, `Total balance` (each person's net over the whole file).
// A group with several currencies has one Total balance row per currency.
//
// Every problem is refused with the line it is on, in one sentence: the file is checked whole before
// anything is recorded. Money stays text of at most two decimals here (checked with decimal.js), so
// the parsed file can be stored as JSON and read back exactly.
import { parse as parseStream } from 'csv-parse';
import { CsvError, parse as parseSync } from 'csv-parse/sync';
import { Decimal, MAX_AMOUNT } from '../ledger/index.js';
import { CommandError } from './errors.js';
import { readPerson } from './people.js';
import { tokenize } from './tokens.js';
import type { CommandInput, PersonRef } from './types.js';

export interface SplitwiseRow {
  /** The line it starts on in the file (1 = the header). */
  line: number;
  /** YYYY-MM-DD */
  date: string;
  description: string;
  category: string;
  /** The row's cost, as decimal text with two decimals. */
  cost: string;
  currency: string;
  /** Each person's net for the row, in the header's order, as decimal text with two decimals. */
  nets: string[];
}

export interface SplitwiseFile {
  /** The people, as the header names them, in order. */
  people: string[];
  rows: SplitwiseRow[];
  /** The Total balance rows, one per currency. */
  balances: { line: number; currency: string; nets: string[] }[];
}

/** Telegram lets a bot download files up to 20 MB; more than this many rows is refused as well. */
export const SPLITWISE_MAX_ROWS = 20_000;
/** The largest file one import reads (a real export of years of a flat's expenses is well under it). */
export const SPLITWISE_MAX_MB = 2;
export const SPLITWISE_MAX_BYTES = SPLITWISE_MAX_MB * 1024 * 1024;
/** The most people (columns after Currency) one import takes. */
export const SPLITWISE_MAX_PEOPLE = 100;
const FIXED = ['date', 'description', 'category', 'cost', 'currency'] as const;
const AMOUNT = /^-?\d{1,12}(\.\d{1,2})?$/;

/** A file that is not a Splitwise export we can read: one sentence, naming the line. */
export class SplitwiseFileError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(
      line > 0
        ? `Line ${line} of the file ${problem}; send the group's CSV from Splitwise (Export as spreadsheet) unchanged.`
        : `The file ${problem}; send the group's CSV from Splitwise (Export as spreadsheet) unchanged.`,
    );
    this.name = 'SplitwiseFileError';
  }
}

/**
 * The key names are compared by: case, spaces, dots and underscores do not matter, as the README
 * promises ("Ravi K." is "RaviK" is "ravik"; "Asha  K." is "asha_k").
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.\s_]+/g, '');
}

/** The whole file at once: for tests and small files (the bot reads files with readSplitwiseCsv). */
export function parseSplitwiseCsv(text: string): SplitwiseFile {
  const reader = new SplitwiseReader();
  let records: CsvRecord[];
  try {
    records = parseSync(text, CSV_OPTIONS) as unknown as CsvRecord[];
  } catch (error) {
    throw csvFailure(error);
  }
  for (const record of records) reader.add(record);
  return reader.finish();
}

/**
 * A file as the bot reads it: its size and people bounded before the rows are read (at most
 * SPLITWISE_MAX_BYTES, at most SPLITWISE_MAX_PEOPLE columns of people, refused at the header), and
 * read a slice at a time, handing the event loop back every few milliseconds, so that a big file
 * never holds up another group's commands, a webhook or /healthz.
 */
export async function readSplitwiseCsv(bytes: Uint8Array, breather = new Breather()): Promise<SplitwiseFile> {
  if (bytes.length > SPLITWISE_MAX_BYTES)
    throw new SplitwiseFileError(0, `is bigger than ${SPLITWISE_MAX_MB} MB`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SplitwiseFileError(0, 'is not text in UTF-8, as Splitwise writes its CSV');
  }
  const reader = new SplitwiseReader();
  const parser = parseStream(CSV_OPTIONS);
  let failure: unknown;
  parser.on('error', (error) => {
    failure = error;
  });
  const drain = async () => {
    for (let record = parser.read(); record !== null; record = parser.read()) {
      reader.add(record as CsvRecord);
      await breather.breathe();
    }
  };
  for (let at = 0; at < text.length && failure === undefined; at += SLICE_CHARS) {
    parser.write(text.slice(at, at + SLICE_CHARS));
    await drain();
    await breather.breathe(true);
  }
  if (failure === undefined) {
    parser.end();
    await breather.breathe(true);
    await drain();
  }
  if (failure !== undefined) throw csvFailure(failure);
  return reader.finish();
}

/** Hands the event loop back once `budgetMs` of work has gone by since it last did. */
export class Breather {
  private since = performance.now();
  constructor(private readonly budgetMs = 8) {}
  async breathe(always = false): Promise<void> {
    if (!always && performance.now() - this.since < this.budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}

type CsvRecord = { record: string[]; info: { lines: number } };
const CSV_OPTIONS = { bom: true, info: true, relax_column_count: true, skip_empty_lines: false } as const;
/** Characters handed to the CSV parser at a time (it parses a slice in well under a millisecond). */
const SLICE_CHARS = 4 * 1024;

function csvFailure(error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  const line = (error as CsvError & { lines?: number }).lines ?? 0;
  return new SplitwiseFileError(line, 'is not well-formed CSV (a quote is not closed, or a cell is broken)');
}

/**
 * The file's records one by one: the header first (its people checked and bounded at once), then
 * each row checked as it comes, each currency's nets summed as they come (for the balance rows).
 */
class SplitwiseReader {
  private file: SplitwiseFile | null = null;
  private width = 0;
  private readonly sums = new Map<string, Decimal[]>();

  add({ record, info }: CsvRecord): void {
    const cells = record.map((c) => c.trim());
    if (!cells.some((c) => c !== '')) return;
    // A record spanning several lines (a quoted line break) is counted from where it starts.
    const line = info.lines - (record.join(',').match(/\r?\n/g)?.length ?? 0);
    if (this.file) this.row(this.file, cells, line);
    else this.header(cells, line);
  }

  private header(cells: string[], line: number): void {
    const fixed = cells.slice(0, FIXED.length).map((c) => c.toLowerCase());
    if (FIXED.some((name, i) => fixed[i] !== name)) {
      throw new SplitwiseFileError(
        line,
        'does not start with the columns Date, Description, Category, Cost, Currency',
      );
    }
    // Splitwise ends the header with the people; a trailing empty cell is not a person.
    const people = cells.slice(FIXED.length);
    while (people.length > 0 && people.at(-1) === '') people.pop();
    if (people.length < 2) throw new SplitwiseFileError(line, 'names fewer than two people after Currency');
    if (people.length > SPLITWISE_MAX_PEOPLE)
      throw new SplitwiseFileError(
        line,
        `names ${people.length} people, more than the ${SPLITWISE_MAX_PEOPLE} one import takes`,
      );
    const seen = new Map<string, string>();
    for (const person of people) {
      if (person === '') throw new SplitwiseFileError(line, 'has a person column without a name');
      const key = nameKey(person);
      const before = seen.get(key);
      if (before !== undefined)
        throw new SplitwiseFileError(line, `names "${before}" and "${person}", which I cannot tell apart`);
      seen.set(key, person);
    }
    this.width = FIXED.length + people.length;
    this.file = { people, rows: [], balances: [] };
  }

  private row(file: SplitwiseFile, cells: string[], line: number): void {
    // A trailing comma (an empty last cell) is how some exports end a row.
    while (cells.length > this.width && cells.at(-1) === '') cells.pop();
    if (cells.length !== this.width)
      throw new SplitwiseFileError(line, `has ${cells.length} cells where the header has ${this.width}`);
    const [date, description, category, cost, currency] = cells as [string, string, string, string, string];
    const nets = cells
      .slice(FIXED.length)
      .map((cell, i) => amount(cell === '' ? '0' : cell, line, file.people[i] as string));
    const code = currency.toUpperCase();
    if (!/^[A-Z]{3}$/.test(code))
      throw new SplitwiseFileError(
        line,
        `has "${currency}" as its currency, not a three-letter code such as INR`,
      );
    if (description.toLowerCase() === 'total balance') {
      file.balances.push({ line, currency: code, nets });
      return;
    }
    if (file.balances.length > 0)
      throw new SplitwiseFileError(line, 'comes after the Total balance row, which must be last');
    const day = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?.*)?$/.exec(date)?.[1];
    if (
      !day ||
      Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ||
      new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day
    )
      throw new SplitwiseFileError(line, `has "${date}" as its date, not a date written like 2026-03-01`);
    const costValue = amount(cost, line, 'Cost');
    if (new Decimal(costValue).isNegative())
      throw new SplitwiseFileError(line, `has a negative cost (${cost})`);
    const sum = nets.reduce((total, n) => total.plus(n), new Decimal(0));
    if (!sum.isZero())
      throw new SplitwiseFileError(
        line,
        `has people's amounts that add up to ${sum.toFixed(2)} instead of 0`,
      );
    if (file.rows.length >= SPLITWISE_MAX_ROWS)
      throw new SplitwiseFileError(line, `is past the ${SPLITWISE_MAX_ROWS} rows one import takes`);
    file.rows.push({ line, date: day, description, category, cost: costValue, currency: code, nets });
    const sums = this.sums.get(code) ?? file.people.map(() => new Decimal(0));
    this.sums.set(
      code,
      sums.map((total, i) => total.plus(nets[i] as string)),
    );
  }

  finish(): SplitwiseFile {
    const file = this.file;
    if (!file) throw new SplitwiseFileError(0, 'is empty');
    if (file.rows.length === 0) throw new SplitwiseFileError(0, 'has no expenses or payments in it');
    // The balance row is Splitwise's own sum of the rows above it: a file where they disagree was
    // changed by hand or cut short, and importing it would not give the balances it claims.
    for (const balance of file.balances) {
      const sums = this.sums.get(balance.currency) ?? file.people.map(() => new Decimal(0));
      for (const [i, person] of file.people.entries()) {
        const sum = sums[i] as Decimal;
        if (!sum.eq(balance.nets[i] as string))
          throw new SplitwiseFileError(
            balance.line,
            `gives ${person} a total balance of ${balance.nets[i]}, but the rows above add up to ${sum.toFixed(2)}`,
          );
      }
    }
    return file;
  }
}

function amount(cell: string, line: number, column: string): string {
  const text = cell.replace(/,/g, '');
  if (!AMOUNT.test(text))
    throw new SplitwiseFileError(line, `has "${cell}" under ${column}, not an amount like 120.50`);
  // More than one expense may be cannot be recorded (a row's part is at most a person's net).
  if (new Decimal(text).abs().gt(MAX_AMOUNT))
    throw new SplitwiseFileError(
      line,
      `has ${cell} under ${column}, more than the most one expense may be (1,00,00,000)`,
    );
  return new Decimal(text).toFixed(2);
}

/** A group member as name matching needs them. */
export interface MemberName {
  id: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
}

/**
 * Who each Splitwise name is among the members: the one member whose full name, first name or
 * username (with or without @) it is, compared by nameKey; null when no member or several fit, or
 * when another name of the file fits the same member (then a person chooses both).
 */
export function matchSplitwisePeople(
  names: readonly string[],
  members: readonly MemberName[],
): (number | null)[] {
  const keysOf = (m: MemberName) =>
    new Set(
      [
        m.lastName ? `${m.firstName} ${m.lastName}` : m.firstName,
        m.firstName,
        m.username ?? '',
        m.username ? `@${m.username}` : '',
      ]
        .filter((k) => k !== '')
        .map(nameKey),
    );
  const keyed = members.map((m) => ({ id: m.id, keys: keysOf(m) }));
  const found = names.map((name) => {
    const key = nameKey(name);
    const fits = keyed.filter((m) => m.keys.has(key));
    // A full name beats a first name: "Asha Rao" and "Asha" both fit a name "Asha" only by first name.
    const exact = members.filter(
      (m) => nameKey(m.lastName ? `${m.firstName} ${m.lastName}` : m.firstName) === key,
    );
    if (exact.length === 1) return (exact[0] as MemberName).id;
    return fits.length === 1 ? (fits[0] as { id: number }).id : null;
  });
  return found.map((id) => (id !== null && found.filter((other) => other === id).length === 1 ? id : null));
}

export const IMPORT_MAP_USAGE = '/import map "Ravi Kumar" @ravi';

/** `/import map "Ravi Kumar" @ravi`: who a name in the Splitwise file is, when no button fits. */
export function parseImportMap(input: CommandInput): { name: string; person: PersonRef } | null {
  const tokens = tokenize(input);
  if (tokens[0]?.text.toLowerCase() !== 'map') return null;
  const last = tokens.at(-1);
  const rest = input.text.slice(tokens[0].end, last && tokens.length > 1 ? last.start : undefined).trim();
  const person = tokens.length > 1 ? readPerson(last, input, IMPORT_MAP_USAGE) : null;
  const name = rest.replace(/^["“”'‘’]|["“”'‘’]$/g, '').trim();
  if (!person || name === '') {
    throw new CommandError(
      'BAD_IMPORT_MAP',
      'Say which name in the file is which member: the name in quotes, then the person',
      IMPORT_MAP_USAGE,
    );
  }
  return { name, person: person.ref };
}
