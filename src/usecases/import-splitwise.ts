// Moving a group in from Splitwise: a group export (CSV) is read whole and checked (a bad line is
// refused with its number before anything is recorded), its people are matched to the group's
// members by name, and once everyone is known each row is recorded through the ledger's own record
// functions: an expense (an exact split, with the row's day and description) or a settlement, as
// src/ledger/splitwise.ts maps it. The group's nets then equal the file's Total balance row.
// A row in another currency is converted at the group's rate for it (GroupRate), as /paid in that
// currency is, and its expense keeps the original amount, currency and rate.
//
// Idempotent twice over: the import is keyed by the Telegram message that carried the file, and
// each record by its row (sha256 of the row's cells, its occurrence among identical rows, and the
// part), from which the record's source is derived, so the record function itself refuses to record
// a row twice, in this import or a later one of the same (or a longer, later) export.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  Breather,
  guessCategory,
  matchSplitwisePeople,
  nameKey,
  readSplitwiseCsv,
  type SplitwiseFile,
} from '../commands/index.js';
import { importBatchSql } from '../db/queries/imports.js';
import {
  convertExpense,
  convertShares,
  Decimal,
  formatForeign,
  formatRate,
  payerDebts,
  type RowRecord,
  splitwiseRowRecords,
} from '../ledger/index.js';
import { groupBalances } from './balances.js';
import { originalSharesJson } from './currency.js';
import type { UseCaseDeps } from './deps.js';
import { UseCaseError } from './errors.js';
import {
  displayName,
  type Person,
  type PersonRef,
  type TelegramGroup,
  type TelegramPerson,
  toPerson,
} from './members.js';
import type { SourceMessage } from './record-expense.js';

/** Longest description stored (the /paid limit). */
const DESCRIPTION_MAX = 200;
/** Records per statement: one commit each (a commit per record is what made imports slow). */
const BATCH = 200;
/**
 * How long one statement may hold the process on an in-process database (PGlite runs a statement
 * without handing the event loop back: 200 records were most of a second, during which no other
 * group was answered).
 */
const IN_PROCESS_STATEMENT_MS = 25;

/**
 * How many records go into the next statement: BATCH on a server (the statement waits on a socket,
 * the process goes on); in process, as many as took IN_PROCESS_STATEMENT_MS last time, from one.
 */
class BatchSizer {
  size: number;
  constructor(private readonly inProcess: boolean) {
    this.size = inProcess ? 1 : BATCH;
  }
  took(ms: number, records: number): void {
    if (!this.inProcess) return;
    const perRecord = Math.max(ms / Math.max(records, 1), 0.01);
    // At most twice as many as last time: records differ (a payment, an expense of 99 shares).
    const fits = Math.floor(IN_PROCESS_STATEMENT_MS / perRecord);
    this.size = Math.max(1, Math.min(BATCH, 2 * records, fits));
  }
}

/** One record of an import as importBatchSql takes it. */
type BatchRecord = { key: string; line: number; category: string; source: string } & (
  | {
      kind: 'expense';
      /** Several payers (absent: one): as payersOf gives them. */
      payerUsers?: number[];
      payerAmounts?: string[];
      debtors?: number[];
      creditors?: number[];
      debtAmounts?: string[];
      payer: number;
      amount: string;
      users: number[];
      shares: string[];
      description: string;
      spentOn: string;
      guess: string;
      /** A row in another currency: what the row said, and the rate it was converted at. */
      originalCurrency?: string;
      originalAmount?: string;
      rate?: string;
      /** As originalSharesJson gives it, parsed: the batch is JSON, and this goes in as jsonb. */
      originalShares?: unknown;
    }
  | { kind: 'settlement'; from: number; to: number; amount: string; note: string }
);

