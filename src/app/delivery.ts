// The delivery part: the update processor on the inbox, what an earlier run left replayed at start,
// and the claims kept alive (renewed, and what a dead instance left taken over) while it runs. Its
// stop waits for what is being handled, then gives up this instance's claims at once.
import type { Bot } from 'grammy';
import type { BotContext } from '../bot/context.js';
import type { Sender } from '../bot/sender.js';
import { createUpdateProcessor, type UpdateProcessor } from '../bot/update-processor.js';
import type { Database } from '../db/client.js';
import { inBackground } from '../db/round-trips.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import { CLAIM_LEASE_MS, type UpdateInbox } from '../usecases/inbox.js';
import type { Part } from './part.js';

export interface DeliveryPart extends Part {
  processor: UpdateProcessor;
}

export async function startDelivery(
  bot: Bot<BotContext>,
  parts: { db: Database; inbox: UpdateInbox; sender: Sender; metrics: Metrics },
  options: { logger: Logger; shared?: boolean },
): Promise<DeliveryPart> {
  const { db, inbox, sender, metrics } = parts;
  const { logger } = options;
  const processor = createUpdateProcessor(bot, inbox, sender, logger, {
    metrics,
    alone: !(options.shared ?? db.kind === 'postgres'),
  });
  if (db.kind === 'pglite') await inbox.endClaimsOfEarlierRuns();
  const replayed = await processor.takeOver({ wait: true });
  if (replayed > 0) logger.info('handled updates left unhandled by an earlier run', { count: replayed });
  // Claims: renewed well within their lease while this instance works; updates whose claim expired
  // (an instance that died, or this one's previous run) are taken over every couple of seconds.
  const renewAndTakeOver = () => {
    inbox.renewClaims().catch((error) => logger.warn('renewing update claims failed', { error }));
    processor
      .takeOver()
      .then((count) => {
        if (count > 0) logger.info('took over updates another run left unhandled', { count });
      })
      .catch((error) => logger.warn('taking over stored updates failed', { error }));
  };
  const claims = setInterval(() => inBackground(renewAndTakeOver), CLAIM_LEASE_MS / 4);
  claims.unref();
  return {
    name: 'delivery',
    processor,
    async stop() {
      clearInterval(claims);
      await processor.drain(5_000);
      // What could not be finished is left to the next run or another instance at once.
      await inbox.releaseClaims().catch((error) => logger.warn('releasing update claims failed', { error }));
    },
  };
}
