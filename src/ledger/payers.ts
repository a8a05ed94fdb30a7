// Several payers on one expense: who owes whom. Each person's position is what they paid minus their
// share; those below zero (debtors) owe those above zero (creditors). Each debtor owes each creditor
// in proportion to that creditor's part of all the credit (debt × credit / total), rounded to the
// paisa so that every debtor's row adds up to exactly their debt and every creditor's column to
// exactly their credit, each cell the proportional amount rounded down or up (controlled rounding:
// the largest remainders first, then augmenting paths where they collide, which always succeed
// because the unrounded amounts themselves are a fractional solution of the same flow problem).
// Amounts are integer paise held in bigint, so the products are exact at any size.
import { type Decimal, fromCents, toCents } from './money.js';

export interface PayerPosition<Id> {
  person: Id;
  /** What they paid towards the expense (0 for a person who only shares). */
  paid: Decimal;
  /** Their share of it (0 for a payer who does not share). */
  share: Decimal;
}

export interface PairDebt<Id> {
  debtor: Id;
  creditor: Id;
  amount: Decimal;
}

/** A debts matrix from debts (rows) and credits (columns) in paise; cells are omitted when zero. */
export interface DebtMatrix {
  cells: { row: number; column: number; cents: bigint }[];
}

/** Who owes whom for one expense from what each paid and their share; a RangeError when paid ≠ shares. */
export function payerDebts<Id>(positions: readonly PayerPosition<Id>[]): PairDebt<Id>[] {
  const debtors: { person: Id; cents: bigint }[] = [];
  const creditors: { person: Id; cents: bigint }[] = [];
  for (const p of positions) {
    const cents = BigInt(toCents(p.paid)) - BigInt(toCents(p.share));
    if (cents < 0n) debtors.push({ person: p.person, cents: -cents });
    if (cents > 0n) creditors.push({ person: p.person, cents });
  }
  const { cells } = apportionDebts(
    debtors.map((d) => d.cents),
    creditors.map((c) => c.cents),
  );
  return cells.map((cell) => ({
    debtor: (debtors[cell.row] as { person: Id }).person,
    creditor: (creditors[cell.column] as { person: Id }).person,
    amount: fromCents(Number(cell.cents)),
  }));
}

/**
 * Apportions each debt over the credits in proportion, exactly: row sums are `debts`, column sums
 * `credits`, and each cell is debt × credit / total rounded down or up. A RangeError when the two
 * totals differ or an amount is not positive.
 */
export function apportionDebts(debts: readonly bigint[], credits: readonly bigint[]): DebtMatrix {
  const total = sum(debts);
  if (total !== sum(credits)) throw new RangeError(`debts ${total} and credits ${sum(credits)} differ`);
  if ([...debts, ...credits].some((x) => x <= 0n)) throw new RangeError('amounts must be positive');
  const grid = floorGrid(debts, credits, total);
  roundUpLargestRemainders(grid);
  for (let row = 0; row < debts.length; row++) {
    while ((grid.rowNeed[row] as bigint) > 0n) augment(grid, row);
  }
  const cells: DebtMatrix['cells'] = [];
  for (const cell of grid.cells) {
    const cents = cell.floor + (cell.up ? 1n : 0n);
    if (cents > 0n) cells.push({ row: cell.row, column: cell.column, cents });
  }
  return { cells };
}

interface GridCell {
  row: number;
  column: number;
  floor: bigint;
  remainder: bigint;
  up: boolean;
}

interface Grid {
  cells: GridCell[];
  /** Per row, the cells with a remainder (those that may be rounded up). */
  byRow: GridCell[][];
  byColumn: GridCell[][];
  rowNeed: bigint[];
  columnNeed: bigint[];
}

function sum(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

/** Every cell rounded down, and how many paise each row and column still needs. */
function floorGrid(debts: readonly bigint[], credits: readonly bigint[], total: bigint): Grid {
  const grid: Grid = {
    cells: [],
    byRow: debts.map(() => []),
    byColumn: credits.map(() => []),
    rowNeed: [...debts],
    columnNeed: [...credits],
  };
  for (const [row, debt] of debts.entries()) {
    for (const [column, credit] of credits.entries()) {
      const product = debt * credit;
      const cell = { row, column, floor: product / total, remainder: product % total, up: false };
      grid.cells.push(cell);
      grid.rowNeed[row] = (grid.rowNeed[row] as bigint) - cell.floor;
      grid.columnNeed[column] = (grid.columnNeed[column] as bigint) - cell.floor;
      if (cell.remainder > 0n) {
        (grid.byRow[row] as GridCell[]).push(cell);
        (grid.byColumn[column] as GridCell[]).push(cell);
      }
    }
  }
  return grid;
}

/** The largest remainders first, while both their row and column still need a paisa. */
function roundUpLargestRemainders(grid: Grid): void {
  const order = grid.cells
    .filter((c) => c.remainder > 0n)
    .sort((a, b) =>
      a.remainder === b.remainder ? a.row - b.row || a.column - b.column : a.remainder > b.remainder ? -1 : 1,
    );
  for (const cell of order) {
    if ((grid.rowNeed[cell.row] as bigint) > 0n && (grid.columnNeed[cell.column] as bigint) > 0n)
      flip(grid, cell, true);
  }
}

function flip(grid: Grid, cell: GridCell, up: boolean): void {
  const step = up ? 1n : -1n;
  cell.up = up;
  grid.rowNeed[cell.row] = (grid.rowNeed[cell.row] as bigint) - step;
  grid.columnNeed[cell.column] = (grid.columnNeed[cell.column] as bigint) - step;
}

/**
 * One more paisa for `start`: a shortest path row → column (a cell not yet rounded up) → row (a cell
 * of that column rounded up, given back) … ending at a column that still needs one; flipping its
 * cells moves one paisa to `start` and leaves every row and column between as it was.
 */
function augment(grid: Grid, start: number): void {
  const reachedColumn = new Map<number, GridCell>(); // column → the cell (not up) reaching it
  const reachedRow = new Map<number, GridCell | null>([[start, null]]); // row → the up cell reaching it
  let frontier = [start];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const row of frontier) {
      for (const cell of grid.byRow[row] as GridCell[]) {
        if (cell.up || reachedColumn.has(cell.column)) continue;
        reachedColumn.set(cell.column, cell);
        if ((grid.columnNeed[cell.column] as bigint) > 0n) {
          flipPath(grid, reachedColumn, reachedRow, cell.column);
          return;
        }
        for (const back of grid.byColumn[cell.column] as GridCell[]) {
          if (back.up && !reachedRow.has(back.row)) {
            reachedRow.set(back.row, back);
            next.push(back.row);
          }
        }
      }
    }
    frontier = next;
  }
  throw new Error('apportionDebts: no augmenting path (cannot happen for equal totals)');
}

function flipPath(
  grid: Grid,
  reachedColumn: Map<number, GridCell>,
  reachedRow: Map<number, GridCell | null>,
  end: number,
): void {
  for (let column = end; ; ) {
    const cell = reachedColumn.get(column) as GridCell;
    flip(grid, cell, true);
    const back = reachedRow.get(cell.row);
    if (!back) return;
    flip(grid, back, false);
    column = back.column;
  }
}
