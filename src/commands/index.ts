// The bot's command grammar, pure: a message's text and Telegram entities in, a typed intent or a
// CommandError out. No I/O: the bot resolves the named people against the database afterwards.
//
// /paid <amount> [by <person>] [<date>] [equal|exact|percent|shares] <people> [description]
// /settle <person> [amount] [note]
// /received <person> [amount] [note]   /undo [id | P id]   /expenses [all] [page]   /expense <id>
// /passbook [page]   /summary [month | last | auto on|off]   /category <id> [category]
// /bill <place> [total] [by <person>] ⏎ <item> <amount> <people> ⏎ +5% GST (one item a line)
// /currency [CODE]   /rate [CODE [rate]]   (the other commands take no arguments)
// (amounts also as 1.5k, 2.5L, 1 lakh, 250+180, ५००; people as @username, me, a text mention, a name)

export {
  asciiDigits,
  parseMoney,
  type ReadAmount,
  type ReadMoney,
  readAmount,
  readMoney,
} from './amounts.js';
export {
  BILL_EXAMPLE,
  BILL_ITEM_EXAMPLE,
  BILL_MAX_LINES,
  type BillChargeIntent,
  type BillIntent,
  type BillItemIntent,
  parseBill,
} from './bill.js';
export {
  CATEGORY_KEYS,
  CATEGORY_LABELS,
  type Category,
  guessCategory,
  readCategory,
} from './categories.js';
export {
  COMMANDS,
  type CommandNameKnown,
  type CommandSpan,
  type CommandSuggestion,
  commandName,
  commandSpan,
  isKnownCommand,
  suggestCommand,
} from './command-name.js';
export { CURRENCY_USAGE, parseCurrency, parseRateCommand, RATE_USAGE } from './currency.js';
export { DATE_DAYS_BACK, dateAt, resolveSpentOn } from './dates.js';
export {
  CommandError,
  type CommandErrorCode,
  EVERYONE_EXAMPLE,
  PAID_EXAMPLES,
  USAGE,
} from './errors.js';
export { EVERY_EXAMPLE, type EveryIntent, parseEvery } from './every.js';
export { PAID_FORMS } from './help.js';
export { parseExpenseId, parseExpensesList } from './history.js';
export { longMonthName, MONTH_NAMES, shortMonthName } from './months.js';
export { cleanName, cleanPart, nameSkeleton } from './names.js';
export { parsePage, parseUndo } from './numbers.js';
export { DESCRIPTION_LIMIT, parsePaid, unambiguous } from './paid.js';
export {
  parseRemind,
  parseReminders,
  parseTimezone,
  REMIND_EXAMPLE,
  REMINDERS_EXAMPLE,
  type RemindersIntent,
  TIMEZONE_EXAMPLE,
} from './reminders.js';
export {
  addDays,
  canonicalTimeZone,
  type Day,
  DUE_HOUR,
  daysBetween,
  describeSchedule,
  dueAt,
  dueDaysBetween,
  dueOnOrAfter,
  dueOnOrBefore,
  firstDue,
  formatDay,
  isoWeek,
  isTimeZone,
  latestDue,
  localDay,
  type Schedule,
  weekdayOf,
  zonedInstant,
} from './schedule.js';
export { NOTE_LIMIT, parseReceived, parseSettle } from './settle.js';
export {
  Breather,
  IMPORT_MAP_USAGE,
  type MemberName,
  matchSplitwisePeople,
  nameKey,
  parseImportMap,
  parseSplitwiseCsv,
  readSplitwiseCsv,
  SPLITWISE_MAX_BYTES,
  SPLITWISE_MAX_MB,
  SPLITWISE_MAX_PEOPLE,
  SPLITWISE_MAX_ROWS,
  type SplitwiseFile,
  SplitwiseFileError,
  type SplitwiseRow,
} from './splitwise.js';
export {
  type CategoryIntent,
  type Month,
  type MonthSpec,
  monthKey,
  monthName,
  nextMonth,
  parseCategory,
  parseSummary,
  previousMonth,
  resolveMonth,
  type SummaryIntent,
  todayIn,
} from './summary.js';
export type {
  CommandInput,
  EntityLike,
  NameCandidate,
  PaidIntent,
  PaidParticipant,
  PersonRef,
  SettleIntent,
  SpentOn,
  TelegramUserLike,
} from './types.js';
