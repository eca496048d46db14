import { desc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export type AuditRow = typeof auditLog.$inferSelect;

export class AuditStore {
  constructor(private readonly db: Database) {}

  async insert(row: Pick<typeof auditLog.$inferInsert, 'tenantId' | 'actorId' | 'action' | 'target' | 'details'>): Promise<void> {
    await this.db.insert(auditLog).values(row);
  }

  list(tenantId: string, limit: number): Promise<AuditRow[]> {
    return this.db.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(desc(auditLog.id)).limit(limit);
  }
}
