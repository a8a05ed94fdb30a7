// The pure money engine: parsing and formatting amounts, splitting, netting, settle-up plans.
// No I/O, no Telegram, no database: everything here is a function of its arguments.
export * from './balances.js';
export * from './bill.js';
export * from './currency.js';
export * from './currency-names.js';
export * from './cycles.js';
export * from './errors.js';
export * from './money.js';
export * from './payers.js';
export * from './settle-up-plan.js';
export * from './split.js';
export * from './splitwise.js';
export * from './view.js';