export interface ImportSummary {
  fileName: string;
  expenses: number;
  payments: number;
  /**
   * Rows with several payers, each recorded as one expense with its payers (imports made before
   * several payers existed recorded one expense per payer, "part 1 of 2").
   */
  splitRows: number;
  /** Records already there from an earlier import of the same rows. */
  skipped: number;
  /** Rows in which nobody's net moved (someone paid only for themselves). */
  empty: number;
  firstDay: string | null;
  lastDay: string | null;
  /** Each person's net in the group now against the file's Total balance (or its rows' sum). */
  people: { name: string; userId: number; expected: string; actual: string }[];
  balanced: boolean;
  /**
   * Rows in other currencies, converted at the group's rate: per currency, the rate, the rows, and
   * each person's part of them as converted (what `expected` adds to the file's balance row in the
   * group's currency). Absent in summaries of imports made before other currencies were imported.
   */
  foreign?: { currency: string; rate: string; rows: number; converted: string[] }[];
}

export interface ImportState {
  importId: number;
  fileName: string;
  rows: number;
  status: 'waiting' | 'done';
  /** The people in the file and who they are here (null: not chosen yet). */
  people: { index: number; name: string; person: Person | null }[];
  /** The group's active members, for choosing. */
  members: Person[];
  summary: ImportSummary | null;
  /** False when the file had been sent before (a redelivered message): nothing was started again. */
  created: boolean;
  /** True when this call ran the import (its summary is new). */
  ran: boolean;
}

/**
 * A Splitwise CSV sent to /import: checks it whole (refusing a bad line with its number, or a row in
 * a currency the group has no rate for), matches its people to the members, and imports at once when
 * everyone is known; otherwise the import waits for people to be chosen (chooseImportPerson).
 */
export async function startSplitwiseImport(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'members' | 'clock'>,
  input: {
    group: TelegramGroup;
    requester: TelegramPerson;
    source: SourceMessage;
    fileName: string;
    bytes: Uint8Array;
  },
): Promise<ImportState> {
  const { groupId, person } = await deps.members.learnMember(input.group, input.requester);
  const existing = await deps.prisma.splitwiseImport.findUnique({
    where: {
      sourceChatId_sourceMessageId: {
        sourceChatId: BigInt(input.source.chatId),
        sourceMessageId: input.source.messageId,
      },
    },
  });
  if (existing) return { ...(await importState(deps, existing.id)), created: false };
  const breather = new Breather();
  const file = await readSplitwiseCsv(input.bytes, breather);
  // Rows in other currencies are converted at the group's rates: a currency without one is refused
  // (by its first line) before anything is recorded, and so is a row that would not convert.
  const rates = await foreignRates(deps, groupId, file);
  for (const line of file.rows) {
    const rate = rates.get(line.currency);
    if (rate) for (const record of rowRecords(line)) convertRecord(record, line.currency, rate);
    await breather.breathe();
  }
  const members = await deps.members.activeMembers(groupId);
  const matched = matchSplitwisePeople(file.people, members);
  const created = await deps.prisma.splitwiseImport.create({
    data: {
      groupId,
      requestedById: person.id,
      sourceChatId: BigInt(input.source.chatId),
      sourceMessageId: input.source.messageId,
      fileName: input.fileName,
      fileSha: createHash('sha256').update(input.bytes).digest('hex'),
      parsed: storedFile(input.bytes, file) as unknown as object,
      mapping: matched,
      createdAt: deps.clock(),
    },
  });
  const ran = matched.every((id) => id !== null);
  if (ran) await runImport(deps, created.id);
  return { ...(await importState(deps, created.id)), ran };
}

/** A person chosen (by a button) for one name of a waiting import; imports once everyone is known. */
export async function chooseImportPerson(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'clock'>,
  input: { groupId: number; importId: number; index: number; userId: number; byTelegramId: number | bigint },
): Promise<ImportState> {
  const row = await deps.prisma.splitwiseImport.findFirst({
    where: { id: input.importId, groupId: input.groupId },
  });
  if (!row) throw new UseCaseError('IMPORT_NOT_FOUND');
  // Who may choose is read from the import itself, never from what a button carries.
  const owner = await deps.prisma.user.findUniqueOrThrow({ where: { id: row.requestedById } });
  if (owner.telegramId !== BigInt(input.byTelegramId))
    throw new UseCaseError('IMPORT_NOT_YOURS', { owner: displayName(owner) });
  if (row.status !== 'waiting') return importState(deps, row.id);
  const people = peopleOf(row.parsed);
  const mapping = row.mapping as (number | null)[];
  if (!Number.isSafeInteger(input.index) || input.index < 0 || input.index >= people.length)
    throw new UseCaseError('IMPORT_NOT_FOUND');
  const member = await deps.prisma.membership.findUnique({
    where: { groupId_userId: { groupId: input.groupId, userId: input.userId } },
    include: { user: true },
  });
  if (!member || member.leftAt) throw new UseCaseError('NOT_A_MEMBER', { name: 'That person' });
  const taken = mapping.findIndex((id, i) => id === input.userId && i !== input.index);
  if (taken !== -1) {
    throw new UseCaseError('IMPORT_PERSON_TAKEN', {
      member: displayName(member.user),
      name: people[taken] as string,
    });
  }
  mapping[input.index] = input.userId;
  await deps.prisma.splitwiseImport.update({ where: { id: row.id }, data: { mapping } });
  const ran = mapping.every((id) => id !== null);
  if (ran) await runImport(deps, row.id);
  return { ...(await importState(deps, row.id)), ran };
}

