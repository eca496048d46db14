import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { tenantInvitations, tenants, users, type UserRole } from '../db/schema.js';

export type TenantRow = typeof tenants.$inferSelect;
export type InvitationRow = typeof tenantInvitations.$inferSelect;

export class TenantsStore {
  constructor(private readonly db: Database) {}

  async find(id: string): Promise<TenantRow | undefined> {
    const [row] = await this.db.select().from(tenants).where(eq(tenants.id, id)).limit(1);
    return row;
  }

  /** Creates the tenant unless it exists; true when this call created it. */
  async insertIfMissing(id: string, openSignup: boolean): Promise<boolean> {
    const [result] = await this.db.insert(tenants).values({ id, openSignup }).onDuplicateKeyUpdate({ set: { id } });
    return result.affectedRows === 1;
  }

  async setOpenSignup(id: string, openSignup: boolean): Promise<void> {
    await this.db.insert(tenants).values({ id, openSignup }).onDuplicateKeyUpdate({ set: { openSignup } });
  }

  async insertInvitation(invitation: { tenantId: string; codeHash: string; role: UserRole; createdBy: number | null; expiresAt: Date }): Promise<number> {
    const [row] = await this.db.insert(tenantInvitations).values(invitation).$returningId();
    return row!.id;
  }

  /** An unused, unexpired invitation by the hash of its code. */
  async findUsableInvitation(codeHash: string): Promise<InvitationRow | undefined> {
    const [row] = await this.db
      .select()
      .from(tenantInvitations)
      .where(and(eq(tenantInvitations.codeHash, codeHash), isNull(tenantInvitations.usedAt), gt(tenantInvitations.expiresAt, new Date())))
      .limit(1);
    return row;
  }

  /** Marks the invitation used by `userId`; false when another registration used it first. */
  async useInvitation(id: number, userId: number): Promise<boolean> {
    const [result] = await this.db
      .update(tenantInvitations)
      .set({ usedAt: new Date(), usedBy: userId })
      .where(and(eq(tenantInvitations.id, id), isNull(tenantInvitations.usedAt)));
    return result.affectedRows === 1;
  }

  /** Sets the role of a user of the tenant; false when no such user is in the tenant. */
  async setRole(tenantId: string, userId: number, role: UserRole): Promise<boolean> {
    const inTenant = and(eq(users.id, userId), eq(users.tenantId, tenantId));
    const [found] = await this.db.select({ id: users.id }).from(users).where(inTenant).limit(1);
    if (!found) return false;
    await this.db.update(users).set({ role }).where(inTenant);
    return true;
  }
}
