import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { webhookDeliveries, webhooks, type WebhookDeliveryState, type WebhookEvent } from '../db/schema.js';

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type NewDelivery = Pick<typeof webhookDeliveries.$inferInsert, 'webhookId' | 'tenantId' | 'event' | 'subjectUserId' | 'payload'>;

/** Webhook registrations and their delivery log (DEAD rows: the dead-letter list). */
export class WebhooksStore {
  constructor(private readonly db: Database) {}

  async create(row: { tenantId: string; url: string; secret: string; events: WebhookEvent[]; createdBy: number }): Promise<WebhookRow> {
    const [inserted] = await this.db.insert(webhooks).values(row).$returningId();
    return (await this.find(row.tenantId, inserted!.id))!;
  }

  async find(tenantId: string, id: number): Promise<WebhookRow | undefined> {
    const [row] = await this.db.select().from(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.tenantId, tenantId)));
    return row;
  }

  listByTenant(tenantId: string): Promise<WebhookRow[]> {
    return this.db.select().from(webhooks).where(eq(webhooks.tenantId, tenantId)).orderBy(asc(webhooks.id));
  }

  async delete(tenantId: string, id: number): Promise<boolean> {
    const [result] = await this.db.delete(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.tenantId, tenantId)));
    if (result.affectedRows > 0) await this.db.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id));
    return result.affectedRows > 0;
  }

  async enqueue(rows: NewDelivery[]): Promise<void> {
    if (rows.length > 0) await this.db.insert(webhookDeliveries).values(rows);
  }

  /** Deliveries whose next attempt is due, oldest first. */
  due(now: Date, limit: number): Promise<WebhookDeliveryRow[]> {
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.state, 'PENDING'), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(limit);
  }

  /** Takes a due delivery for `leaseUntil` (another instance that read it too finds it moved). */
  async claim(row: WebhookDeliveryRow, leaseUntil: Date): Promise<boolean> {
    const [result] = await this.db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: leaseUntil })
      .where(and(eq(webhookDeliveries.id, row.id), eq(webhookDeliveries.state, 'PENDING'), eq(webhookDeliveries.nextAttemptAt, row.nextAttemptAt)));
    return result.affectedRows === 1;
  }

  async recordAttempt(
    id: number,
    outcome: { state: WebhookDeliveryState; attempts: number; status: number | null; error: string | null; nextAttemptAt: Date; deliveredAt: Date | null },
  ): Promise<void> {
    await this.db
      .update(webhookDeliveries)
      .set({
        state: outcome.state,
        attempts: outcome.attempts,
        lastStatus: outcome.status,
        lastError: outcome.error?.slice(0, 500) ?? null,
        nextAttemptAt: outcome.nextAttemptAt,
        deliveredAt: outcome.deliveredAt,
      })
      .where(eq(webhookDeliveries.id, id));
  }

  deliveries(tenantId: string, filter: { webhookId?: number | null; state?: WebhookDeliveryState | null }, limit: number): Promise<WebhookDeliveryRow[]> {
    const conditions = [eq(webhookDeliveries.tenantId, tenantId)];
    if (filter.webhookId) conditions.push(eq(webhookDeliveries.webhookId, filter.webhookId));
    if (filter.state) conditions.push(eq(webhookDeliveries.state, filter.state));
    return this.db.select().from(webhookDeliveries).where(and(...conditions)).orderBy(desc(webhookDeliveries.id)).limit(limit);
  }

  /** A dead delivery of the tenant goes back to the queue, as if new; false when there is none. */
  async replay(tenantId: string, id: number, now: Date): Promise<boolean> {
    const [result] = await this.db
      .update(webhookDeliveries)
      .set({ state: 'PENDING', attempts: 0, nextAttemptAt: now, lastError: null, lastStatus: null })
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.state, 'DEAD')));
    return result.affectedRows === 1;
  }

  async findDelivery(tenantId: string, id: number): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.tenantId, tenantId)));
    return row;
  }

  async webhookById(id: number): Promise<WebhookRow | undefined> {
    const [row] = await this.db.select().from(webhooks).where(eq(webhooks.id, id));
    return row;
  }
}