/** `/import map "Ravi Kumar" @ravi`: the same choice, typed, for the group's latest waiting import. */
export async function mapImportPerson(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'members' | 'clock'>,
  input: { group: TelegramGroup; name: string; person: PersonRef; byTelegramId: number | bigint },
): Promise<ImportState> {
  const groupId = (await deps.members.learnGroup(input.group)).id;
  const waiting = await deps.prisma.splitwiseImport.findFirst({
    where: { groupId, status: 'waiting' },
    orderBy: { id: 'desc' },
  });
  if (!waiting) throw new UseCaseError('NO_IMPORT_WAITING');
  const people = peopleOf(waiting.parsed);
  const index = people.findIndex((name) => nameKey(name) === nameKey(input.name));
  if (index === -1) {
    const mapping = waiting.mapping as (number | null)[];
    throw new UseCaseError('IMPORT_NAME_UNKNOWN', {
      name: input.name,
      names: people.join('", "'),
      example: people.find((_, i) => mapping[i] === null) ?? (people[0] as string),
    });
  }
  const [person] = await deps.members.resolve(input.group, [input.person]);
  if (!person) throw new UseCaseError('NOT_A_MEMBER', { name: input.name });
  return chooseImportPerson(deps, {
    groupId,
    importId: waiting.id,
    index,
    userId: person.id,
    byTelegramId: input.byTelegramId,
  });
}

/**
 * What an import keeps of its file: the CSV itself (at most SPLITWISE_MAX_BYTES, read again when the
 * import runs) with its people and row count, instead of the parsed rows, whose JSON is several
 * times the file. Imports made before kept the parsed file (`rows` an array); both are read.
 */
interface StoredFile {
  csv: string;
  people: string[];
  rowCount: number;
}

function storedFile(bytes: Uint8Array, file: SplitwiseFile): StoredFile {
  return { csv: new TextDecoder().decode(bytes), people: file.people, rowCount: file.rows.length };
}

function peopleOf(parsed: unknown): string[] {
  return (parsed as StoredFile | SplitwiseFile).people;
}

function rowCountOf(parsed: unknown): number {
  const stored = parsed as Partial<StoredFile> & Partial<SplitwiseFile>;
  return stored.rowCount ?? stored.rows?.length ?? 0;
}

async function fileOf(parsed: unknown, breather: Breather): Promise<SplitwiseFile> {
  const stored = parsed as Partial<StoredFile> & Partial<SplitwiseFile>;
  if (typeof stored.csv !== 'string') return parsed as SplitwiseFile;
  return readSplitwiseCsv(new TextEncoder().encode(stored.csv), breather);
}

/** The records' source: a chat id no Telegram chat has (2^62 and up), from the group and row key. */
function sourceOf(groupId: number, key: string): string {
  const digest = createHash('sha256').update(`${groupId}:${key}`).digest('hex').slice(0, 15);
  return (2n ** 62n + BigInt(`0x${digest}`)).toString();
}

/**
 * The group's rate for each currency of the file other than its own; the first row in a currency
 * without one refuses the import (IMPORT_NEEDS_RATE), naming the currency and the line.
 */
