// The services part: the database (when the app opened it), the sender, metrics, the export
// service, receipt copies, the bill reader and the update inbox, gathered as Services for the bot,
// the HTTP routes and the timers. Stopped last but one (the database last of all).
import type { Services } from '../bot/context.js';
import { Sender } from '../bot/sender.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { s3ReceiptStore } from '../export/receipt-store.js';
import { createExportService, type ExportService } from '../export/service.js';
import type { Logger } from '../log.js';
import { Metrics } from '../observability/metrics.js';
import { BillReader } from '../ocr/bill-reader.js';
import { UpdateInbox } from '../usecases/inbox.js';
import { MemberDirectory } from '../usecases/members.js';
import { ReceiptCopier } from '../usecases/receipts.js';
import type { Part } from './part.js';

export interface ServicesPart extends Part {
  services: Services;
  exports: ExportService;
  metrics: Metrics;
  sender: Sender;
  inbox: UpdateInbox;
}

export function startServices(
  config: Config,
  db: Database,
  options: { logger: Logger; clock: () => Date },
): ServicesPart {
  const { logger, clock } = options;
  const exports = createExportService({
    db,
    databaseUrl: config.databaseUrl,
    settings: config.export,
    logger: logger.child({ component: 'export' }),
  });
  const metrics = new Metrics();
  const sender = new Sender({ logger: logger.child({ component: 'sender' }), metrics });
  metrics.watchAnswers(() => sender.queueStats());
  // Receipt photos are copied to the export's bucket when there is one (see usecases/receipts.ts).
  const receiptStore = config.export.s3 ? s3ReceiptStore(config.export.s3) : undefined;
  const receipts = receiptStore
    ? new ReceiptCopier({ sql: db.sql, clock }, receiptStore, {
        onFailure: (job, error) =>
          logger.warn('could not copy a receipt to the bucket; it stays on Telegram', {
            expense_id: job.expenseId,
            error,
          }),
      })
    : undefined;
  const inbox = new UpdateInbox(db.sql, { floodClock: clock });
  const services: Services = {
    config,
    prisma: db.prisma,
    sql: db.sql,
    members: new MemberDirectory(db.prisma, db.sql),
    clock,
    exports,
    logger,
    sender,
    ...(receipts ? { receipts } : {}),
    ...(config.billReading ? { billReader: new BillReader(config.billReading) } : {}),
    withHandledMarks: inbox,
  };
  return {
    name: 'services',
    services,
    exports,
    metrics,
    sender,
    inbox,
    async stop() {
      await exports.stop();
      await receipts?.drain(5_000);
      await services.billReader?.stop();
      receiptStore?.close();
    },
  };
}
