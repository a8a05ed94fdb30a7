// The context every handler sees: grammY's, plus the services a handler may call and a logger
// tagged with the update id. Handlers reach the database only through use cases.

import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { Config } from '../config.js';
import type { Sql } from '../db/sql.js';
import type { ExportService } from '../export/service.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { BillReader } from '../ocr/bill-reader.js';
import type { UpdateInbox } from '../usecases/inbox.js';
import type { MemberDirectory, Person } from '../usecases/members.js';
import type { ReceiptCopier } from '../usecases/receipts.js';
import type { Sender } from './sender.js';

/** The export runner as the bot needs it: /export runs it now and reports the result. */
export type ExportTrigger = Pick<ExportService, 'runNow'>;

export interface Services {
  config: Config;
  prisma: PrismaClient;
  sql: Sql;
  members: MemberDirectory;
  clock: () => Date;
  exports?: ExportTrigger;
  logger: Logger;
  /** Delivers every answer, per chat, within Telegram's limits (handlers only queue). */
  sender: Sender;
  /** Copies receipt photos to the S3 bucket, when one is configured. */
  receipts?: ReceiptCopier;
  /** Reads bill photos offline (BILL_READING); absent: a photo captioned /paid starts the guided /paid. */
  billReader?: BillReader;
  /**
   * Writes that wait for the update's handled mark and go in its statement (the update inbox):
   * the message id of a delivered confirmation. Without it they are written on their own.
   */
  withHandledMarks?: Pick<UpdateInbox, 'rememberConfirmation'>;
}

interface Extras {
  services: Services;
  log: Logger;
  /** The sender as a known user, set by the members middleware. */
  sender?: Person;
  /** The group's id in our database when the update comes from a group. */
  groupId?: number;
  /** That group's currency (ISO code): what its ledger's amounts are in. */
  groupCurrency?: string;
  /** Set by a handler once its change is committed, so an error after it never says otherwise. */
  recorded?: string;
}

export type BotContext = Context & ConversationFlavor<Context> & Extras;
