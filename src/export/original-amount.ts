// How an export names an expense typed in another currency, beside its amount in the group's
// currency: the description gains "(USD 45.00 at 83.2)". The per-group expense file keeps
// Splitwise's column layout (Cost and the people's columns in the group's currency, so a file read
// back gives the same nets), so the original amount and rate travel in the Description.
import { Decimal, formatForeign } from '../ledger/index.js';

/** What the database holds for an expense typed in another currency (all null when it was not). */
export interface StoredOriginal {
  originalCurrency: string | null;
  /** numeric as text */
  originalAmount: string | null;
  rate: string | null;
}

export function describeForExport(description: string, stored: StoredOriginal): string {
  if (stored.originalCurrency === null || stored.originalAmount === null || stored.rate === null) {
    return description;
  }
  const original = `${formatForeign(new Decimal(stored.originalAmount), stored.originalCurrency)} at ${new Decimal(stored.rate).toFixed()}`;
  return description ? `${description} (${original})` : `(${original})`;
}
