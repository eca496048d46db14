import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { apiKeys, externalIdentities, refreshTokens } from '../db/schema.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

/** API keys, refresh tokens and external identities: the credentials beside passwords. */
export class CredentialsStore {
  constructor(private readonly db: Database) {}

  // ---- external identities: (issuer, subject) → local user ----

  async userOfIdentity(issuer: string, subject: string): Promise<number | undefined> {
    const [row] = await this.db
      .select({ userId: externalIdentities.userId })
      .from(externalIdentities)
      .where(and(eq(externalIdentities.issuer, issuer), eq(externalIdentities.subject, subject)))
      .limit(1);
    return row?.userId;
  }

  async insertIdentity(issuer: string, subject: string, userId: number): Promise<void> {
    await this.db.insert(externalIdentities).values({ issuer, subject, userId });
  }

  // ---- API keys ----

  async insertApiKey(key: Omit<typeof apiKeys.$inferInsert, 'id'>): Promise<number> {
    const [row] = await this.db.insert(apiKeys).values(key).$returningId();
    return row!.id;
  }

  async findApiKey(id: number): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
    return row;
  }

  async listApiKeys(tenantId: string): Promise<ApiKeyRow[]> {
    return this.db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(apiKeys.id);
  }

  /** A new secret for a live key of the tenant; false when there is none. */
  async replaceApiKeySecret(tenantId: string, id: number, secretHash: string): Promise<boolean> {
    const live = and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt));
    const [found] = await this.db.select({ id: apiKeys.id }).from(apiKeys).where(live).limit(1);
    if (!found) return false;
    await this.db.update(apiKeys).set({ secretHash }).where(live);
    return true;
  }

  async revokeApiKey(tenantId: string, id: number): Promise<boolean> {
    const [found] = await this.db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId)))
      .limit(1);
    if (!found) return false;
    await this.db.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
    return true;
  }

  async touchApiKey(id: number): Promise<void> {
    await this.db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, id));
  }

  // ---- refresh tokens ----

  async insertRefreshToken(token: { userId: number; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.db.insert(refreshTokens).values(token);
  }

  async findRefreshToken(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await this.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).limit(1);
    return row;
  }

  /** Marks a token used; false when it was already used (a second presenter of the same token). */
  async useRefreshToken(id: number): Promise<boolean> {
    const [result] = await this.db
      .update(refreshTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)));
    return result.affectedRows === 1;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db.update(refreshTokens).set({ revokedAt: new Date() }).where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }

  async revokeAllOfUser(userId: number): Promise<void> {
    await this.db.update(refreshTokens).set({ revokedAt: new Date() }).where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }
}
