import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { users, type UserRole } from '../db/schema.js';

export type UserRow = typeof users.$inferSelect;

export interface NewUser {
  id?: number;
  tenantId: string;
  username: string;
  displayName: string;
  passwordHash: string | null;
  role: UserRole;
}

export class UsersStore {
  constructor(private readonly db: Database) {}

  async insert(user: NewUser): Promise<number> {
    const [row] = await this.db.insert(users).values(user).$returningId();
    return user.id ?? row!.id;
  }

  async findById(id: number): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id)).limit(1);
    return row;
  }

  async findByIds(ids: readonly number[]): Promise<UserRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(users).where(inArray(users.id, [...ids]));
  }

  async findByUsername(tenantId: string, username: string): Promise<UserRow | undefined> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.username, username)))
      .limit(1);
    return row;
  }

  /** Which of these ids are users of the tenant. */
  async existingInTenant(tenantId: string, ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), inArray(users.id, [...ids])));
    return new Set(rows.map((r) => r.id));
  }

  async listIdsInTenant(tenantId: string): Promise<number[]> {
    const rows = await this.db.select({ id: users.id }).from(users).where(eq(users.tenantId, tenantId));
    return rows.map((r) => r.id);
  }
}
