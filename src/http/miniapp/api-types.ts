// What the Mini App's JSON API answers: shared by the server (src/http/miniapp/api.ts) and the page
// (web/). Money is sent as exact decimal text (`amount`) with its display (`text`, "₹1,234.50"):
// the page never does arithmetic on money, only geometry for its charts.

export interface Money {
  amount: string;
  text: string;
}

export interface PersonRef {
  id: number;
  name: string;
}

export interface ApiError {
  error: string;
}

export interface SessionView {
  me: PersonRef & { telegramId: number };
  /** The group the page was opened on; null when opened without one (the private chat's passbook). */
  group: { title: string; members: PersonRef[] } | null;
}

export interface OverviewView {
  people: PersonRef[];
  /** The group's view (/simplify): pairwise debts, or the fewest payments. */
  view: 'pairwise' | 'simplified';
  /** For the viewer: "You owe ₹835.00 in all", "You get back ₹1,350.00 in all", "You are even here". */
  headline: string;
  /** As /balances shows them, in the group's view, largest first. */
  debts: { from: number; to: number; owed: Money; line: string }[];
  /** /balances's last lines: "Asha gets back ₹1,350.00 · Ravi owes ₹860.00". */
  netLines: string[];
  nets: { id: number; net: Money }[];
  /** /settleup: the fewest payments that settle everyone. */
  plan: { from: number; to: number; pay: Money; line: string }[];
  spent: { count: number; total: Money };
}

export interface SpendingView {
  count: number;
  total: Money;
  firstDay: string | null;
  lastDay: string | null;
  months: { month: string; label: string; count: number; total: Money }[];
  people: { id: number; name: string; paid: Money; share: Money }[];
  /** In all, or in the month asked for (`spending?month=2026-10`). */
  categories: CategoriesView;
}

/** Spending by category (`categories?month=2026-10`, or without a month: in all). */
export interface CategoriesView {
  /** YYYY-MM, or null for all time. */
  month: string | null;
  /** "October 2026", or "All time". */
  label: string;
  count: number;
  total: Money;
  /**
   * Largest first, named as /summary and the confirmation buttons name them ("🏠 Rent"), with the
   * part of the total as /summary gives it ("93%", "<1%"). No category (recorded before
   * categories) counts as other.
   */
  rows: { key: string; label: string; count: number; total: Money; percent: string }[];
}

export interface ExpenseRow {
  /** The internal id: what expense/<id> takes. */
  id: number;
  /** What people read: the group's number (#3). */
  number: number;
  amount: Money;
  description: string;
  spentOn: string;
  payer: PersonRef;
  people: number;
  undone: boolean;
}

export interface ExpenseListView {
  items: ExpenseRow[];
  nextBefore: number | null;
  count: number;
  total: Money;
}

export interface ExpenseView {
  id: number;
  /** The group's number (#3). */
  number: number;
  amount: Money;
  description: string;
  spentOn: string;
  recordedAt: string;
  split: string;
  payer: PersonRef;
  recordedBy: PersonRef;
  shares: { person: PersonRef; share: Money; typed: string | null }[];
  /** An itemised bill's lines (/bill, or the Bill page): each item with who had it, then charges. */
  items: { what: string; amount: Money; people: string }[];
  history: { at: string; by: PersonRef; before: string }[];
  undone: { at: string; by: PersonRef | null } | null;
}

export interface PassbookView {
  net: Money;
  totals: { paid: Money; shares: Money; settlementsPaid: Money; settlementsReceived: Money };
  /**
   * The running net over time, oldest first: at the end of each day (`at` a day, YYYY-MM-DD) for a
   * long history, after each line (`at` an ISO time) for a short one.
   */
  series: { at: string; net: string }[];
  lines: { id: string; at: string; group: string; what: string; delta: Money; runningNet: Money }[];
  nextBefore: string | null;
}

/** What `POST /app/api/bill` answers: the expense's number and the confirmation, in plain text. */
export interface BillRecordedView {
  number: number;
  /** False when the page sent the same bill again (its key): nothing new was recorded. */
  created: boolean;
  lines: string[];
}

/** `GET /app/api/scan/<id>`: a bill photo's lines as read, to fill the Split a bill page in. */
export interface ScanView {
  merchant: string | null;
  /** The total shown on the photo's offer (decimal text). */
  total: string;
  items: { description: string; amount: string }[];
  /** Signed amounts (decimal text): taxes read and what else makes up the total. */
  charges: { label: string; amount: string }[];
}
