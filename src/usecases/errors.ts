// Refusals raised by use cases (things only the database can know: unknown people, missing
// expenses, permissions). One code table maps each to the one sentence a person sees.
export type UseCaseErrorCode =
  | 'UNKNOWN_USERNAME'
  | 'UNKNOWN_PEOPLE'
  | 'NAMED_TWICE'
  | 'NOT_A_MEMBER'
  | 'NO_MEMBERS'
  | 'EXPENSE_NOT_FOUND'
  | 'NOTHING_TO_UNDO'
  | 'ALREADY_UNDONE'
  | 'NOT_ALLOWED_TO_UNDO'
  | 'NOT_ALLOWED_TO_EDIT'
  | 'NOT_ALLOWED_TO_CATEGORIZE'
  | 'NOT_GROUP_ADMIN'
  | 'EDIT_UNDONE'
  | 'EDIT_NOT_PAID'
  | 'EDIT_PAYER'
  | 'EDIT_SPENT_ON'
  | 'SETTLE_WITH_SELF'
  | 'NOTHING_OWED'
  | 'NOTHING_OWED_TO_YOU'
  | 'SETTLEMENT_NOT_FOUND'
  | 'SETTLEMENT_ALREADY_UNDONE'
  | 'NOT_ALLOWED_TO_UNDO_SETTLEMENT'
  | 'NOT_THE_OTHER_PARTY'
  | 'RULE_NOT_FOUND'
  | 'NOT_ALLOWED_TO_CHANGE_RULE'
  | 'RULE_CANCELLED'
  | 'REMIND_SELF'
  | 'REMIND_NOT_OWED'
  | 'REMINDED_TODAY'
  | 'RECURRING_IN_OTHER_CURRENCY'
  | 'RECURRING_DUPLICATE'
  | 'IMPORT_NOT_FOUND'
  | 'IMPORT_PERSON_TAKEN'
  | 'IMPORT_NOT_YOURS'
  | 'NOTHING_STORED'
  | 'ERASE_GROUP_NOT_ADMIN'
  | 'ERASE_GROUP_NO_PRIVATE_CHAT'
  | 'NO_IMPORT_WAITING'
  | 'IMPORT_NAME_UNKNOWN'
  | 'NOT_ALLOWED_TO_ATTACH'
  | 'IMPORT_INTERRUPTED'
  | 'NO_RATE'
  | 'IMPORT_NEEDS_RATE'
  | 'RATE_FOR_OWN_CURRENCY'
  | 'CURRENCY_IN_USE'
  | 'CURRENCY_NOT_FOR_LEDGER'
  | 'SETTLE_OFFER_GONE'
  | 'NOT_THE_PAYER'
  | 'PAYERS_DO_NOT_ADD_UP'
  | 'PAYERS_IN_OTHER_CURRENCY'
  | 'EDIT_SEVERAL_PAYERS'
  | 'EDIT_TO_NEW_FORM'
  | 'RECURRING_NEW_FORM'
  | 'EDIT_BILL'
  | 'BILL_NAMED_TWICE';