async function foreignRates(
  deps: Pick<UseCaseDeps, 'prisma'>,
  groupId: number,
  file: SplitwiseFile,
): Promise<Map<string, Decimal>> {
  const group = await deps.prisma.group.findUniqueOrThrow({
    where: { id: groupId },
    include: { rates: true },
  });
  const rates = new Map<string, Decimal>();
  for (const line of file.rows) {
    if (line.currency === group.currency || rates.has(line.currency)) continue;
    const rate = group.rates.find((r) => r.currency === line.currency);
    if (!rate) {
      throw new UseCaseError('IMPORT_NEEDS_RATE', {
        currency: line.currency,
        line: String(line.line),
        group: group.currency,
      });
    }
    rates.set(line.currency, new Decimal(rate.rate.toString()));
  }
  return rates;
}

function rowRecords(line: SplitwiseFile['rows'][number]): RowRecord[] {
  return splitwiseRowRecords({
    nets: line.nets.map((n) => new Decimal(n)),
    cost: new Decimal(line.cost),
    payment: line.category.toLowerCase() === 'payment',
  });
}

/**
 * One record of a row in another currency, in the group's currency: an expense as /paid in that
 * currency with an exact split converts it (the amount half-even to the paisa, the shares so that
 * they add up to it exactly), a payment's amount half-even to the paisa.
 */
function convertRecord(record: RowRecord, currency: string, rate: Decimal): RowRecord {
  const amount = convertExpense(record.amount, currency, rate);
  if (record.kind === 'settlement') return { ...record, amount };
  const shares = convertShares(
    record.shares.map((s) => ({ participant: s.person, amount: s.share })),
    rate,
    amount,
  );
  const payers = record.payers
    ? convertShares(
        record.payers.map((p) => ({ participant: p.person, amount: p.paid })),
        rate,
        amount,
      ).map((p) => ({ person: p.participant, paid: p.share }))
    : undefined;
  return {
    ...record,
    amount,
    shares: shares.map((s) => ({ person: s.participant, share: s.share })),
    ...(payers ? { payers } : {}),
  };
}

/** A row's several payers as importBatchSql takes them: what each paid, and who owes which payer. */
function payersOf(
  record: RowRecord,
  ids: readonly number[],
): Pick<
  Extract<BatchRecord, { kind: 'expense' }>,
  'payerUsers' | 'payerAmounts' | 'debtors' | 'creditors' | 'debtAmounts'
> {
  if (record.kind !== 'expense' || !record.payers) return {};
  const positions = new Map<number, { person: number; paid: Decimal; share: Decimal }>();
  const at = (i: number) => {
    const id = ids[i] as number;
    const found = positions.get(id) ?? { person: id, paid: new Decimal(0), share: new Decimal(0) };
    positions.set(id, found);
    return found;
  };
  for (const p of record.payers) at(p.person).paid = p.paid;
  for (const x of record.shares) at(x.person).share = x.share;
  const debts = payerDebts([...positions.values()]);
  return {
    payerUsers: record.payers.map((p) => ids[p.person] as number),
    payerAmounts: record.payers.map((p) => p.paid.toFixed(2)),
    debtors: debts.map((x) => x.debtor),
    creditors: debts.map((x) => x.creditor),
    debtAmounts: debts.map((x) => x.amount.toFixed(2)),
  };
}

/** How much a record moves each person's net (by index in the file), in its own amounts. */
function movements(record: RowRecord, people: number): Decimal[] {
  const nets = Array.from({ length: people }, () => new Decimal(0));
  const add = (i: number, amount: Decimal) => {
    nets[i] = (nets[i] as Decimal).plus(amount);
  };
  if (record.kind === 'settlement') {
    add(record.from, record.amount);
    add(record.to, record.amount.neg());
  } else {
    for (const p of record.payers ?? [{ person: record.payer, paid: record.amount }]) add(p.person, p.paid);
    for (const s of record.shares) add(s.person, s.share.neg());
  }
  return nets;
}

