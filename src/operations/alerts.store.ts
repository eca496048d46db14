import { and, desc, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { opsAlerts, type AlertSeverity, type AlertSource } from '../db/schema.js';

export type AlertRow = typeof opsAlerts.$inferSelect;

export interface NewAlert {
  tenantId: string | null;
  source: AlertSource;
  rule: string;
  severity: AlertSeverity;
  fingerprint: string;
  summary: string;
  details: Record<string, unknown>;
  value: number | null;
  startedAt: Date;
  notified: boolean;
}

/** Alert history (`ops_alerts`): an open row per firing alert, resolved in place. */
export class AlertsStore {
  constructor(private readonly db: Database) {}

  async open(): Promise<AlertRow[]> {
    return this.db.select().from(opsAlerts).where(isNull(opsAlerts.resolvedAt));
  }

  async insert(alert: NewAlert): Promise<AlertRow> {
    const [inserted] = await this.db.insert(opsAlerts).values(alert).$returningId();
    return { ...alert, id: inserted!.id, resolvedAt: null };
  }

  /** Resolves an open alert; false when it was resolved already (by another evaluator). */
  async resolve(id: number, at: Date): Promise<boolean> {
    const [result] = await this.db.update(opsAlerts).set({ resolvedAt: at }).where(and(eq(opsAlerts.id, id), isNull(opsAlerts.resolvedAt)));
    return result.affectedRows === 1;
  }

  /** When an alert with this fingerprint last resolved, if ever. */
  async lastResolvedAt(fingerprint: string): Promise<Date | null> {
    const [row] = await this.db
      .select({ at: sql<Date | null>`MAX(${opsAlerts.resolvedAt})`.mapWith(opsAlerts.resolvedAt) })
      .from(opsAlerts)
      .where(and(eq(opsAlerts.fingerprint, fingerprint), isNotNull(opsAlerts.resolvedAt)));
    return row?.at ?? null;
  }

  /** Newest first: the tenant's own alerts and the installation's (tenant null). */
  async list(tenantId: string, options: { limit: number; openOnly: boolean }): Promise<AlertRow[]> {
    const visible = or(eq(opsAlerts.tenantId, tenantId), isNull(opsAlerts.tenantId));
    return this.db
      .select()
      .from(opsAlerts)
      .where(options.openOnly ? and(visible, isNull(opsAlerts.resolvedAt)) : visible)
      .orderBy(desc(opsAlerts.startedAt), desc(opsAlerts.id))
      .limit(options.limit);
  }
}
