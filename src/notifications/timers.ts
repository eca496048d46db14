import { withTransaction, type Database, type Transaction } from '../db/client.js';
import type { NotificationJobKind } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { TimerRow, TimersStore } from './timers.store.js';

/** What a fired timer did: done, tried and failed (`error`: counted as an attempt), or set for a later time (`error` null). */
export type TimerOutcome = { done: true } | { done: false; retryAt: Date; error: string | null };

/** Runs a fired timer inside the transaction that holds its row (its own writes may use `tx`). */
export type TimerHandler = (timer: TimerRow, tx: Transaction, now: Date) => Promise<TimerOutcome>;

/** Timers one pass fires when the loop is not started (a test's `poll()`). */
const CLAIM_BATCH = 20;

/**
 * The loop that fires durable timers on every instance: each poll claims due rows one at a
 * time with SKIP LOCKED (rows another instance is firing are skipped), runs the handler and
 * marks the row done in the same transaction. An instance that dies mid-way rolls back, and the rows are
 * claimed again by the next poll of a live one.
 */
export class TimerRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly handlers = new Map<NotificationJobKind, TimerHandler>();

  constructor(
    private readonly db: Database,
    private readonly store: TimersStore,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  handle(kind: NotificationJobKind, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over the due timers (also what tests call to avoid waiting for the poll). */
  poll(): Promise<void> {
    this.running ??= this.fireDue()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'notification timers: poll failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async fireDue(): Promise<void> {
    // One timer per transaction: a handler's work may set other timers (a reminder's send arms
    // its recipient's fallback timer, due at the same moment when `within` equals
    // `fallbackAfterSeconds`). A row this poll still held locked made that write wait for its
    // own caller until innodb_lock_wait_timeout: the runner stalled and the reminder never
    // went out through the fallback.
    // Timers due when the pass began: one set again for now does not keep the pass going.
    const dueBy = new Date();
    for (let fired = 0; ; fired++) {
      const claimed = await withTransaction(this.db, async (tx) => {
        const now = new Date();
        const [timer] = await this.store.claimDue(tx, dueBy, 1);
        if (!timer) return false;
        const handler = this.handlers.get(timer.kind);
        // A savepoint: a handler that fails is retried later without keeping its partial writes.
        const outcome: TimerOutcome = handler
          ? await tx.transaction((sp) => handler(timer, sp, now)).catch((error: unknown) => {
              this.logger.warn({ err: error, timer: timer.id, kind: timer.kind }, 'notification timer failed; retrying later');
              return { done: false, retryAt: new Date(now.getTime() + this.pollMs * 10), error: String(error) } as const;
            })
          : { done: true };
        if (outcome.done) await this.store.finish(tx, timer.id, now);
        else await this.store.retryAt(tx, timer.id, outcome.retryAt, outcome.error);
        return true;
      });
      // A pass called while the loop is stopped (tests) fires one batch at most, as before.
      if (!claimed || (!this.timer && fired + 1 >= CLAIM_BATCH)) return;
    }
  }
}