/** Records every row of an import whose people are all known, then compares the nets. */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: on the list of complex functions to split (test/structure/complexity-exceptions.test.ts)
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: on the list of long functions to split (test/structure/complexity-exceptions.test.ts)
async function runImport(
  deps: Pick<UseCaseDeps, 'prisma' | 'sql' | 'clock'>,
  importId: number,
): Promise<void> {
  const row = await deps.prisma.splitwiseImport.findUniqueOrThrow({ where: { id: importId } });
  const breather = new Breather();
  const file = await fileOf(row.parsed, breather);
  const ids = row.mapping as number[];
  // The rates now (a rate set again while the import waited for people is the one used).
  const rates = await foreignRates(deps, row.groupId, file);
  const foreign = new Map<string, { rate: Decimal; rows: number; converted: Decimal[] }>();
  const at = deps.clock().toISOString();
  const summary: ImportSummary = {
    fileName: row.fileName,
    expenses: 0,
    payments: 0,
    splitRows: 0,
    skipped: 0,
    empty: 0,
    firstDay: null,
    lastDay: null,
    people: [],
    balanced: false,
  };
  // Every row's records first (pure), then recorded in batches, each one statement.
  const records: BatchRecord[] = [];
  const occurrences = new Map<string, number>();
  for (const line of file.rows) {
    await breather.breathe();
    const cells = JSON.stringify([
      line.date,
      line.description,
      line.category,
      line.cost,
      line.currency,
      line.nets,
    ]);
    const occurrence = (occurrences.get(cells) ?? 0) + 1;
    occurrences.set(cells, occurrence);
    const rowKey = createHash('sha256').update(`${cells}#${occurrence}`).digest('hex');
    const parts = rowRecords(line);
    const rate = rates.get(line.currency);
    if (rate && parts.length > 0) {
      const seen = foreign.get(line.currency) ?? {
        rate,
        rows: 0,
        converted: file.people.map(() => new Decimal(0)),
      };
      seen.rows++;
      foreign.set(line.currency, seen);
    }
    if (parts.length === 0) {
      summary.empty++;
      continue;
    }
    if (parts.some((p) => p.kind === 'expense' && p.payers)) summary.splitRows++;
    if (summary.firstDay === null || line.date < summary.firstDay) summary.firstDay = line.date;
    if (summary.lastDay === null || line.date > summary.lastDay) summary.lastDay = line.date;
    for (const [part, original] of parts.entries()) {
      const record = rate ? convertRecord(original, line.currency, rate) : original;
      const seen = foreign.get(line.currency);
      if (rate && seen) {
        seen.converted = movements(record, file.people.length).map((m, i) =>
          m.plus(seen.converted[i] as Decimal),
        );
      }
      const fx =
        rate && original.kind === 'expense'
          ? {
              originalCurrency: line.currency,
              originalAmount: original.amount.toFixed(),
              rate: rate.toFixed(),
              originalShares: JSON.parse(
                originalSharesJson(
                  { currency: line.currency, amount: original.amount, rate },
                  original.shares.map((s) => ids[s.person] as number),
                  original.shares.map((s) => s.share),
                ) as string,
              ),
            }
          : {};
      const key = `${rowKey}/${part + 1}`;
      const common = { key, line: line.line, category: line.category, source: sourceOf(row.groupId, key) };
      records.push(
        record.kind === 'expense'
          ? {
              ...common,
              kind: 'expense',
              payer: ids[record.payer] as number,
              amount: record.amount.toFixed(2),
              users: record.shares.map((s) => ids[s.person] as number),
              shares: record.shares.map((s) => s.share.toFixed(2)),
              description: clipped(line.description),
              spentOn: line.date,
              // Splitwise's category names a kind of spending too ("Dining out", "Gas/fuel").
              guess: guessFrom(line.category, line.description),
              ...fx,
              ...payersOf(record, ids),
            }
          : {
              ...common,
              kind: 'settlement',
              from: ids[record.from] as number,
              to: ids[record.to] as number,
              amount: record.amount.toFixed(2),
              note: clipped(
                rate && original.kind === 'settlement'
                  ? `${line.description} (Splitwise, ${line.date}, ${formatForeign(original.amount, line.currency)} at ${formatRate(rate)})`
                  : `${line.description} (Splitwise, ${line.date})`,
              ),
            },
      );
    }
  }
  let done = 0;
  try {
    const batches = new BatchSizer(deps.sql.inProcess === true);
    while (done < records.length) {
      const batch = records.slice(done, done + batches.size);
      const started = performance.now();
      const results = await deps.sql.run(importBatchSql, [
        row.groupId,
        row.requestedById,
        at,
        row.id,
        JSON.stringify(batch),
      ]);
      batches.took(performance.now() - started, batch.length);
      for (const result of results) {
        if (!result.created) summary.skipped++;
        else if (result.kind === 'expense') summary.expenses++;
        else summary.payments++;
      }
      done += batch.length;
      await breather.breathe(true);
    }
  } catch (error) {
    // Each batch is atomic and each record keyed by its row: what was recorded stands, and the same
    // file sent again records the rest (and nothing twice). Said so, not "nothing was recorded".
    throw new UseCaseError(
      'IMPORT_INTERRUPTED',
      { done: String(done), total: String(records.length) },
      error,
    );
  }
  // What the file says everyone's net is: its Total balance row in the group's currency (or the sum
  // of its rows in it), plus the rows in other currencies as they were converted, row by row. The
  // rows in another currency add up to that currency's balance row (the file is refused otherwise),
  // and each is recorded with its original amounts; converting a person's balance in it at once
  // instead could differ from the rows converted one by one by rounding (half a paisa a row), so
  // the comparison, exact to the paisa, is with the rows as converted.
  const { currency } = await deps.prisma.group.findUniqueOrThrow({ where: { id: row.groupId } });
  const { nets } = await groupBalances(deps, { groupId: row.groupId });
  const balance = file.balances.find((b) => b.currency === currency)?.nets;
  summary.foreign = [...foreign].map(([code, f]) => ({
    currency: code,
    rate: f.rate.toFixed(),
    rows: f.rows,
    converted: f.converted.map((c) => c.toFixed(2)),
  }));
  summary.people = file.people.map((name, i) => {
    const own = balance
      ? new Decimal(balance[i] as string)
      : file.rows
          .filter((r) => r.currency === currency)
          .reduce((sum, r) => sum.plus(r.nets[i] as string), new Decimal(0));
    const expected = [...foreign.values()].reduce((sum, f) => sum.plus(f.converted[i] as Decimal), own);
    const userId = ids[i] as number;
    return {
      name,
      userId,
      expected: expected.toFixed(2),
      actual: (nets.get(userId) ?? new Decimal(0)).toFixed(2),
    };
  });
  summary.balanced = summary.people.every((p) => p.expected === p.actual);
  await deps.prisma.splitwiseImport.update({
    where: { id: row.id },
    data: { status: 'done', summary: summary as unknown as object, finishedAt: deps.clock() },
  });
}

