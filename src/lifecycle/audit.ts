import type { Viewer } from '../auth/auth.service.js';
import type { AuditRow, AuditStore } from './audit.store.js';

/**
 * The audit log of admin actions: who did what to which id, when. Entries name ids, never
 * people, so they survive an erasure without holding its subject's personal data.
 */
export class AuditLog {
  constructor(private readonly store: AuditStore) {}

  record(actor: Viewer, action: string, target: string, details?: Record<string, unknown>): Promise<void> {
    return this.store.insert({ tenantId: actor.tenantId, actorId: actor.id, action, target, details: details ?? null });
  }

  list(admin: Viewer, limit: number): Promise<AuditRow[]> {
    return this.store.list(admin.tenantId, limit);
  }
}