const MESSAGES: Record<UseCaseErrorCode, (d: Readonly<Record<string, string>>) => string> = {
  UNKNOWN_USERNAME: (d) =>
    `I don't know @${d.username} in this group yet: ask them to send /start here once, then try again.`,
  UNKNOWN_PEOPLE: (d) => {
    const unknown = d.unknown
      ? `I don't know ${d.unknown} in this group yet: each of them sends /start here once (or you name them with a text mention: type @ and pick them)`
      : '';
    const ambiguous = d.ambiguous ? `${d.ambiguous}, so name them with @username or a text mention` : '';
    return `${[unknown, ambiguous].filter((part) => part !== '').join('; and ')}, then try again.`;
  },
  NAMED_TWICE: (d) => `${d.name} is the same person as someone named before; name each person once.`,
  NOT_A_MEMBER: (d) => `${d.name} is not a member of this group.`,
  NO_MEMBERS: () =>
    'I know nobody else in this group yet: ask everyone to send /start here once, or name people with a text mention (type @ and pick them).',
  EXPENSE_NOT_FOUND: (d) =>
    `There is no expense #${d.id} in this group; /expenses lists them with their numbers.`,
  NOTHING_TO_UNDO: () => 'You have no expense or payment to undo in this group.',
  ALREADY_UNDONE: (d) => `Expense #${d.id} was already undone.`,
  NOT_ALLOWED_TO_UNDO: (d) =>
    `Only the person who paid expense #${d.id}, the one who recorded it, or a group admin can undo it.`,
  NOT_ALLOWED_TO_EDIT: (d) =>
    `Only the person who paid expense #${d.id}, the one who recorded it, or a group admin can change it.`,
  NOT_ALLOWED_TO_CATEGORIZE: (d) =>
    `Only the person who paid expense #${d.id}, the one who recorded it, or a group admin can change its category.`,
  NOT_GROUP_ADMIN: (d) => `Only a group admin can ${d.action}.`,
  EDIT_UNDONE: (d) => `Expense #${d.id} was undone, so it cannot be changed; record it again with /paid.`,
  EDIT_NOT_PAID: (d) =>
    `That message recorded expense #${d.id}; to change it, keep it a /paid command (or send /undo ${d.id}).`,
  EDIT_PAYER: (d) =>
    `A correction keeps who paid expense #${d.id} (${d.name}); to change the payer, send /undo ${d.id} and record it again.`,
  EDIT_SPENT_ON: (d) =>
    `A correction keeps the day expense #${d.id} was spent (${d.day}); to change it, send /undo ${d.id} and record it again.`,
  SETTLE_WITH_SELF: () =>
    'You cannot settle with yourself: name the person you paid, like /settle @asha 500.',
  NOTHING_OWED: (d) =>
    `You don't owe ${d.name} anything here; to record a payment anyway, give the amount, like /settle @${d.example} 500.`,
  NOTHING_OWED_TO_YOU: (d) =>
    `${d.name} doesn't owe you anything here; to record a payment anyway, give the amount, like /received @${d.example} 500.`,
  SETTLEMENT_NOT_FOUND: (d) =>
    `There is no payment P${d.id} in this group; /expenses lists payments with their numbers.`,
  SETTLEMENT_ALREADY_UNDONE: (d) => `Payment P${d.id} was already undone.`,
  NOT_ALLOWED_TO_UNDO_SETTLEMENT: (d) =>
    `Only the two people in payment P${d.id} or a group admin can undo it.`,
  NOT_THE_OTHER_PARTY: (d) => `Only ${d.name} can say this payment did not happen.`,
  RULE_NOT_FOUND: (d) =>
    `There is no recurring expense R${d.id} in this group; /recurring lists them with their numbers.`,
  NOT_ALLOWED_TO_CHANGE_RULE: (d) =>
    `Only ${d.name}, who set up recurring expense R${d.id}, or a group admin can change it.`,
  RULE_CANCELLED: (d) => `Recurring expense R${d.id} was cancelled; set it up again with /every.`,
  REMIND_SELF: () => 'You cannot remind yourself; name the person who owes you, like /remind @ravi.',
  REMIND_NOT_OWED: (d) =>
    `${d.name} doesn't owe you anything in this group, so there is nothing to remind them of.`,
  RECURRING_DUPLICATE: (d) =>
    `R${d.id} already records the same expense${d.description ? ` (${d.description})` : ''} on the same schedule, so nothing new was set up; /recurring shows it.`,
  RECURRING_IN_OTHER_CURRENCY: (d) =>
    `A recurring expense is kept in the group's own currency, ${d.currency}: write its amount in ${d.currency}, like /every month on 1 /paid 30000 everyone rent.`,
  REMINDED_TODAY: (d) => `You already reminded ${d.name} today; you can remind them again tomorrow.`,
  IMPORT_NOT_FOUND: () => 'That import is no longer here; send the Splitwise file with /import again.',
  IMPORT_PERSON_TAKEN: (d) =>
    `${d.member} is already "${d.name}" in this file; pick someone else, or send /import again to start over.`,
  IMPORT_NOT_YOURS: (d) =>
    `Only ${d.owner}, who sent this Splitwise file, can say who its people are; nothing was changed.`,
  NOTHING_STORED: () => 'I have nothing stored about you: there is nothing to erase.',
  ERASE_GROUP_NOT_ADMIN: () =>
    "Only a group admin can erase the group's ledger; ask one of them to send /erasegroup.",
  ERASE_GROUP_NO_PRIVATE_CHAT: () =>
    "Open a private chat with me and send /start there first: the group's final export goes to you there before anything is erased.",
  NO_IMPORT_WAITING: () =>
    'No Splitwise import is waiting for people here; send /import first, then the file.',
  IMPORT_NAME_UNKNOWN: (d) =>
    `The file names nobody "${d.name}"; its people are "${d.names}": name one of them, like /import map "${d.example}" @ravi.`,
  IMPORT_INTERRUPTED: (d) =>
    `The import stopped after ${d.done} of its ${d.total} records because something went wrong on my side; send the same file again to import the rest (rows already imported are not recorded twice).`,
  NOT_ALLOWED_TO_ATTACH: (d) =>
    `Only the person who paid expense #${d.id}, the one who recorded it, or a group admin can attach its receipt.`,
  NO_RATE: (d) =>
    `This group has no rate for ${d.currency} yet: set one with /rate ${d.currency} ${d.example} (${d.group} per ${d.currency}), or give it in the expense, like /paid 45 ${d.currency} @ ${d.example} ...`,
  IMPORT_NEEDS_RATE: (d) =>
    `Line ${d.line} of the file is in ${d.currency}, and this group has no rate for ${d.currency} to convert it with: set one with /rate ${d.currency} ${d.example ?? '83.20'} (${d.group} per ${d.currency}), then send the file again.`,
  RATE_FOR_OWN_CURRENCY: (d) =>
    `${d.currency} is this group's own currency, so it needs no rate; /rate USD 83.20 sets the rate of another.`,
  CURRENCY_IN_USE: (d) =>
    `This group already has expenses or payments in ${d.currency}, so its currency stays ${d.currency}; amounts in other currencies can still be recorded, like /paid 45 USD @ 83.20 ...`,
  CURRENCY_NOT_FOR_LEDGER: (d) =>
    `A group's ledger keeps two decimals, and ${d.currency} has ${d.decimals === '0' ? 'none' : d.decimals}; keep a currency with two, like /currency INR, and record ${d.currency} amounts with a rate.`,
  SETTLE_OFFER_GONE: () => 'That settle-up is no longer there; send /settleup again.',
  NOT_THE_PAYER: (d) => `Only ${d.name} can say they paid this.`,
  PAYERS_DO_NOT_ADD_UP: (d) =>
    `The payers paid ${d.paid} in all, not ${d.amount}: make what each paid add up to the amount, like /paid 3000 by me 2000 @ravi 1000 equal @asha @ravi @meera dinner.`,
  PAYERS_IN_OTHER_CURRENCY: (d) =>
    `An expense with several payers is kept in the group's own currency, ${d.currency}: write the amounts in ${d.currency}.`,
  EDIT_TO_NEW_FORM: (d) =>
    `A correction cannot add several payers or adjusted shares to #${d.id} yet; send /undo ${d.id} and record it again with them.`,
  RECURRING_NEW_FORM: () =>
    'A recurring expense is kept with one payer and plain shares: leave out the several payers or the +/- adjustments, or record each time with /paid.',
  EDIT_SEVERAL_PAYERS: (d) =>
    `Expense #${d.id} has several payers, so it cannot be corrected; send /undo ${d.id} and record it again.`,
  EDIT_BILL: (d) =>
    `Expense #${d.id} is an itemised bill, so it cannot be corrected by editing; send /undo ${d.id} and send the /bill again.`,
  BILL_NAMED_TWICE: (d) =>
    `Line ${d.line} names ${d.name || 'someone'} twice (two ways of writing one person); name each person once.`,
};

export class UseCaseError extends Error {
  constructor(
    readonly code: UseCaseErrorCode,
    readonly details: Readonly<Record<string, string>> = {},
    /** What went wrong underneath, for the log (a refusal that reports a failure). */
    cause?: unknown,
  ) {
    super(MESSAGES[code](details), cause === undefined ? undefined : { cause });
    this.name = 'UseCaseError';
  }
}
