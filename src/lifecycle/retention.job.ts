import type { AttachmentsService } from '../attachments/attachments.service.js';
import type { ClusterLease } from '../jobs/cluster-lease.js';
import type { Logger } from '../logger.js';
import { emptyReadModels } from '../redis/user-keys.js';
import type { RedisService } from '../redis/redis.service.js';
import type { LifecycleStore } from './lifecycle.store.js';

const DAY_MS = 86_400_000;

/**
 * Enforces each tenant's retention policy in small batches (RETENTION_BATCH rows per
 * statement), so that no statement holds locks for long; runs every RETENTION_INTERVAL_MS.
 * Inbox events are compacted at least as far as messages are deleted, so a log never points
 * at a message that is gone without the floor telling resuming clients. On a timer it runs
 * only on the instance holding its lease: two runs at once would delete the same rows in
 * parallel batches, waiting on each other's locks.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly store: LifecycleStore,
    private readonly attachments: AttachmentsService,
    private readonly redis: RedisService,
    private readonly options: { intervalMs: number; batchSize: number },
    private readonly lease: ClusterLease,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    this.lease.start();
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.lease
          .run(() => this.runOnce())
          .catch((error: unknown) => this.logger.error({ err: error }, 'retention run failed'))
          .finally(() => (this.running = null));
      }
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.lease.stop();
  }

  /** One pass over every tenant with a policy; returns what was deleted. */
  async runOnce(now = new Date()): Promise<{ messages: number; inboxEvents: number; transcriptSegments: number; attachments: number }> {
    const totals = { messages: 0, inboxEvents: 0, transcriptSegments: 0, attachments: 0 };
    const batch = this.options.batchSize;
    const until = async (step: () => Promise<number>) => {
      let sum = 0;
      for (let n = await step(); n > 0; n = await step()) sum += n;
      return sum;
    };
    for (const policy of await this.store.policies()) {
      const cutoff = (days: number | null) => (days === null ? null : new Date(now.getTime() - days * DAY_MS));
      const messagesBefore = cutoff(policy.messagesDays);
      const eventsDays = [policy.inboxEventsDays, policy.messagesDays].filter((d): d is number => d !== null);
      const eventsBefore = eventsDays.length > 0 ? cutoff(Math.min(...eventsDays)) : null;
      if (eventsBefore) totals.inboxEvents += await until(() => this.store.compactInboxEvents(policy.tenantId, eventsBefore, batch));
      if (messagesBefore) {
        totals.messages += await until(async () => {
          const { deleted, recipientIds } = await this.store.deleteMessagesBefore(policy.tenantId, messagesBefore, batch);
          await emptyReadModels(this.redis, recipientIds).catch(() => undefined);
          return deleted;
        });
      }
      const transcriptsBefore = cutoff(policy.transcriptsDays);
      if (transcriptsBefore) totals.transcriptSegments += await until(() => this.store.deleteTranscriptsBefore(policy.tenantId, transcriptsBefore, batch));
      const attachmentsBefore = cutoff(policy.attachmentsDays);
      if (attachmentsBefore) {
        totals.attachments += await until(async () => {
          const rows = await this.store.deleteAttachmentsBefore(policy.tenantId, attachmentsBefore, batch);
          await this.attachments.deleteBytes(rows);
          return rows.length;
        });
      }
    }
    if (Object.values(totals).some((n) => n > 0)) this.logger.info(totals, 'retention: deleted what policies no longer keep');
    return totals;
  }
}