/** Hisaab's category for an imported expense: from Splitwise's category, else from the description. */
function guessFrom(category: string, description: string): string {
  const fromCategory = guessCategory(category);
  return fromCategory === 'other' ? guessCategory(description) : fromCategory;
}

function clipped(text: string): string {
  const chars = Array.from(text);
  return chars.length > DESCRIPTION_MAX ? `${chars.slice(0, DESCRIPTION_MAX - 1).join('')}…` : text;
}

async function importState(deps: Pick<UseCaseDeps, 'prisma'>, importId: number): Promise<ImportState> {
  const row = await deps.prisma.splitwiseImport.findUniqueOrThrow({ where: { id: importId } });
  const people = peopleOf(row.parsed);
  const mapping = row.mapping as (number | null)[];
  const memberships = await deps.prisma.membership.findMany({
    where: { groupId: row.groupId, leftAt: null },
    include: { user: true },
    orderBy: { userId: 'asc' },
  });
  const members = memberships.map((m) => toPerson(m.user));
  const users = await deps.prisma.user.findMany({
    where: { id: { in: mapping.filter((id): id is number => id !== null) } },
  });
  return {
    importId: row.id,
    fileName: row.fileName,
    rows: rowCountOf(row.parsed),
    status: row.status === 'done' ? 'done' : 'waiting',
    people: people.map((name, index) => {
      const user = users.find((u) => u.id === mapping[index]);
      return { index, name, person: user ? toPerson(user) : null };
    }),
    members,
    summary: (row.summary as unknown as ImportSummary | null) ?? null,
    created: true,
    ran: false,
  };
}
