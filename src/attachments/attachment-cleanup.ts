import { withTransaction, type Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { AttachmentsService } from './attachments.service.js';
import type { AttachmentsStore } from './attachments.store.js';

export interface CleanupSettings {
  unsentTtlSeconds: number;
  /** 0: never on a timer (runOnce still works). */
  intervalMs: number;
  batchSize: number;
}

/** At most this many batches per run, so one run never holds the process for long. */
const MAX_BATCHES_PER_RUN = 20;

/**
 * Deletes uploads that no message referenced within ATTACHMENT_UNSENT_TTL_SECONDS: rows and
 * bytes, in small batches. Every instance runs it on its own timer (with a random first
 * delay); they do not step on each other because each batch locks its rows with SKIP LOCKED
 * and deletes them with a condition (still unsent), and deleting bytes that are already gone
 * is not an error.
 */
export class AttachmentCleanup {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: Database,
    private readonly store: AttachmentsStore,
    private readonly attachments: AttachmentsService,
    private readonly settings: CleanupSettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.settings.intervalMs <= 0 || this.timer) return;
    const tick = () => {
      this.runOnce().catch((error: unknown) => this.logger.error({ err: error }, 'attachment cleanup failed'));
      this.timer = setTimeout(tick, this.settings.intervalMs);
      this.timer.unref();
    };
    this.timer = setTimeout(tick, Math.random() * this.settings.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One run (also what tests call); returns how many uploads it deleted. */
  runOnce(now = new Date()): Promise<number> {
    this.running ??= this.sweep(now).finally(() => (this.running = null));
    return this.running;
  }

  private async sweep(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.settings.unsentTtlSeconds * 1000);
    let deleted = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const candidates = await this.store.unsentBefore(cutoff, this.settings.batchSize);
      if (candidates.length === 0) break;
      const count = await withTransaction(this.db, (tx) =>
        this.store.deleteUnsent(tx, candidates, (rows) => this.attachments.deleteBytes(rows)),
      );
      deleted += count;
      // Everything left was taken by another instance or attached meanwhile.
      if (count === 0 || candidates.length < this.settings.batchSize) break;
    }
    if (deleted > 0) this.logger.info({ deleted }, 'deleted unsent attachments');
    return deleted;
  }
}
