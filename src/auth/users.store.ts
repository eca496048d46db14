import { LRUCache } from 'lru-cache';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { users, type UserRole } from '../db/schema.js';
import { Coalescer } from '../shared/coalescer.js';

export type UserRow = typeof users.$inferSelect;

/** What the API shows of a user; the profile cache keeps only this in process (never settings or credentials). */
export type UserProfile = Pick<UserRow, 'id' | 'tenantId' | 'username' | 'displayName' | 'role' | 'createdAt'>;

export interface NewUser {
  id?: number;
  tenantId: string;
  username: string;
  displayName: string;
  passwordHash: string | null;
  role: UserRole;
}

const TENANT_MEMO_SIZE = 200_000;

export class UsersStore {
  constructor(private readonly db: Database) {}

  async insert(user: NewUser): Promise<number> {
    const [row] = await this.db.insert(users).values(user).$returningId();
    return user.id ?? row!.id;
  }

  /** Only for an account whose creation is undone (a lost race for an invitation or an identity). */
  async delete(id: number): Promise<void> {
    await this.db.delete(users).where(eq(users.id, id));
    this.tenantOfUser.delete(id);
  }

  /** Lookups by id that arrive together (every socket of a reconnect storm authenticates) share one query. */
  private readonly byId = new Coalescer<number, UserRow | undefined>(async (ids) => {
    const found = new Map<number, UserRow | undefined>(ids.map((id) => [id, undefined]));
    for (const row of await this.findByIds(ids)) found.set(row.id, row);
    return found;
  });

  findById(id: number): Promise<UserRow | undefined> {
    return this.byId.load(id);
  }

  async findByIds(ids: readonly number[]): Promise<UserRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.select().from(users).where(inArray(users.id, [...ids]));
    // Every user read here (a socket authenticating, a sender's profile) is a likely
    // recipient soon: remember their tenant so existingInTenant needs no query for them.
    for (const row of rows) this.rememberTenant(row.id, row.tenantId);
    return rows;
  }

  async findByUsername(tenantId: string, username: string): Promise<UserRow | undefined> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.username, username)))
      .limit(1);
    return row;
  }

  /** Users of the tenant with these usernames (for addressing people by name). */
  async findByUsernames(tenantId: string, usernames: readonly string[]): Promise<UserRow[]> {
    if (usernames.length === 0) return [];
    return this.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), inArray(users.username, [...usernames])));
  }

  /**
   * A user's tenant never changes, so it is remembered (bounded): sending to the same people
   * again costs no query. Ids that name no user are not remembered.
   */
  private readonly tenantOfUser = new LRUCache<number, string>({ max: TENANT_MEMO_SIZE });

  private rememberTenant(id: number, tenantId: string): void {
    this.tenantOfUser.set(id, tenantId);
  }

  /** Which of these ids are users of the tenant. */
  async existingInTenant(tenantId: string, ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const missing = ids.filter((id) => !this.tenantOfUser.has(id));
    if (missing.length > 0) {
      const rows = await this.db
        .select({ id: users.id, tenantId: users.tenantId })
        .from(users)
        .where(inArray(users.id, missing));
      for (const row of rows) this.rememberTenant(row.id, row.tenantId);
    }
    return new Set(ids.filter((id) => this.tenantOfUser.get(id) === tenantId));
  }

  async listIdsInTenant(tenantId: string): Promise<number[]> {
    const rows = await this.db.select({ id: users.id }).from(users).where(eq(users.tenantId, tenantId));
    return rows.map((r) => r.id);
  }
}
