import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/client.js';
import { notificationJobs, type NotificationJobKind } from '../db/schema.js';

export type TimerRow = typeof notificationJobs.$inferSelect;

/**
 * Durable timers (`notification_jobs`): one row per subject (kind, user, message). An instance
 * claims due rows with SELECT … FOR UPDATE SKIP LOCKED inside a transaction that also marks
 * them done, so a timer fires on one instance, and a timer whose instance died before its
 * commit is claimed again by another.
 */
export class TimersStore {
  constructor(private readonly db: Database) {}

  /**
   * Sets a timer: a new one, an earlier due time for a pending one, or a done one armed again.
   * `messageId` is 0 for timers about a user.
   */
  async schedule(kind: NotificationJobKind, userId: number, messageId: number, dueAt: Date, executor: Database | Transaction = this.db): Promise<void> {
    await executor
      .insert(notificationJobs)
      .values({ kind, userId, messageId, dueAt })
      .onDuplicateKeyUpdate({
        set: {
          dueAt: sql`IF(${notificationJobs.doneAt} IS NULL, LEAST(${notificationJobs.dueAt}, VALUES(${notificationJobs.dueAt})), VALUES(${notificationJobs.dueAt}))`,
          attempts: sql`IF(${notificationJobs.doneAt} IS NULL, ${notificationJobs.attempts}, 0)`,
          doneAt: sql`NULL`,
        },
      });
  }

  /** Due timers no other transaction holds, locked until `tx` ends. */
  claimDue(tx: Transaction, now: Date, limit: number): Promise<TimerRow[]> {
    return tx
      .select()
      .from(notificationJobs)
      .where(and(isNull(notificationJobs.doneAt), lte(notificationJobs.dueAt, now)))
      .orderBy(asc(notificationJobs.dueAt))
      .limit(limit)
      .for('update', { skipLocked: true });
  }

  async finish(tx: Transaction, id: number, now: Date): Promise<void> {
    await tx.update(notificationJobs).set({ doneAt: now }).where(eq(notificationJobs.id, id));
  }

  /** Fires again at `dueAt`: after a failure (`error`: the attempt is counted), or rescheduled (null: attempts start over). */
  async retryAt(tx: Transaction, id: number, dueAt: Date, error: string | null): Promise<void> {
    await tx
      .update(notificationJobs)
      .set(error === null ? { dueAt, attempts: 0, lastError: null } : { dueAt, attempts: sql`${notificationJobs.attempts} + 1`, lastError: error.slice(0, 500) })
      .where(eq(notificationJobs.id, id));
  }
}
