// The export's CSV: one row per user, RFC 4180 (CRLF, fields with commas, quotes or line breaks
// quoted), UTF-8 with a BOM so spreadsheets read names and emoji right, and text cells that a
// spreadsheet would run as a formula neutralised with a leading apostrophe. Numeric columns stay
// numeric (a negative net is a number, not a formula), so only text columns are neutralised.
import { type Stringifier, stringify } from 'csv-stringify';

export const COLUMNS = [
  'user_id',
  'telegram_id',
  'username',
  'name',
  'email',
  'mobile',
  'groups',
  'total_paid',
  'total_share',
  'net_balance',
  'created_at',
  'updated_at',
] as const;

export interface UserRow {
  id: number;
  telegramId: string;
  username: string | null;
  firstName: string;
  lastName: string | null;
  email: string | null;
  mobile: string | null;
  groups: number;
  /** Money as exact decimal text from the database (numeric::text), never a float. */
  totalPaid: string;
  totalShare: string;
  net: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A cell a spreadsheet would evaluate (=, +, -, @, tab, CR, LF first) gets a leading apostrophe. */
export function neutralise(text: string | null): string {
  if (text === null) return '';
  return /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text;
}

export function toRecord(user: UserRow): string[] {
  const name = user.lastName ? `${user.firstName} ${user.lastName}` : user.firstName;
  return [
    String(user.id),
    user.telegramId,
    neutralise(user.username),
    neutralise(name),
    neutralise(user.email),
    neutralise(user.mobile),
    String(user.groups),
    user.totalPaid,
    user.totalShare,
    user.net,
    user.createdAt.toISOString(),
    user.updatedAt.toISOString(),
  ];
}

export function createCsvStringifier(): Stringifier {
  return stringify({
    header: true,
    columns: [...COLUMNS],
    bom: true,
    record_delimiter: '\r\n',
    // Quote any cell with a line break of either kind, not only the record delimiter itself.
    quoted_match: /[\r\n]/,
  });
}
