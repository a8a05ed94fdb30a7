// Every plain-SQL statement the application sends, in one list: test/db/statements.test.ts
// prepares each on both databases and checks the columns it returns against its declaration.
import { balanceStatements } from './balances.js';
import { billStatements } from './bills.js';
import { currencyStatements } from './currency.js';
import { exportStatements } from './export.js';
import { floodStatements } from './flood.js';
import { groupStatements } from './groups.js';
import { healthStatements } from './health.js';
import { historyStatements } from './history.js';
import { importStatements } from './imports.js';
import { inboxStatements } from './inbox.js';
import { ledgerStatements } from './ledger.js';
import { memberStatements } from './members.js';
import { miniappStatements } from './miniapp.js';
import { notifyStatements } from './notify.js';
import { paidStatements } from './paid.js';
import { passbookStatements } from './passbook.js';
import { receiptStatements } from './receipts.js';
import { recurringStatements } from './recurring.js';
import { reminderStatements } from './reminders.js';
import { summaryStatements } from './summary.js';

export const allStatements = [
  ...ledgerStatements,
  ...memberStatements,
  ...groupStatements,
  ...inboxStatements,
  ...exportStatements,
  ...notifyStatements,
  ...paidStatements,
  ...passbookStatements,
  ...healthStatements,
  ...historyStatements,
  ...floodStatements,
  ...miniappStatements,
  ...summaryStatements,
  ...recurringStatements,
  ...reminderStatements,
  ...receiptStatements,
  ...importStatements,
  ...currencyStatements,
  ...balanceStatements,
  ...billStatements,
];
